"""Shared fixtures: the spaCy pipeline (once per session), a parser of short texts, ../shared,
and a fresh store on SQLite and, when a server is given, PostgreSQL.

PostgreSQL comes from ``STORYLINE_TEST_PG_URL`` (``.ci/run`` starts one); each test gets its
own schema, dropped afterwards. Without the variable the PostgreSQL cases are skipped, except
under ``CI=true`` where a missing server is a failure.
"""

from __future__ import annotations

import os
import pathlib
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

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


PG_ENV = "STORYLINE_TEST_PG_URL"


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set under CI: .ci/run should start PostgreSQL")
        pytest.skip(f"PostgreSQL store tests need {PG_ENV}=postgresql://user:pw@127.0.0.1/db")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store location: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    base = pg_url_or_skip()
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_url = base.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = sa.create_engine(admin_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
