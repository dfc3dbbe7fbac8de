"""The ingest layer: bytes in, Article out."""

from storyline.ingest.article import Article, CaptionSpan, Layout, article_id

__all__ = ["Article", "CaptionSpan", "Layout", "article_id"]
