"""Spans of the kicker, headline and captions with credits spliced into plain text."""

from __future__ import annotations

from storyline.ingest.article import Layout

__all__ = ["detect_layout"]


def detect_layout(text: str) -> Layout:
    """Find the section kicker, the headline and the photo captions in scraped plain text."""
    return Layout()
