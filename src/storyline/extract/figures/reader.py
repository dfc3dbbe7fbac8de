"""Reading the parse for each figure: what is counted, what happened to it, when, says who.

The unit is the noun the number modifies, the object of "of" ("dozens of the 240 hostages"),
or, for a bare number ("the 105 who have been freed", "wounded two others"), the nearest thing
counted before it in the sentence. ``what`` comes from :mod:`.heads`. The date is the resolved
date mention attached to the figure's verb, else the date of the quote around it; the source
is the speaker of that quote.

Two more figure kinds: an indefinite singular patient of a casualty or detention verb ("an
insurgent was killed", "detained a Taliban leader", "one of his associates was captured")
is a count of one, as the PLOVER GSR coders and the ISAF annotators read it. It is limited
to the verbs of :data:`~storyline.extract.quantities.COUNT_EVENT_VERBS` and to nouns of
people, so "released a statement" is not a figure. And "no one" or "nobody" as the subject of
such a verb ("No one was hurt") is a count of zero people, which a toll that reports none needs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from storyline.extract import quantities as qx
from storyline.extract.context import Context
from storyline.extract.figures.filters import _PERSON_HEADS, _anchor
from storyline.extract.figures.heads import (
    _COMITATIVE,
    _NOUNS,
    _PATIENT_DEPS,
    _VERBS,
    _active_what,
    _clause_on,
    _climb,
    _count_event,
    _is_realis,
    _lemma,
    _participle,
    _verb_of,
    change_of,
)
from storyline.extract.figures.scan import _Quantity
from storyline.extract.quotemarks import find_quoted
from storyline.extract.spans import FirstHolder
from storyline.extract.time import iso_day
from storyline.record.model import DateMention, Figure, Quote

log = logging.getLogger(__name__)

MAX_ANTECEDENT_GAP = 30  # tokens back from a bare number to the noun it counts, same sentence

# Dependencies of a number that modifies the noun it counts.
_MODIFIER_DEPS = frozenset({"nummod", "quantmod", "amod", "compound", "nmod", "det"})
# Dependencies of a bare number standing for what it counts ("freed 105", "killing one").
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative", "oprd"}
)
_CLAUSE_DEPS = frozenset({"acl", "relcl"})
_SINGULAR_DETS = frozenset({"a", "an", "another"})  # "detained a leader and another militant"


def _dates_by_head(doc: Doc, dates: Sequence[DateMention]) -> dict[int, str]:
    """Map the token a date attaches to, and the verb of its clause, to its day.

    "240 hostages taken by Hamas during its assault on Oct. 7": the date hangs from
    "assault", and its clause is that of "taken", the figure's verb.
    """
    out: dict[int, str] = {}
    for d in dates:
        day = iso_day(d.value)
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if day is None or span is None:
            continue
        root = span.root
        attach = root.head.head if root.dep_ == "pobj" else root.head
        verb = attach if attach.pos_ in _VERBS else _verb_of(attach)
        out.setdefault(attach.i, day)
        if verb is not None:
            out.setdefault(verb.i, day)
    return out


# Casualty words that stand for the people they count ("three dead and dozens wounded"), with
# the state they give the figure; and the tolls that count people ("the death toll of 507").
_CASUALTY_WORDS = {
    "dead": "killed", "killed": "killed", "wounded": "wounded", "injured": "injured",
    "hurt": "injured", "missing": "missing",
}  # fmt: skip
_TOLLS = {"death": "killed", "casualty": "killed", "injury": "injured"}
_HEDGED = frozenset({"confirmed", "reported", "presumed", "feared", "believed"})
# Verbs whose object is the value of a toll: "the toll rose to 41", "the toll has passed 500".
_TOLL_VERBS = frozenset(
    {"be", "reach", "rise", "climb", "stand", "to", "pass", "exceed", "surpass", "top", "hit"}
)
# Verbs that say nothing of what happened to what is counted ("recorded" does, "had" does not),
# so a figure history is labelled "death", not "death had".
_EMPTY_VERBS = frozenset({"be", "have", "do", "get", "make", "include", "involve"})
# "No one was hurt", "nobody died": a count of zero people.
_NOBODY = frozenset({"nobody", "noone"})


def _of_noun(tok: Token) -> Token:
    """The noun after "the number of": what a count of numbers counts."""
    if tok.lemma_.lower() in ("number", "total", "tally", "count"):
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is not None:
            return pobj
    return tok


def _toll_state(toll: Token) -> str | None:
    kind = next((c.lemma_.lower() for c in toll.children if c.dep_ == "compound"), "death")
    return _TOLLS.get(kind)


def _casualty_word(doc: Doc, j: int) -> Token | None:
    """The casualty word right after a number: "90 dead", "120 confirmed dead", "90 / dead"."""
    while j < len(doc) and doc[j].is_space:  # a line break of wrapped copy
        j += 1
    if j < len(doc) and doc[j].lower_ in _HEDGED:
        j += 1
    if j < len(doc) and doc[j].lower_ in _CASUALTY_WORDS and doc[j].pos_ in ("ADJ", "VERB"):
        return doc[j]
    return None


def _casualty(doc: Doc, q: _Quantity, anchor: Token) -> str | None:
    """The state of people counted without a noun: "90 dead", "a death toll of 507"."""
    after = _casualty_word(doc, q.j)
    if after is not None:
        return _CASUALTY_WORDS[after.lower_]
    holder = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" else None
    if (
        holder is None
        and anchor.dep_ in ("attr", "dobj", "pobj")
        and anchor.head.lemma_ in _TOLL_VERBS
    ):
        holder = next((t for t in anchor.head.children if t.lemma_ == "toll"), None)
    if holder is not None and holder.lemma_.lower() == "toll":
        return _toll_state(holder)
    return None


class _Reader:
    """Reads unit, what, date, source and flags of the figures of one document."""

    def __init__(
        self, doc: Doc, ctx: Context, quotes: Sequence[Quote], date_of: dict[int, str]
    ) -> None:
        self.doc = doc
        self.ctx = ctx
        self.date_of = date_of
        self.quotes = [
            (c.start, c.end, _source_name(q), q.speaker_entity, q.date)
            for q in quotes
            for c in q.content
        ]
        self.quote_of = FirstHolder((s, e, n) for n, (s, e, _, _, _) in enumerate(self.quotes))
        # words between quote marks: a chant or a quote is not what a bare count refers back to
        self.quoted = FirstHolder((m.start, m.end, 0) for m in find_quoted(ctx.text, ctx.masked))

    def figure(self, q: _Quantity, counted: dict[int, list[Token]]) -> Figure | None:
        """Return the figure of one number expression, or None if it counts nothing."""
        doc = self.doc
        anchor = _anchor(doc, q)
        phrase, via_of = self._counted_noun(q, anchor)  # the noun written with the number
        sent_start = anchor.sent.start
        unit, unit_tok = q.unit, phrase
        casualty = _casualty(doc, q, anchor) if phrase is None and unit is None else None
        if casualty is not None:  # "more than 90 dead", "a death toll of 507": people
            unit = "person"
        change = change_of(anchor) if phrase is None and unit is None else None
        if change is not None:  # "attacks rose to 80": what changed is what is counted
            subject = next((c for c in change[0].children if c.dep_ == "nsubj"), None)
            subject = _of_noun(subject) if subject is not None else None
            if subject is not None and subject.lemma_.lower() == "toll":
                casualty = _toll_state(subject)
                unit = "person" if casualty is not None else None
            elif subject is not None and subject.pos_ in _NOUNS:
                unit_tok = subject
        if unit is None and (
            (phrase is None and unit_tok is None and self._stands_alone(anchor))
            or (phrase is not None and phrase.lemma_.lower() in qx.GENERIC_HEADS)
            or (phrase is not None and phrase.pos_ == "PRON")  # "at least 12 of them"
        ):
            pronoun = phrase is not None and phrase.pos_ == "PRON"
            unit_tok = self._antecedent(q, counted.get(sent_start, []), sent_start, pronoun)
            if unit_tok is None and phrase is None and _people_doing(anchor):
                unit = "person"  # "hundreds attended", "fewer than 3,000 have reached the camp"
        if unit is None:
            if unit_tok is None:
                log.debug("no unit: %r", doc[q.i : q.j].text)
                return None
            unit = _lemma(unit_tok)
            if unit in qx.TIME_UNITS:
                return None  # a duration or a frequency
            if unit in qx.MEASURE_UNITS:
                return None  # a distance, height or speed measures; it counts nothing
            if unit in qx.PERCENT_WORDS:
                unit = "percent"
            counted.setdefault(sent_start, []).append(unit_tok)
        holder = phrase if phrase is not None and not via_of else anchor
        what, verb = self._what(anchor, holder, via_of)
        if verb is not None and verb.lemma_.lower() in _EMPTY_VERBS:
            what = None  # "has had 1,281 fatalities": "had" says nothing of what happened
        if casualty is not None:
            what, verb = casualty, None
        start = doc[q.hedge_i].idx
        last = doc[max(q.j, q.post_j) - 1]
        end = last.idx + len(last)
        if phrase is not None and phrase.i >= q.j:
            end = max(end, phrase.idx + len(phrase))
        tail = _casualty_word(doc, q.j) if casualty is not None else None
        if tail is not None:  # "three dead", "120 confirmed dead"
            end = max(end, tail.idx + len(tail))
        return self._make(
            start, end, q=q, unit=unit, what=what, verb=verb, anchor=anchor, noun=holder
        )

    def zero_counts(self) -> list[Figure]:
        """Return counts of zero people: "No one was hurt", "nobody was killed"."""
        out: list[Figure] = []
        doc = self.doc
        for tok in doc:
            nobody = tok.lower_ in _NOBODY or (
                tok.lower_ == "one" and tok.i > 0 and doc[tok.i - 1].lower_ == "no"
            )
            if not nobody or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            event = _count_event(tok)
            if event is None and tok.head.lemma_.lower() in _CASUALTY_WORDS:
                event = (_CASUALTY_WORDS[tok.head.lemma_.lower()], tok.head)  # "no one was hurt"
            if event is None or (event[1] is not None and not _is_realis(event[1])):
                continue  # "no one would be hurt" reports no outcome
            first = doc[tok.i - 1] if tok.lower_ == "one" else tok
            zero = _Quantity(first.i, tok.i + 1, 0.0, hedge_i=first.i, post_j=tok.i + 1)
            what, verb = event
            end = (
                verb.idx + len(verb) if verb is not None and verb.i > tok.i else tok.idx + len(tok)
            )
            out.append(
                self._make(
                    first.idx,
                    end,
                    q=zero,
                    unit="person",
                    what=what,
                    verb=verb,
                    anchor=tok,
                    noun=None,
                )
            )
        return out

    def singular_patients(self) -> list[Figure]:
        """Return count-of-one figures: "an insurgent was killed", "detained another militant"."""
        out: list[Figure] = []
        for tok in self.doc:
            if tok.lower_ not in _SINGULAR_DETS or tok.dep_ != "det":
                continue
            noun = tok.head
            if noun.tag_ not in {"NN", "NNP"} or noun.i < tok.i:
                continue
            if noun.lemma_.lower() not in _PERSON_HEADS and noun.ent_type_ not in {"NORP"}:
                continue
            event = _count_event(noun)
            if event is None or (event[1] is not None and not _is_realis(event[1])):
                continue
            what, verb = event
            single = _Quantity(tok.i, tok.i + 1, 1.0, hedge_i=tok.i, post_j=tok.i + 1)
            out.append(
                self._make(
                    tok.idx,
                    noun.idx + len(noun),
                    q=single,
                    unit=_lemma(noun),
                    what=what,
                    verb=verb,
                    anchor=noun,
                    noun=noun,
                )
            )
        return out

    def _make(
        self,
        start: int,
        end: int,
        *,
        q: _Quantity,
        unit: str,
        what: str | None,
        verb: Token | None,
        anchor: Token,
        noun: Token | None,
    ) -> Figure:
        source, source_entity, quote_date = self._quote_at(anchor.idx)
        clause_verb = verb or _verb_of(anchor)
        date = None
        for tok in (clause_verb, noun):
            if tok is not None and date is None:
                date = self.date_of.get(tok.i)
        return Figure(
            start=start,
            end=end,
            text=self.ctx.text[start:end],
            value=q.value,
            low=q.low,
            high=q.high,
            approx=q.approx,
            unit=unit,
            what=what,
            ordinal=q.is_ordinal,
            cumulative=q.is_ordinal or self._is_cumulative(anchor, clause_verb),
            source=source,
            source_entity=source_entity,
            date=date or quote_date,
            in_caption=self.ctx.in_caption(start, end),
        )

    def _counted_noun(self, q: _Quantity, anchor: Token) -> tuple[Token | None, bool]:
        """Return the noun the number counts and whether it came through "of"."""
        head = anchor.head
        doc = anchor.doc
        # "a 15-member body", "a three-front war": the hyphened word is what is counted
        hyphened = q.j < len(doc) and doc[q.j].text in ("-", "–") and not doc[q.j - 1].whitespace_
        if anchor.dep_ in _MODIFIER_DEPS and head.pos_ in _NOUNS and head.i >= q.j:
            while (
                not hyphened
                and head.dep_ == "compound"
                and head.head.i > head.i
                and head.head.pos_ in _NOUNS
            ):
                head = head.head  # "a dozen aid workers" parsed as "a dozen aid"
            return head, False
        if q.j < len(doc) and doc[q.j].lower_ == "more":  # "scores more unidentified bodies"
            k = q.j + 1
            while k < len(doc) and (
                doc[k].is_space or (doc[k].dep_ in ("amod", "compound") and doc[k].pos_ != "NOUN")
            ):
                k += 1
            if k < len(doc) and doc[k].tag_ == "NNS":
                return doc[k], False
        for prep in anchor.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i >= q.j:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in _NOUNS | {"PRON"}:
                    return pobj, True
        return None, False

    @staticmethod
    def _stands_alone(anchor: Token) -> bool:
        """Return True if a number stands for what it counts ("freed 105", "killing one")."""
        if anchor.dep_ in _ARGUMENT_DEPS:
            return True
        return any(c.dep_ in _CLAUSE_DEPS for c in anchor.children)

    def _antecedent(
        self, q: _Quantity, counted: Sequence[Token], sent_start: int, pronoun: bool = False
    ) -> Token | None:
        """Return the thing counted just before a bare number in its sentence.

        The doer of the verb over the number is skipped ("forces rounded up scores of
        others"), unless a pronoun refers back to it ("teachers chanted as hundreds of them
        lined the entrances").
        """
        lo = max(sent_start, q.i - MAX_ANTECEDENT_GAP)
        governors = {t.i for t in self.doc[q.i].ancestors}
        best: Token | None = None
        for tok in self.doc[lo : q.i]:
            if self.quoted.at(tok.idx) is not None:
                continue  # "chanted 'Put kids first' as hundreds of them …" counts the chanters
            lemma = tok.lemma_.lower()
            plural = tok.tag_ == "NNS" and tok.pos_ == "NOUN"
            if not (plural or tok in counted) or lemma in qx.TIME_UNITS | qx.GENERIC_HEADS:
                continue
            if not pronoun and tok.dep_ in {"nsubj", "agent"} and tok.head.i in governors:
                continue  # the doer is not what is done to: "forces rounded up scores of others"
            best = tok
        return best

    def _what(self, anchor: Token, holder: Token, via_of: bool) -> tuple[str | None, Token | None]:
        """Return the state or event counted and the verb it comes from.

        The predicate of the counted phrase comes first ("More than 100 hostages taken … were
        released" counts releases), then a clause on it ("the 105 who have been freed"), then
        the event noun it is "of" ("the release of dozens").
        """
        start = anchor if via_of else holder
        tok = _climb(start)
        if tok != _climb(start, partitive=False):
            # The number counts a whole that a part is taken from ("freed dozens of the 150
            # prisoners held by …"): the verb over the part is not the whole's; only a clause
            # on the whole describes it.
            return _clause_on(holder, anchor)
        head = tok.head
        if tok.dep_ in _PATIENT_DEPS and head.pos_ in _VERBS:
            return _participle(head), head
        if tok.lower_ in _COMITATIVE and head.pos_ in _VERBS:
            return _participle(head), head  # "detained a leader along with two insurgents"
        if tok.dep_ in {"nsubj", "csubj"} and head.pos_ in _VERBS:
            return _active_what(head), head
        clause = _clause_on(holder, anchor)
        if clause[1] is not None:
            return clause
        if tok.dep_ == "pobj":
            prep = head
            nominal = prep.head.lemma_.lower()
            if prep.lower_ == "of" and nominal in qx.EVENT_NOMINALS:
                return qx.EVENT_NOMINALS[nominal], _verb_of(prep)
            if prep.dep_ == "agent" and prep.head.pos_ in _VERBS:
                return prep.head.lemma_.lower(), prep.head
        return None, None

    def _is_cumulative(self, anchor: Token, verb: Token | None) -> bool:
        """Return True if the clause says the count is a running total ("so far", "since")."""
        toks = list(anchor.ancestors)
        if verb is not None:
            toks += [t for t in verb.subtree if t == verb or _verb_of(t) == verb]
        doc = self.doc
        for t in toks:
            if t.lower_ in qx.CUMULATIVE_WORDS:
                return True
            if t.i + 1 < len(doc) and (t.lower_, doc[t.i + 1].lower_) in qx.CUMULATIVE_PHRASES:
                return True
        return False

    def _quote_at(self, offset: int) -> tuple[str | None, str | None, str | None]:
        """Return the speaker, its entity id and the date of the quote holding ``offset``."""
        n = self.quote_of.at(offset)
        if n is None:
            return None, None, None
        _, _, speaker, entity, date = self.quotes[n]
        return speaker, entity, date


def _people_doing(anchor: Token) -> bool:
    """Return True if a bare count is the subject of what only people do ("hundreds attended")."""
    head = anchor.head
    return (
        anchor.dep_ == "nsubj"
        and head.pos_ == "VERB"
        and head.lemma_.lower() in qx.PEOPLE_SUBJECT_VERBS
    )


def _source_name(quote: Quote) -> str | None:
    """Return who reports a figure in ``quote``: the speaker's name, else its words.

    An unresolved pronoun ("he", "it") names no one, so it is no source.
    """
    if quote.speaker_name:
        return quote.speaker_name
    if quote.speaker is None or quote.speaker_type == "unknown":
        return None
    return quote.speaker.text
