"""Property tests: random bytes and text give an Article or a clean InputError, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest import Article
from storyline.ingest.sources import read_source

NAMES = st.sampled_from(["x.txt", "x.html", "x.json", "x.jsonl", "x", "-"])


def _check(name: str, data: bytes) -> None:
    for item in read_source(name, data):
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            assert item.text.strip()
            for start, end in item.masked:
                assert 0 <= start <= end <= len(item.text)
        else:
            assert "\n" not in str(item)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, data=st.binary(max_size=2000))
def test_fuzz_random_bytes(name: str, data: bytes) -> None:
    _check(name, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, text=st.text(max_size=2000))
def test_fuzz_random_text(name: str, text: str) -> None:
    _check(name, text.encode("utf-8", "surrogatepass"))


MARKUP = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "<p>",
            "</p>",
            "<figure>",
            "<figcaption>",
            "</figcaption>",
            "{",
            "}",
            '"text": ',
            '"html": ',
            "Reuters",
            "AP Photo/",
            "“",
            "”",
            "\n",
            "\n\n",
            "Getty Images",
            "The minister said on Monday that talks would resume.",
            "<script>",
            "&amp;",
            "\x00",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, text=MARKUP)
def test_fuzz_structured_fragments(name: str, text: str) -> None:
    _check(name, text.encode("utf-8"))
