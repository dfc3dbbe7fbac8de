"""The second layout pass: gallery captions, the dateline and crossheads, once captions are known.

``captions.detect_layout`` (plain text) and ``add_debris`` (text composed from HTML) end here:
with the headline, the captions and the debris lines of ``debris.classify_lines`` known, what
is left of the text is body, except for

- **gallery captions**: a gallery marker ("open image in gallery", "3 of 10", a lone "Photo" or
  "Video") is followed by a caption and its credit. After an unambiguous marker the next line
  is the caption; after a bare label, one or two lines (a title, then the caption) are taken
  only when a credit line closes the block ("Credit via Reuters", "Photo by ...");
- **the dateline** at the start of one of the first body paragraphs (``datelines.py``);
- **crossheads**: short lines with no final stop standing alone between body paragraphs
  ("WHAT COMES NEXT", "A long wait"). With blank lines between paragraphs a
  crosshead is a paragraph of its own; with single newlines, the line before it ends a sentence
  and the line after it opens one, so a hard-wrapped line is never taken for one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, replace

from storyline.ingest.article import CaptionSpan, DebrisSpan, Layout
from storyline.ingest.datelines import find_dateline
from storyline.ingest.debris import (
    MAX_GALLERY_CAPTION_WORDS,
    MIN_GALLERY_CAPTION_WORDS,
    PageLines,
    classify_lines,
    counter_end,
    is_credit_line,
)
from storyline.ingest.lines import (
    CLOSERS,
    SENTENCE_END,
    Line,
    ends_with_stop,
    is_body_paragraph,
    opens_like_heading,
    skip_space,
    split_lines,
)

__all__ = ["add_debris", "finish_layout"]

Range = tuple[int, int]

_MAX_TITLE_WORDS = 12  # a video title between a "Video" marker and its caption
_MAX_SUBHEAD_WORDS = 8  # crossheads: "WHAT COMES NEXT", "A long wait"
_MAX_SUBHEAD_CHARS = 70


@dataclass(slots=True)
class _Found:
    """What the second pass adds to the layout."""

    captions: list[CaptionSpan]
    debris: list[DebrisSpan]
    taken: set[int]  # line indices that are not body


def finish_layout(text: str, lines: list[Line], layout: Layout, page: PageLines) -> Layout:
    """Add to a layout its byline, page debris, gallery captions, dateline and crossheads.

    Args:
        text: the report exactly as read.
        lines: its lines (``split_lines``).
        layout: kicker, headline and captions already found.
        page: the debris lines ``classify_lines`` found.
    """
    found = _Found(list(layout.captions), [], set(page.claimed))
    found.taken |= _lines_in(lines, _layout_ranges(layout))
    for i in sorted(page.kinds):
        if page.kinds[i] in ("gallery", "media", "counter"):
            _gallery_block(text, lines, i, page.kinds[i], found)
    found.debris += _debris_spans(text, lines, page.kinds)
    found.taken |= _lines_in(lines, [(c.start, c.credit_end or c.end) for c in found.captions])
    dateline = find_dateline(text, lines, found.taken)
    if dateline is not None:  # a paragraph that opens with a dateline is body, not a crosshead
        found.taken |= _lines_in(lines, [(dateline.start, dateline.end)])
    _find_subheads(text, lines, found)
    return replace(
        layout,
        captions=tuple(sorted(found.captions, key=lambda c: c.start)),
        byline=page.byline,
        dateline=dateline,
        boilerplate=tuple(sorted(found.debris, key=lambda d: d.start)),
        published_at=page.published_at,
    )


def add_debris(text: str, layout: Layout) -> Layout:
    """Find page debris in a text composed elsewhere (HTML), whose layout is partly known.

    The lines the layout already covers (headline, captions) are left as they are.
    """
    lines = split_lines(text)
    if not lines:
        return layout
    known = _lines_in(lines, _layout_ranges(layout))
    page = classify_lines(text, lines, skip=known)
    return finish_layout(text, lines, layout, page)


def _layout_ranges(layout: Layout) -> list[Range]:
    ranges = [r for r in (layout.section, layout.headline) if r is not None]
    return ranges + [(c.start, c.credit_end or c.end) for c in layout.captions]


def _lines_in(lines: list[Line], ranges: Iterable[Range]) -> set[int]:
    """Indices of the lines that the ranges touch."""
    starts = [line.start for line in lines]
    out: set[int] = set()
    for start, end in ranges:
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        while i < len(lines) and lines[i].start <= max(start, end - 1):
            if lines[i].end > start or (start == end and lines[i].start == start):
                out.add(i)
            i += 1
    return out


def _debris_spans(text: str, lines: list[Line], kinds: dict[int, str]) -> list[DebrisSpan]:
    """One span per debris line; a run of publication lines is one span."""
    spans: list[DebrisSpan] = []
    for i in sorted(kinds):
        kind = kinds[i]
        if kind == "counter":
            spans.append(DebrisSpan(lines[i].start, counter_end(text, lines[i]), "gallery"))
            continue
        shown = {"media": "gallery"}.get(kind, kind)
        last = spans[-1] if spans else None
        if (
            last is not None
            and shown == "published"
            and last.kind == "published"
            and kinds.get(i - 1) == "published"
        ):
            spans[-1] = DebrisSpan(last.start, lines[i].end, "published")
        else:
            spans.append(DebrisSpan(lines[i].start, lines[i].end, shown))
    return spans


def _gallery_block(text: str, lines: list[Line], i: int, kind: str, found: _Found) -> None:
    """Take the caption (and its credit) that a gallery marker at line ``i`` introduces.

    A counter may carry its caption on its own line ("3 of 10. A rescuer ..."). After an
    unambiguous marker ("open image in gallery", "3 of 10") the next line is the caption; after
    a bare "Photo" or "Video" label, one or two lines (a title, then the caption) are taken
    only when a credit line closes the block.
    """
    line = lines[i]
    if kind == "counter" and counter_end(text, line) < line.end:
        start = skip_space(text, counter_end(text, line), line.end)
        found.captions.append(CaptionSpan(start, line.end))  # "3 of 10. A rescuer ..."
        return
    block = _following_texts(text, lines, i, found)
    if not block:
        return
    if kind in ("gallery", "counter"):
        caption = lines[block[0]]
        if _is_caption_size(caption):
            _add_caption(
                text, caption, _credit_line(text, lines, block[0] + 1, found), lines, found
            )
            found.taken.add(block[0])
        return
    credit = _credit_line(text, lines, block[-1] + 1, found)
    if credit is None:
        return  # a bare "Photo" label brings a caption only when a credit closes the block
    caption = lines[block[-1]]
    if not _is_caption_size(caption):
        return
    if len(block) == 2:
        title = lines[block[0]]
        if not _is_title(text, title):
            return
        found.debris.append(DebrisSpan(title.start, title.end, "gallery"))
    _add_caption(text, caption, credit, lines, found)
    found.taken.update(block)


def _following_texts(text: str, lines: list[Line], i: int, found: _Found) -> list[int]:
    """Up to two unclaimed lines after a marker, stopping at a credit line."""
    out: list[int] = []
    j = i + 1
    while j < len(lines) and j not in found.taken and len(out) < 2:
        if _credit_line(text, lines, j, found) is not None:
            break
        out.append(j)
        j += 1
    return out


def _credit_line(text: str, lines: list[Line], j: int, found: _Found) -> int | None:
    """Index of the credit line at ``j`` ("Credit via Reuters", "Photo by ..."), if any.

    A credit that captions.py already took as a caption of its own (a lone credit) counts; a
    line taken for anything else does not.
    """
    if j >= len(lines):
        return None
    line = lines[j]
    if _lone_credit_at(found.captions, line) is not None:
        return j
    return j if j not in found.taken and is_credit_line(text, line) else None


def _lone_credit_at(captions: list[CaptionSpan], line: Line) -> int | None:
    """Index in ``captions`` of a caption with no text whose credit is this line."""
    for k, c in enumerate(captions):
        if (
            c.start == c.end
            and c.credit_start is not None
            and line.start <= c.credit_start < line.end
        ):
            return k
    return None


def _add_caption(
    text: str, caption: Line, credit: int | None, lines: list[Line], found: _Found
) -> None:
    """Record a gallery caption; its credit line becomes its credit, more credit lines debris."""
    if credit is None:
        found.captions.append(CaptionSpan(caption.start, caption.end))
        return
    line = lines[credit]
    k = _lone_credit_at(found.captions, line)
    if k is not None:
        lone = found.captions.pop(k)
        found.captions.append(
            CaptionSpan(caption.start, caption.end, lone.credit, lone.credit_start, lone.credit_end)
        )
    else:
        found.captions.append(
            CaptionSpan(
                caption.start, caption.end, text[line.start : line.end], line.start, line.end
            )
        )
    found.taken.update({credit})
    j = credit + 1
    while (
        j < len(lines) and j not in found.taken and _credit_line(text, lines, j, found) is not None
    ):
        found.debris.append(DebrisSpan(lines[j].start, lines[j].end, "credit"))
        found.taken.add(j)
        j += 1


def _is_caption_size(line: Line) -> bool:
    """A few words at least ("(" is no caption), and no more than a caption runs to."""
    return MIN_GALLERY_CAPTION_WORDS <= line.n_words <= MAX_GALLERY_CAPTION_WORDS


def _is_title(text: str, line: Line) -> bool:
    """A video or gallery title: a few words, capitalised, no final stop."""
    seg = text[line.start : line.end]
    return (
        line.n_words <= _MAX_TITLE_WORDS
        and seg[:1].isupper()
        and seg.rstrip(CLOSERS)[-1:] not in SENTENCE_END + ",;:"
    )


def _find_subheads(text: str, lines: list[Line], found: _Found) -> None:
    """Crossheads: short lines with no final stop standing alone between body paragraphs."""
    taken = found.taken
    body = [i for i, line in enumerate(lines) if i not in taken and is_body_paragraph(text, line)]
    if not body:
        return
    has_blocks = lines[-1].block > 0
    for i in range(body[0] + 1, len(lines) - 1):
        if i in taken:
            continue
        line, prev, nxt = lines[i], lines[i - 1], lines[i + 1]
        seg = text[line.start : line.end]
        if line.n_words > _MAX_SUBHEAD_WORDS or len(seg) > _MAX_SUBHEAD_CHARS:
            continue
        if not opens_like_heading(seg) or ends_with_stop(seg):
            continue
        if has_blocks and (prev.block == line.block or nxt.block == line.block):
            continue  # part of a paragraph (hard-wrapped, or a caption with its credit)
        if not has_blocks and not (
            ends_with_stop(text[prev.start : prev.end])
            and opens_like_heading(text[nxt.start : nxt.end])
        ):
            continue  # single newlines: a wrapped line breaks mid-sentence, a crosshead does not
        found.debris.append(DebrisSpan(line.start, line.end, "subhead"))
        taken.add(i)
