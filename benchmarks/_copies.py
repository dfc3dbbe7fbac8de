"""Syndicated copies made from the invented Keltvale corpus (issue 16), for the threshold bench.

Each fixture report is carried by other (invented) outlets the ways outlets carry a wire story:
word for word; under a headline of their own; trimmed of its last paragraph; with a line of
their own boilerplate; and all three at once. Every copy keeps its own url, outlet and a date
a day after the original. The copies are JSONL objects (headline apart from text), which
storyline reads like any outlet's feed. Nothing here is real: outlets and headlines are made up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from storyline.ingest.article import Article
from storyline.ingest.sources import read_inputs

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "story_corpus" / "reports"
KINDS = ("identical", "reheadlined", "trimmed", "boilerplate", "all")
OUTLETS = ("Tri-County Times", "Lowland Gazette", "Kelt Valley Echo", "Estuary Standard")
HEADLINES = (
    "Flood latest: the day after in the valley",
    "What we know so far about the Orrin dam",
    "Keltvale: the story as it happened",
    "Valley news in brief",
)
BOILERPLATE = (
    "© 2025 {outlet}. All rights reserved.",
    "This story was carried by {outlet} from a news agency.",
    "Reporting by staff; editing by the {outlet} desk.",
)


@dataclass(frozen=True, slots=True)
class Copy:
    """One made copy: how it was made, the report it copies, and its JSONL object."""

    kind: str
    original_source: str
    item: dict[str, str | None]

    @property
    def source_suffix(self) -> str:
        """Its url, which names it among the inputs storyline reads."""
        return str(self.item["url"])


def fixture_articles() -> list[Article]:
    """The 30 invented reports, read (not parsed), in the order storyline reads them."""
    return [a for a in read_inputs([CORPUS]) if isinstance(a, Article)]


def headline_and_body(article: Article) -> tuple[str | None, list[str]]:
    """The report's headline (when its text opens with one) and its body paragraphs."""
    head = article.layout.headline
    text = article.text
    headline = None
    if head is not None and head[0] == 0:
        headline, text = text[: head[1]], text[head[1] :]
    return headline, [p.strip() for p in text.split("\n\n") if p.strip()]


def make_copies(articles: list[Article]) -> list[Copy]:
    """Every kind of copy of every report, each from another outlet, in a stable order."""
    copies = []
    for i, article in enumerate(articles):
        headline, body = headline_and_body(article)
        for j, kind in enumerate(KINDS):
            outlet = OUTLETS[(i + j) % len(OUTLETS)]
            if outlet == article.outlet:  # never the outlet of the original
                outlet = OUTLETS[(i + j + 1) % len(OUTLETS)]
            new_head = headline
            paragraphs = list(body)
            if kind in ("reheadlined", "all"):
                new_head = HEADLINES[(i + j) % len(HEADLINES)]
            if kind in ("trimmed", "all") and len(paragraphs) > 1:
                paragraphs = paragraphs[:-1]
            if kind in ("boilerplate", "all"):
                paragraphs.append(BOILERPLATE[(i + j) % len(BOILERPLATE)].format(outlet=outlet))
            day = article.published + timedelta(days=1) if article.published else date(2025, 3, 4)
            slug = outlet.lower().replace(" ", "-")
            item: dict[str, str | None] = {
                "url": f"https://{slug}.example/{i}/{kind}",
                "outlet": outlet,
                "published": day.isoformat(),
                "headline": new_head,
                "text": "\n\n".join(paragraphs),
            }
            if kind == "identical":  # the very text (its headline its first line): one id
                item["text"] = article.text
            if kind == "identical" or new_head is None:
                del item["headline"]
            copies.append(Copy(kind, article.source, item))
    return copies


def write_jsonl(copies: list[Copy], path: Path) -> None:
    """Write the copies as one JSONL feed."""
    lines = (json.dumps(c.item, ensure_ascii=False) for c in copies)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
