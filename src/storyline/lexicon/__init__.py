"""Open-ended word lists as data: outlets, agencies, demonyms, metonyms, names, non-agents.

The non-agents are the causes that are no actor: disasters, epidemics and accidents.

Lists that can never be complete and grow with the world live here as tab-separated files, one
per list, each row with a ``source`` column that says where the entry comes from: the published
list it was read from (a URL), or ``general knowledge``. Ingest (photo credits) and extract
(speakers, venues, actors, pronouns) read the same files; the story's map reads
``place_aliases.tsv`` (other names of countries) and ``place_regions.tsv`` (regions that are
GeoNames divisions) through ``read_table`` (``storyline.story.places``). Closed grammatical
lists (pronouns, reporting verbs, title words) stay in Python beside the code that uses them.

File format: UTF-8, one header row naming the columns, then one row per entry, fields separated
by a tab, no quoting; lines starting with ``#`` are comments. Every field is required except
those a file declares optional. A file that is missing or malformed raises ``LexiconError``
naming the file and line. Each file is read once per process.

Example:
    >>> is_outlet("the Guardian"), is_outlet("White House")
    (True, False)
    >>> demonyms()["israeli"], metonyms()["kremlin"], first_names()["golda"]
    ('Israel', 'Russia', 'female')
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal, cast

from storyline.errors import StorylineError, one_line

__all__ = [
    "Agency",
    "AgencyKind",
    "Gender",
    "LexiconError",
    "Outlet",
    "OutletKind",
    "agencies",
    "demonyms",
    "first_names",
    "is_outlet",
    "metonyms",
    "non_agents",
    "outlet_key",
    "outlet_words",
    "outlets",
    "read_table",
    "word_set",
]

OutletKind = Literal["newspaper", "agency", "broadcaster", "magazine", "online"]
AgencyKind = Literal["wire", "photo"]
Gender = Literal["female", "male"]

_OUTLET_KINDS: frozenset[str] = frozenset(
    ("newspaper", "agency", "broadcaster", "magazine", "online")
)
_ALIAS_SEP = "|"


class LexiconError(StorylineError):
    """A lexicon file shipped with storyline is missing or malformed (a broken install)."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news organisation of ``outlets.tsv``."""

    name: str
    aliases: tuple[str, ...]
    kind: OutletKind
    country: str
    source: str


@dataclass(frozen=True, slots=True)
class Agency:
    """A name that signs photo credits, of ``agencies.tsv``; ``outlet`` is "" for none."""

    name: str
    kind: AgencyKind
    outlet: str
    source: str


def word_set(words: str) -> frozenset[str]:
    """Return the whitespace-separated words of ``words`` (keeps long word lists compact).

    Example:
        >>> sorted(word_set("he him  his"))
        ['he', 'him', 'his']
    """
    return frozenset(words.split())


