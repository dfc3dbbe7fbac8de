"""PLOVER events with status, actor, target, place, date and attribution.

How it works, over the dependency parse of the body (captions, headline and kicker masked),
one module a step:

1. :mod:`~storyline.extract.events.coding` — the predicates and frames: which verbs are
   PLOVER events, and speech acts coded with their content as the mode.
2. :mod:`~storyline.extract.events.status` — asserted, future, hypothetical or negated;
   :mod:`~storyline.extract.events.detection` — whether the clause reports an act at all
   (no disasters, casualty reports without actor, or a speech's own promises).
3. :mod:`~storyline.extract.events.arguments` — the actor and target tokens, the span.
4. :mod:`~storyline.extract.events.environment` — the entities, quotes and dates layers:
   names, speaker as actor, date, place and attribution of each event.
5. :mod:`~storyline.extract.events.learned` — the trained classifier's say on each frame that
   passes the rules (``NONE``: no event; a confident other type), unless ``--events rules``;
   its input is :mod:`~storyline.extract.events.features`.

Shared dependency-parse helpers are in :mod:`~storyline.extract.events.parse`.

The type of a (sentence, source, target) triple without the rest of an article is
:func:`classify_event` (:mod:`~storyline.extract.events.learned`), what the PLV and PLOVER
GSR benchmarks measure, on the path ``storyline read`` runs or another one.
"""

from __future__ import annotations

import dataclasses
import logging

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.extract.events.coding import Frame, _absorbed, _frames, find_frame
from storyline.extract.events.environment import _Env
from storyline.extract.events.features import MODEL_DIR, event_features, frame_features
from storyline.extract.events.learned import EVENTS_KEY, classify_event, decide, event_model
from storyline.record.model import Event

__all__ = [
    "EVENTS_KEY",
    "MODEL_DIR",
    "Frame",
    "classify_event",
    "event_features",
    "event_model",
    "extract_events",
    "find_frame",
]

log = logging.getLogger(__name__)


def extract_events(doc: Doc, ctx: Context) -> list[Event]:
    """Return the PLOVER events of the body of one parsed report, sorted by start.

    Args:
        doc: the parse of ``ctx.text``.
        ctx: the text, the publication date, the masked ranges, and the results of the
            ``entities``, ``dates`` and ``quotes`` extractors (each optional).

    Returns:
        One :class:`~storyline.record.model.Event` per coded predicate outside the masked
        ranges, its span sliced from ``ctx.text``.
    """
    env = _Env(doc, ctx)
    frames = [f for f in _frames(doc) if not ctx.is_masked(f.pred.idx)]
    absorbed = {t.i for f in frames for t in _absorbed(f)}
    events = []
    model = event_model() if doc.user_data.get(EVENTS_KEY, "model") == "model" else None
    for frame in frames:
        if frame.pred.i in absorbed:
            continue
        reason = env.not_an_event(frame)
        if reason is not None:
            log.debug("no event: %r (%s)", frame.pred.text, reason)
            continue
        if model is not None:
            features = frame_features(frame, frames, in_quote_marks=env.in_quote_marks(frame))
            coding = decide(frame, model.predict_proba(*features), model)
            if coding is None:
                log.debug("no event: %r (the model)", frame.pred.text)
                continue
            frame = dataclasses.replace(frame, type=coding[0], mode=coding[1])
        events.append(env.event(frame))
    return sorted(events, key=lambda e: (e.start, e.end))
