"""The explorer over real reports in Chromium: the 840 PolNeAR train reports (../shared).

Ingested by ``storyline ingest`` as a user would, served, and clicked through: the overview,
the speakers ranking (no pronoun or relative word among the fifty most quoted), a surname two
people share ("Clinton": the candidates, then one of them), a name variant ("Donald J. Trump"
is Donald Trump's page), the map and a download. Every page is saved as a screenshot under
the test's temp folder. The reports' texts are read from ../shared and never copied here.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.model

# Words that are nobody's name: what the speakers page ranked on this corpus before issue 16.
NOT_NAMES = frozenset(
    {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it"}
    | {"its", "they", "them", "their", "who", "whom", "whose", "which", "that", "this"}
    | {"these", "those", "one", "someone", "somebody"}
)


def test_polnear_reports_in_the_browser(page: Any, polnear_server: str, tmp_path: Path) -> None:
    page.goto(polnear_server + "/")
    summary = page.get_by_test_id("summary").inner_text()
    reports = int(re.search(r"([\d,]+) reports", summary)[1].replace(",", ""))
    assert reports >= 830  # 840 texts; a few are the same text twice
    page.screenshot(path=tmp_path / "overview.png", full_page=True)

    page.goto(polnear_server + "/speakers")
    rows = page.get_by_test_id("named-speakers").locator("tbody tr")
    names = [rows.nth(i).locator("a.speaker-link").inner_text() for i in range(50)]
    assert not [n for n in names if n.casefold() in NOT_NAMES]
    assert {"Donald Trump", "Hillary Clinton", "Bernie Sanders"} <= set(names[:5])
    page.screenshot(path=tmp_path / "speakers.png", full_page=True)

    page.goto(polnear_server + "/entity?name=Clinton")
    candidates = page.get_by_test_id("entity-candidates").inner_text()
    assert "Hillary Clinton" in candidates
    assert "Bill Clinton" in candidates
    page.screenshot(path=tmp_path / "clinton.png", full_page=True)
    page.get_by_test_id("entity-candidates").get_by_role(
        "link", name="Hillary Clinton", exact=True
    ).click()
    page.wait_for_url("**/entity?key=**")
    assert page.get_by_test_id("entity-name").inner_text() == "Hillary Clinton"
    assert page.locator("li.statement").count() > 0
    page.screenshot(path=tmp_path / "hillary-clinton.png", full_page=True)

    page.goto(polnear_server + "/entity?name=" + quote("Donald J. Trump"))
    assert page.get_by_test_id("entity-name").inner_text() == "Donald Trump"
    page.screenshot(path=tmp_path / "donald-trump.png", full_page=True)

    page.goto(polnear_server + "/map")
    assert page.get_by_test_id("map-summary").inner_text()
    page.screenshot(path=tmp_path / "map.png", full_page=True)

    with urllib.request.urlopen(polnear_server + "/speakers.csv") as answer:
        table = list(csv.DictReader(io.StringIO(answer.read().decode("utf-8"))))
    assert len(table) >= 50
    assert table[0]["speaker"] == names[0]
    assert page.console_errors == []
    assert all((tmp_path / f"{n}.png").stat().st_size > 10_000 for n in ("overview", "speakers"))
