"""Shared fixtures: the spaCy pipeline (once per session), a parser of short texts, ../shared."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.ingest.article import Article
from storyline.nlp import load_pipeline, parse

SHARED = pathlib.Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="session")
def parse_text(nlp: Language) -> Callable[..., tuple[Doc, Context]]:
    """Parse a short text we wrote; return its Doc and a Context (publication date optional)."""

    def _parse(text: str, published: date | None = None) -> tuple[Doc, Context]:
        article = Article(source="<test>", text=text, published=published)
        _, doc = next(parse(nlp, [article]))
        return doc, Context(text=text, published=published, masked=article.masked)

    return _parse


@pytest.fixture(scope="session")
def shared_dir() -> pathlib.Path:
    """../shared beside the repository: skipped when missing, a failure under CI."""
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing under CI")
        pytest.skip(f"{SHARED} is missing")
    return SHARED
