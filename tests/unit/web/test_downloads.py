"""CSV and JSON downloads: cells that would start a formula, file names, the JSON body."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from starlette.exceptions import HTTPException
from starlette.testclient import TestClient

from storyline.web.downloads import csv_cell, download, file_name
from storyline.web.tables import Table


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example", "click")',
        "+1+2",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "＝1+1",
    ],
)
def test_downloads_formula_text_gets_an_apostrophe(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("a quote", "a quote"),
        ("a = b", "a = b"),  # only the first character starts a formula
        (-3, -3),
        (-2.5, -2.5),
        (9.0, 9),
        (True, "true"),
        (None, ""),
        (["Radio Kelt", "=cmd"], "Radio Kelt; =cmd"),
        (["=cmd", "Radio Kelt"], "'=cmd; Radio Kelt"),
    ],
)
def test_downloads_other_cells_are_kept(value, cell) -> None:
    assert csv_cell(value) == cell


@pytest.mark.parametrize(
    "name",
    ['<script>"x"</script>', 'a"; filename="evil.exe', "Ørsted\r\nSet-Cookie: x=1", "../../etc"],
)
def test_downloads_file_name_is_a_slug(name: str) -> None:
    table = Table("statements", ("speaker",), [], {"name": name})
    made = file_name(table, "csv")
    assert made.startswith("storyline-statements")
    assert made.endswith(".csv")
    stem = made.removeprefix("storyline-").removesuffix(".csv")
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in stem), made


def _body(table: Table, fmt: str) -> tuple[dict[str, str], str]:
    from starlette.applications import Starlette
    from starlette.routing import Route

    app = Starlette(routes=[Route("/t", lambda request: download(table, fmt))])
    with TestClient(app) as client:
        answer = client.get("/t")
    return dict(answer.headers), answer.text


def test_downloads_csv_and_json_hold_the_same_rows() -> None:
    rows = [
        {"speaker": "=HYPERLINK(1)", "n": -3, "outlets": ["A", "B"], "value": math.inf},
        {"speaker": 'say "hi", then\nleave', "n": 2, "outlets": [], "value": None},
    ] * 700  # more than one streamed chunk
    table = Table("speakers", ("speaker", "n", "outlets", "value"), rows, {"q": "x"})
    headers, text = _body(table, "csv")
    assert headers["content-type"] == "text/csv; charset=utf-8"
    assert headers["content-disposition"] == 'attachment; filename="storyline-speakers-x.csv"'
    read = list(csv.DictReader(io.StringIO(text)))
    assert len(read) == len(rows)
    assert read[0] == {"speaker": "'=HYPERLINK(1)", "n": "-3", "outlets": "A; B", "value": "inf"}
    assert read[1]["speaker"] == 'say "hi", then\nleave'
    headers, text = _body(table, "json")
    assert headers["content-type"] == "application/json"
    body = json.loads(text)
    assert body["table"] == "speakers"
    assert body["filters"] == {"q": "x"}
    assert body["columns"] == ["speaker", "n", "outlets", "value"]
    assert len(body["rows"]) == len(rows)
    assert body["rows"][0] == {
        "speaker": "=HYPERLINK(1)",
        "n": -3,
        "outlets": ["A", "B"],
        "value": None,
    }


def test_downloads_empty_table_is_its_header() -> None:
    _, text = _body(Table("events", ("date", "type"), []), "csv")
    assert text == "date,type\r\n"
    _, text = _body(Table("events", ("date", "type"), []), "json")
    assert json.loads(text)["rows"] == []


def test_downloads_unknown_format_is_404() -> None:
    with pytest.raises(HTTPException) as caught:
        download(Table("events", ("date",), []), "xlsx")
    assert caught.value.status_code == 404
