"""The article environment: the entities, quotes and dates layers indexed for events.

``_Env`` holds the earlier extractors' results by character offset and builds one event
record per frame over them. The argument tokens resolve through the entities layer
(pronouns included, with a subject-first fallback for "it"/"they"), conjuncts joined with
"; ". An event the speaker performs by saying it ("Hamas was to blame", "talks would not
resume") takes the quote's speaker as actor, or the body the speaker speaks for ("spokesman
for the White House" → United States). Date from the dates layer attached to the
predicate's clause, place from a GPE/LOC object of ``in/on/at/throughout``, attribution
from the quote whose content holds the predicate.

Everything the events extractor asks of the rest of the article is here, in one class.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from storyline.extract.context import Context
from storyline.extract.entities import EntityIndex, state_of_nationality
from storyline.extract.events.arguments import (
    _actor_token,
    _conjuncts,
    _phrase,
    _span_tokens,
    _speaker_acts,
    _target_token,
)
from storyline.extract.events.coding import Frame, _code_noun, _is_blame
from storyline.extract.events.detection import not_an_event
from storyline.extract.events.parse import _clause_head, _lemma, _np_head, _token_at
from storyline.extract.events.status import _status, _status_chain
from storyline.extract.plover import PROTESTERS, STATE_METONYMS
from storyline.extract.quotemarks import find_quoted
from storyline.extract.spans import FirstHolder, trim
from storyline.extract.time import iso_day
from storyline.record.model import DateMention, Entity, Event, Quote

# Package-internal: the names below are imported by the sibling modules of
# storyline.extract.events, which re-exports the public API.
__all__: list[str] = []

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PLACE_PREPS = frozenset({"in", "on", "at", "throughout", "across", "into", "inside", "near"})
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# Speaker types an "it"/"they" in their own words refers back to.
_BODY_SPEAKERS = frozenset({"organization", "group"})
_NEUTER_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Window (characters) in which an unresolved "it"/"they" looks back for its antecedent.
PRONOUN_LOOKBACK_CHARS = 400
# Characters trimmed off an event span's edges: whitespace, clause punctuation, quote marks.
_SPAN_EDGE_CHARS = " \t\r\n,;:—–-\"'“”‘’"


def _are_protesters(tok: Token | None, name: str | None) -> bool:
    """Return True if the actor is people protesting ("demonstrators", "the protesters")."""
    words = [_lemma(tok)] if tok is not None and tok.pos_ == "NOUN" else []
    if name:
        last = name.split()[-1].lower()
        words += [last, last[:-1] if last.endswith("s") else last]
    return any(w in PROTESTERS for w in words)


class _Env:
    """Earlier results indexed by character offset, and the event builder over them."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc = doc
        self.ctx = ctx
        entities: list[Entity] = list(ctx.results.get("entities") or [])
        self.by_name = {e.name: e for e in entities}
        self.quotes: list[Quote] = list(ctx.results.get("quotes") or [])
        self.content_of = FirstHolder(
            (c.start, c.end, n) for n, q in enumerate(self.quotes) for c in q.content
        )
        self.speaker_of = FirstHolder(
            (q.speaker.start, q.speaker.end, n)
            for n, q in enumerate(self.quotes)
            if q.speaker is not None
        )
        # an event's date is a day (CONTRACT.md): a month or a week is not one
        self.dates: list[DateMention] = [
            d for d in ctx.results.get("dates") or [] if iso_day(d.value) is not None
        ]
        self.date_starts = [d.start for d in self.dates]  # extract_dates sorts them
        self.by_id = {e.id: e for e in entities if e.mentions}
        self.index = EntityIndex(entities)
        self.ids: dict[str, str] = {}  # display name -> entity id, as names() resolves them
        # words between quotation marks: a speech's own words, for detection
        self.quoted = FirstHolder((m.start, m.end, 0) for m in find_quoted(ctx.text, ctx.masked))

    # -- detection and building one event

    def not_an_event(self, frame: Frame) -> str | None:
        """Return why a coded predicate reports no event (:mod:`.detection`), or None."""
        pred = frame.pred
        chain = _status_chain(pred)
        actor_tok = _actor_token(frame, chain[-1] if chain else pred)
        return not_an_event(frame, actor_tok, _status(frame, chain), self.in_quote_marks(frame))

    def in_quote_marks(self, frame: Frame) -> bool:
        """Whether the predicate stands between quotation marks (a speech's own words)."""
        return self.quoted.at(frame.pred.idx) is not None

    def event(self, frame: Frame) -> Event:
        """Build the record of one frame: span, arguments, date, place, status, attribution."""
        pred = frame.pred
        chain = _status_chain(pred)
        top = chain[-1] if chain else pred
        quote = self.quote_at(pred.idx)
        actor_tok = _actor_token(frame, top)
        actor = self.names(actor_tok, quote) if actor_tok is not None else None
        said_date = None
        if actor is None and quote is not None and _speaker_acts(frame, actor_tok):
            actor = self.speaker_body(quote)
            said_date = quote.date  # the accusation or refusal is made by saying it
        target_tok = _target_token(frame)
        target = self.names(target_tok, quote) if target_tok is not None else None
        span_top = pred.head if _is_blame(pred) else top
        start, end = self.span(frame, span_top, actor_tok)
        status = _status(frame, chain)
        etype, mode = frame.type, frame.mode
        if etype == "RETREAT" and status == "future":
            etype, mode = "CONCEDE", None  # a promised release or withdrawal (mapping doc sec. 2)
        if etype in ("ASSAULT", "COERCE") and _are_protesters(actor_tok, actor):
            etype, mode = "PROTEST", "riot" if etype == "ASSAULT" else "demo"
        text = self.ctx.text
        return Event(
            start=start,
            end=end,
            text=text[start:end],
            type=etype,
            mode=mode,
            actor=actor,
            actor_entity=self.entity_id(actor),
            target=target if target != actor else None,
            target_entity=self.entity_id(target) if target != actor else None,
            place=self.place(frame, target_tok),
            date=self.date(pred, chain) or said_date,
            status=status,
            attribution=quote.speaker_name if quote is not None else None,
        )

    def span(self, frame: Frame, top: Token, actor_tok: Token | None) -> tuple[int, int]:
        """Characters of the predicate with its core arguments (not nested clauses)."""
        toks = [top, *_span_tokens(top)]
        if frame.pred.dep_ == "acl" and frame.pred.head.i < frame.pred.i:
            head = frame.pred.head
            toks += [head, *(t for c in head.lefts for t in c.subtree)]
        if (
            actor_tok is not None
            and actor_tok.head.i in {t.i for t in toks}
            and (actor_tok.i < top.i)
        ):
            toks += list(actor_tok.subtree)
        for subj in (c for c in top.children if c.dep_ in _SUBJECTS and c.i < top.i):
            toks += list(subj.subtree)  # "Hamas was to blame", "he ... are scheduled to meet"
        sent = top.sent
        toks = [t for t in toks if sent.start <= t.i < sent.end]
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t.text) for t in toks)
        start, end = trim(self.ctx.text, start, end, _SPAN_EDGE_CHARS)
        return start, end

    def date(self, pred: Token, chain: Sequence[Token]) -> str | None:
        """The resolved date attached to the predicate's clause (or the clause it explains)."""
        clause = {pred.i, *(t.i for t in chain)}
        sent = pred.sent  # a date's clause head is in its own sentence: only these can match
        for d in self.dates_in(sent.start_char, sent.end_char):
            tok = _token_at(self.doc, d.start)
            if tok is None or self.ctx.is_masked(d.start):
                continue
            head = _clause_head(tok)
            if head is not None and head.i in clause:
                return iso_day(d.value)
        top = chain[-1] if chain else pred
        if top.dep_ in ("advcl", "relcl") and any(c.lower_ in ("when", "as") for c in top.children):
            pos = top.head.idx
            for d in self.dates_in(top.head.sent.start_char, pos + 1):
                if d.start <= pos < d.end:
                    return iso_day(d.value)
            return self.date(top.head, _status_chain(top.head)) if top.head.pos_ == "VERB" else None
        return None

    def dates_in(self, lo: int, hi: int) -> list[DateMention]:
        """The dates that start in ``lo:hi``, in text order."""
        return self.dates[
            bisect.bisect_left(self.date_starts, lo) : bisect.bisect_left(self.date_starts, hi)
        ]

    def place(self, frame: Frame, target_tok: Token | None) -> str | None:
        """A place object of the predicate (or of its event noun), else a place target."""
        for tok in (frame.pred, frame.noun):
            if tok is None:
                continue
            for prep in (c for c in tok.children if c.dep_ == "prep"):
                if prep.lower_ not in _PLACE_PREPS:
                    continue
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    ent = self.entity_at(obj)
                    if ent is not None and ent.type in _PLACE_TYPES:
                        return ent.name
        if target_tok is not None and frame.type in ("ASSAULT", "COERCE"):
            ent = self.entity_at(target_tok)
            if ent is not None and ent.type in _PLACE_TYPES:
                return ent.name
        return None

    # -- names

    def names(self, tok: Token, quote: Quote | None) -> str | None:
        """Return the canonical names of a noun phrase and its conjuncts, joined with "; ".

        Co-subjects count as conjuncts; a name inside another's title ("Knesset" in "Knesset
        member Benny Gantz") is dropped.
        """
        heads = _conjuncts(tok)
        if tok.dep_ in _SUBJECTS:
            heads += [c for s in tok.head.children if s.dep_ == tok.dep_ and s.i != tok.i
                      for c in _conjuncts(s)]  # fmt: skip
        found: list[tuple[str, Token]] = []
        for head in sorted(heads, key=lambda t: t.i):
            name = self.name(head, quote)
            if name is not None and name not in [n for n, _ in found]:
                found.append((name, head))
        names = [
            n for n, head in found
            if not any(e.name != n and e.name in {x for x, _ in found} and m.kind == "title"
                       for m, e in self.index.covering(head.idx))
        ]  # fmt: skip
        return "; ".join(names) if names else None

    def entity_id(self, names: str | None) -> str | None:
        """Return the entity id behind a resolved argument: one entity, not a "; " list."""
        if names is None or "; " in names:
            return None
        return self.ids.get(names)

    def name(self, tok: Token, quote: Quote | None) -> str | None:
        lower = tok.lower_
        if lower in _RELATIVE_PRONOUNS and tok.head.dep_ in ("relcl", "acl"):
            tok = tok.head.head
            lower = tok.lower_
        if lower in _FIRST_PERSON and tok.pos_ == "PRON" and quote is not None:
            return self._note(quote.speaker_name, quote.speaker_entity)
        ent = self.entity_at(tok)
        if ent is None and tok.pos_ == "NOUN":
            ent = self._named_in_apposition(tok)  # "the militant group Abu Sayyaf"
        if ent is None and lower in _NEUTER_PRONOUNS:
            if quote is not None and quote.speaker_name and quote.speaker_type in _BODY_SPEAKERS:
                # "the government announced it would release"
                return self._note(quote.speaker_name, quote.speaker_entity)
            ent = self.antecedent(tok)
        spoken = self.speaker_quote(tok) if ent is None else None
        if (
            spoken is not None
            and spoken.speaker is not None
            and spoken.speaker_name
            and not spoken.speaker.text.startswith(spoken.speaker_name)
        ):
            # "They demanded": the group the quotes layer resolved (not its own words, cut
            # before a clause: "the source, who spoke on condition of anonymity")
            return self._note(spoken.speaker_name, spoken.speaker_entity)
        if ent is not None and not (ent.type == "NORP" and state_of_nationality(ent.name)):
            return self._note(ent.name, ent.id)
        country = state_of_nationality(lower) if tok.pos_ in ("ADJ", "PROPN") else None
        if country is not None:  # "Israeli strikes": the state whose forces struck
            known = self.by_name.get(country)
            return self._note(country, known.id if known is not None else None)
        if tok.pos_ == "PRON" or _code_noun(tok) is not None or tok.like_num:
            return None
        return _phrase(tok)

    def _named_in_apposition(self, tok: Token) -> Entity | None:
        """The named entity a common noun is in apposition with: "the group, Abu Sayyaf"."""
        for child in tok.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                ent = self.entity_at(child)
                if ent is not None and ent.kind == "named":
                    return ent
        return None

    def _note(self, name: str | None, entity_id: str | None) -> str | None:
        """Remember which entity a printed name stands for (see ``entity_id``)."""
        if name is not None and entity_id is not None and entity_id in self.by_id:
            self.ids.setdefault(name, entity_id)
        return name

    def entity_at(self, tok: Token) -> Entity | None:
        """The entity with the tightest mention covering the token (the entity index's answer)."""
        return self.index.at_token(tok)

    def antecedent(self, tok: Token) -> Entity | None:
        """Return a fallback antecedent for an unresolved "it"/"they".

        A preceding organisation or place: subjects of the same sentence first (salience),
        then the nearest before it.
        """
        before = [
            (m, e) for m, e in self.index.starting_in(tok.idx - PRONOUN_LOOKBACK_CHARS, tok.idx)
            if e.type in ("ORG", "GPE", "NORP")
            and e.kind == "named" and not self.ctx.is_masked(m.start)
        ]  # fmt: skip
        if not before:
            return None
        sent = tok.sent
        subjects = [
            (m, e) for m, e in before
            if m.start >= sent.start_char
            and (t := _token_at(self.doc, m.start)) is not None
            and _np_head(t).dep_ in _SUBJECTS and _np_head(t).head.i != tok.head.i
        ]  # fmt: skip
        return (subjects or before)[-1][1]

    # -- quotes

    def quote_at(self, pos: int) -> Quote | None:
        """The first quote whose content holds ``pos``."""
        n = self.content_of.at(pos)
        return None if n is None else self.quotes[n]

    def speaker_quote(self, tok: Token) -> Quote | None:
        """The first quote whose speaker span holds the token."""
        n = self.speaker_of.at(tok.idx)
        return None if n is None else self.quotes[n]

    def speaker_body(self, quote: Quote) -> str | None:
        """Return who acts when the speaker's words are the act.

        The body a spokesperson speaks for ("spokesman for the White House" → United
        States), as the entity index answers it, else the speaker.
        """
        ent = self.by_id.get(quote.speaker_entity or "")
        if ent is None:
            ent = self.by_name.get(quote.speaker_name or "")
        body = self.index.speaks_for(ent.id) if ent is not None and ent.type == "PERSON" else None
        if body is not None:
            lowered = body.name.lower()
            for key, state in STATE_METONYMS.items():
                if key in lowered:
                    return state  # no entity of the record is the state itself
            return self._note(body.name, body.id)
        return self._note(quote.speaker_name, quote.speaker_entity)