def read_table(
    name: str,
    columns: tuple[str, ...],
    *,
    optional: frozenset[str] = frozenset(),
    choices: Mapping[str, frozenset[str]] | None = None,
) -> tuple[dict[str, str], ...]:
    """Read the lexicon file ``name`` into rows keyed by column, checked.

    The first column is the key: no two rows may have the same key, compared casefolded.

    Args:
        name: a file of this package, such as ``"outlets.tsv"``.
        columns: the header the file must have, in order.
        optional: columns that may be empty (all others must not).
        choices: for some columns, the values they may take.

    Raises:
        LexiconError: the file is missing, is not UTF-8, or a line is malformed; the message
            names the file and the line.
    """
    label = f"storyline/lexicon/{name}"
    header = " | ".join(columns)
    resource = resources.files(__name__).joinpath(name)
    if not resource.is_file():
        raise LexiconError(f"{label}: lexicon file is missing; reinstall storyline")
    try:
        text = resource.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{label}: not UTF-8 text ({exc.reason})") from exc
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    reader = csv.reader((line for _, line in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows: list[dict[str, str]] = []
    first_line: dict[str, int] = {}
    header_seen = False
    for (n, _), fields in zip(numbered, reader, strict=True):
        where = f"{label} line {n}"
        if not header_seen:
            if tuple(fields) != columns:
                got = one_line(" | ".join(fields))
                raise LexiconError(f"{where}: header is {got}, expected {header}")
            header_seen = True
            continue
        rows.append(_check_row(where, fields, columns, optional, choices or {}))
        key = rows[-1][columns[0]].casefold()
        if key in first_line:
            raise LexiconError(
                f"{where}: {columns[0]} {one_line(key)!r} is already on line {first_line[key]}"
            )
        first_line[key] = n
    if not header_seen:
        raise LexiconError(f"{label}: no header row; expected {header}")
    return tuple(rows)


def _check_row(
    where: str,
    fields: list[str],
    columns: tuple[str, ...],
    optional: frozenset[str],
    choices: Mapping[str, frozenset[str]],
) -> dict[str, str]:
    if len(fields) != len(columns):
        raise LexiconError(
            f"{where}: {len(fields)} fields, expected {len(columns)} (tab-separated)"
        )
    row = dict(zip(columns, (f.strip() for f in fields), strict=True))
    for column, value in row.items():
        if not value and column not in optional:
            raise LexiconError(f"{where}: empty {column}")
        allowed = choices.get(column)
        if allowed is not None and value not in allowed:
            expected = ", ".join(sorted(allowed))
            raise LexiconError(f"{where}: {column} {one_line(value)!r} is not one of {expected}")
    return row


# --- News outlets ---------------------------------------------------------------------------


@cache
def outlets() -> tuple[Outlet, ...]:
    """Return the news organisations of ``outlets.tsv``, in file order."""
    rows = read_table(
        "outlets.tsv",
        ("name", "aliases", "kind", "country", "source"),
        optional=frozenset({"aliases"}),
        choices={"kind": _OUTLET_KINDS},
    )
    return tuple(
        Outlet(
            name=r["name"],
            aliases=tuple(a.strip() for a in r["aliases"].split(_ALIAS_SEP) if a.strip()),
            kind=cast(OutletKind, r["kind"]),
            country=r["country"],
            source=r["source"],
        )
        for r in rows
    )


def outlet_key(name: str) -> str:
    """Return the form outlet names are compared in: casefolded, without "the" or "'s".

    Example:
        >>> outlet_key("  The  Guardian’s ")
        'guardian'
    """
    key = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    key = " ".join(key.split())
    if key.endswith("'s"):
        key = key[:-2].rstrip()
    if key.startswith("the "):
        key = key[4:]
    return key


@cache
def _outlet_keys() -> frozenset[str]:
    return frozenset(outlet_key(n) for o in outlets() for n in (o.name, *o.aliases))


def is_outlet(name: str) -> bool:
    """Whether ``name`` is a news outlet of the list, by its name or an alias.

    Case, a leading "the", a possessive "'s" and runs of spaces do not matter; the whole name
    must match ("Reuters" is one, "Reuters correspondent" is not).

    Example:
        >>> is_outlet("REUTERS"), is_outlet("Le Monde"), is_outlet("Hamas")
        (True, True, False)
    """
    return outlet_key(name) in _outlet_keys()


@cache
def outlet_words() -> frozenset[str]:
    """Return the outlet names and aliases that are one word, in outlet-key form ("haaretz")."""
    return frozenset(k for k in _outlet_keys() if " " not in k)


# --- Photo credits --------------------------------------------------------------------------


@cache
def agencies() -> tuple[Agency, ...]:
    """Return the names that sign photo credits, of ``agencies.tsv``, in file order."""
    rows = read_table(
        "agencies.tsv",
        ("name", "kind", "outlet", "source"),
        optional=frozenset({"outlet"}),
        choices={"kind": frozenset({"wire", "photo"})},
    )
    return tuple(
        Agency(r["name"], cast(AgencyKind, r["kind"]), r["outlet"], r["source"]) for r in rows
    )


# --- Countries ------------------------------------------------------------------------------


@cache
def demonyms() -> Mapping[str, str]:
    """Return nationality adjectives, lowercase, to the country they name."""
    rows = read_table("demonyms.tsv", ("demonym", "country", "source"))
    return MappingProxyType({r["demonym"].lower(): r["country"] for r in rows})


@cache
def metonyms() -> Mapping[str, str]:
    """Return seats, organs and capitals, lowercase, to the state they stand for (file order)."""
    rows = read_table(
        "metonyms.tsv",
        ("name", "state", "kind", "source"),
        choices={"kind": frozenset({"seat", "organ", "capital"})},
    )
    return MappingProxyType({r["name"].lower(): r["state"] for r in rows})


@cache
def non_agents() -> Mapping[str, str]:
    """Return nouns of disasters, epidemics and accidents, lowercase, to their EM-DAT kind."""
    rows = read_table(
        "non_agents.tsv",
        ("word", "kind", "source"),
        choices={"kind": frozenset({"natural", "biological", "technological"})},
    )
    return MappingProxyType({r["word"].lower(): r["kind"] for r in rows})


# --- People ---------------------------------------------------------------------------------


@cache
def first_names() -> Mapping[str, Gender]:
    """Return given names, casefolded, to the gender they state ("female" or "male")."""
    rows = read_table(
        "first_names.tsv",
        ("name", "gender", "source"),
        choices={"gender": frozenset({"female", "male"})},
    )
    return MappingProxyType({r["name"].casefold(): cast(Gender, r["gender"]) for r in rows})
