"""Files that break parsers: every one gives a report (row, field, reason), stores nothing, raises nothing."""

import json

import pytest

from zwk_network.exchange import readers
from zwk_network.exchange.fields import LONGEST_TEXT
from zwk_network.exchange.importer import import_file
from zwk_network.geo.geojson import MAX_JSON_DEPTH

from ..factories import make_kommune
from .helpers import point_feature, write_geojson
from .test_import import problems_of

HEADER = "name,lat,lon\n"


@pytest.fixture
def kommune(app):
    return make_kommune()


def write(tmp_path, name, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return str(path)


def test_a_field_over_the_csv_limit_is_reported_at_its_row(kommune, tmp_path):
    """The 60 MB field of the issue is in tests/test_cli.py; one megabyte shows the same here."""
    huge = '"' + "x\n" * 500_000 + '",53.8,12.1\n'
    path = write(tmp_path, "a.csv", HEADER + "Gut,53.8,12.1\n" + huge + "Danach,53.8,12.1\n")
    reason = (
        f"has a field longer than 131072 characters (the longest allowed has {LONGEST_TEXT}); "
        "the rest of the file was not read"
    )
    assert problems_of(path) == [(3, None, reason)]


def test_a_long_field_below_the_csv_limit_is_reported_by_its_column(kommune, tmp_path):
    path = write(tmp_path, "a.csv", "name,description,lat,lon\nGut," + "x" * 15_000 + ",53.8,12.1\n")
    assert problems_of(path) == [(2, "description", "is longer than 10000 characters (15000)")]


def test_a_huge_line_of_many_fields(kommune, tmp_path):
    path = write(tmp_path, "a.csv", HEADER + "x," * 3_000_000 + "\nGut,53.8,12.1\n")
    assert problems_of(path) == [(2, None, "has 3000001 fields, the header 3")]


def test_an_unterminated_quote_swallows_the_rest_and_is_reported(kommune, tmp_path):
    path = write(tmp_path, "a.csv", HEADER + 'Gut,53.8,12.1\n"Offen,53.8,12.1\nNoch einer,53.8,12.1\n')
    [(row, field, reason)] = problems_of(path)
    assert row == 3 and field is None and "fields" in reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEADER + "Chor\x00Ost,53.8,12.1\n", (2, "name", "contains control characters")),
        (HEADER + "Chor,53.8\x00,12.1\n", (2, "lat/lon", "must be decimal numbers")),
        (
            "na\x00me,lat,lon\nChor,53.8,12.1\n",
            (None, "header", "unknown column(s) in the CSV header: 'na\\x00me'"),
        ),
    ],
)
def test_nul_bytes(kommune, tmp_path, content, expected):
    assert problems_of(write(tmp_path, "a.csv", content)) == [expected]


def test_not_utf8_and_utf16(kommune, tmp_path):
    latin = write(tmp_path, "a.csv", (HEADER + "Bürgerbus,53.8,12.1\n").encode("latin-1"))
    [(row, _, reason)] = problems_of(latin)
    assert row is None and "not valid UTF-8 (line 2" in reason
    utf16 = write(
        tmp_path, "b.geojson", json.dumps({"type": "FeatureCollection", "features": []}).encode("utf-16")
    )
    [(row, _, reason)] = problems_of(utf16)
    assert row is None and "not valid UTF-8 (line 1" in reason


def test_a_csv_file_is_checked_for_utf8_in_blocks(kommune, tmp_path, monkeypatch):
    """Read in blocks of 5 bytes: characters split between blocks are fine, and a bad byte is
    reported at its line and byte as when the file was read whole."""
    monkeypatch.setattr(readers, "BLOCK", 5)
    good = HEADER + "Bürgerbus Süd,53.8,12.1\nÄrztehaus Öko,53.8,12.2\n"
    assert import_file(write(tmp_path, "a.csv", good), "initiatives").ok
    bad = (HEADER + "Chor,53.8,12.1\n").encode() + "Bürgerbus,53.8,12.1\n".encode("latin-1")
    [(row, _, reason)] = problems_of(write(tmp_path, "b.csv", bad))
    byte = len((HEADER + "Chor,53.8,12.1\nB").encode())
    assert row is None and f"not valid UTF-8 (line 3, byte {byte})" in reason
    cut = (HEADER + "Chor,53.8,12.1\n").encode() + "Bü".encode()[:-1]  # ends inside a character
    [(row, _, reason)] = problems_of(write(tmp_path, "c.csv", cut))
    assert row is None and "not valid UTF-8 (line 3" in reason


def test_a_bom_is_accepted(kommune, tmp_path):
    assert import_file(write(tmp_path, "a.csv", "\ufeff" + HEADER + "Chor,53.8,12.1\n"), "initiatives").ok
    document = json.dumps({"type": "FeatureCollection", "features": [point_feature("Chor 2")]})
    assert import_file(write(tmp_path, "a.geojson", "\ufeff" + document), "initiatives").ok


def test_json_nested_100_000_deep(kommune, tmp_path):
    path = write(tmp_path, "a.geojson", "[" * 100_000 + "]" * 100_000)
    assert problems_of(path) == [(None, None, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")]
    inside = '{"type": "FeatureCollection", "features": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    assert problems_of(write(tmp_path, "b.geojson", inside)) == [
        (None, None, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
    ]


def test_json_nested_too_deep_in_one_feature_is_reported_at_that_feature(kommune, tmp_path):
    deep = point_feature("Tief")
    deep["properties"]["source"] = json.loads("[" * 50 + "]" * 50)
    path = write_geojson(tmp_path / "a.geojson", [point_feature("Gut"), deep])
    assert problems_of(path) == [(2, None, f"is nested more than {MAX_JSON_DEPTH} levels deep")]


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"themes": [["bildung"]]}, (1, "themes", "must be a list or ;-separated theme slugs")),
        ({"publish": [{"a": 1}]}, (1, "publish", "must be a list or ;-separated contact part slugs")),
        (
            {"themes": ["x" * 1000]},
            (1, "themes", "unknown theme slug(s): " + repr("x" * 80) + "… (1000 characters)"),
        ),
        ({"\ud800": 1, "a\x00": 2}, (1, "'a\\x00'", "unknown property")),
        ({"name": "Chor\ud800"}, (1, "name", "contains characters that are not text (lone surrogates)")),
        ({"postcode": 10**300}, (1, "postcode", "is longer than 10 characters (301)")),
    ],
)
def test_odd_json_values(kommune, tmp_path, properties, expected):
    path = write_geojson(tmp_path / "a.geojson", [point_feature(**properties)])
    assert expected in problems_of(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"type": "FeatureCollection", "features": [' + "1" * 5000 + "]}",
            "a number in the JSON has more than 4300 digits",
        ),
        (
            '{"type": "FeatureCollection", "features": []}\x00',
            "malformed JSON at line 1, column 46: Extra data",
        ),
        ("", "malformed JSON at line 1, column 1: Expecting value"),
    ],
)
def test_broken_json(kommune, tmp_path, text, expected):
    [(row, _field, reason)] = problems_of(write(tmp_path, "a.geojson", text))
    assert row is None and reason == expected


@pytest.mark.parametrize("coordinates", [["NaN", "NaN"], [1e400, 53.8], [[[[12.1]]]], [12.1, 53.8, 1, 2, 3]])
def test_odd_coordinates(kommune, tmp_path, coordinates):
    feature = point_feature("Chor")
    feature["geometry"]["coordinates"] = coordinates
    text = json.dumps({"type": "FeatureCollection", "features": [feature]}).replace('"NaN"', "NaN")
    problems = problems_of(write(tmp_path, "a.geojson", text))
    assert [(row, field) for row, field, _ in problems] == [(1, "geometry")], problems
