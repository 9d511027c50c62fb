"""Export writes the import format: export → import into an empty database → export is identical."""

import csv
import io
import json

import pytest
from sqlalchemy import delete, select

from zwk_network.conferences.models import Conference
from zwk_network.exchange.exporter import export_entries
from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.seed import load_seed

from ..conftest import empty_all_tables
from ..factories import make_kommune, make_listing


@pytest.mark.parametrize("kind", ["initiatives", "places", "needs"])
@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_round_trip_changes_nothing(app, tmp_path, kind, fmt):
    load_seed(echo=lambda *_: None)
    first, second = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
    written = export_entries(kind, fmt, str(first))
    assert written > 0
    empty_all_tables()
    load_seed(echo=lambda *_: None)  # Kommunen, regions and conferences are needed to import
    _remove_all_of(kind)
    report = import_file(str(first), kind)
    assert report.ok, report.problems[:5]
    assert export_entries(kind, fmt, str(second)) == written
    assert _without_ids(second.read_text(encoding="utf-8"), fmt) == _without_ids(
        first.read_text(encoding="utf-8"), fmt
    )


def _remove_all_of(kind):
    model = {"initiatives": Initiative, "places": MeetingPlace, "needs": Need}[kind]
    if model is MeetingPlace:
        db.session.execute(Conference.__table__.update().values(venue_id=None))
    db.session.execute(delete(model))
    db.session.commit()


def _without_ids(text: str, fmt: str) -> list[str]:
    """Ids are assigned by the database; everything else must be equal."""
    if fmt == "csv":
        return [line.split(",", 1)[1] for line in text.splitlines()]
    document = json.loads(text)
    for feature in document["features"]:
        feature.pop("id")
        feature["properties"].pop("id")
    return [json.dumps(f, sort_keys=True) for f in document["features"]]


NASTY = {
    "name": '=HYPERLINK("http://boese.example","Klick")',
    "summary": "@SUM(1+1)",
    "description": "- Punkt eins\n- Punkt zwei",
    "phone": "+49 38205 12345",
    "opening_times": "'=schon mit Apostroph",
    "rooms": "''=zwei Apostrophe",
    "accessibility_notes": "'s-Hertogenbosch-Rampe",
    "source": "-",
}


def test_csv_export_is_spreadsheet_safe_and_the_round_trip_stays_exact(app, tmp_path):
    make_kommune()
    make_listing(MeetingPlace, lon=12.1, lat=53.8, capacity=40, **NASTY)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export_entries("places", "csv", str(first))
    [header, row] = list(csv.reader(io.StringIO(first.read_text(encoding="utf-8"))))
    cells = dict(zip(header, row, strict=True))
    assert {name: cells[name] for name in NASTY} == {
        "name": "'" + NASTY["name"],
        "summary": "'@SUM(1+1)",
        "description": "'- Punkt eins\n'- Punkt zwei",
        "phone": "'+49 38205 12345",
        "opening_times": "''=schon mit Apostroph",
        "rooms": "'''=zwei Apostrophe",
        "accessibility_notes": "'s-Hertogenbosch-Rampe",
        "source": "'-",
    }
    assert (cells["lat"], cells["lon"], cells["capacity"]) == ("53.8", "12.1", "40")
    _remove_all_of("places")
    report = import_file(str(first), "places")
    assert report.ok, report.problems
    place = db.session.scalar(select(MeetingPlace))
    assert {name: getattr(place, name) for name in NASTY} == NASTY
    export_entries("places", "csv", str(second))
    assert _without_ids(second.read_text(encoding="utf-8"), "csv") == _without_ids(
        first.read_text(encoding="utf-8"), "csv"
    )


SEMICOLON_AND_HIDDEN = {
    "contact_person": "x;=cmd|' /C calc'!A0",
    "description": "Chor; Probe\n=HYPERLINK(1)",
    "street": "\u200b=1+1",
    "opening_times": "＝SUM(1)",
    "rooms": "\u2060@SUM(1)",
    "accessibility_notes": "'＋schon mit Apostroph",
}


#: As imported: invisible characters are removed from every text (values.text), so a formula hidden behind a
#: zero-width space or word joiner (older data, written before) comes back as an ordinary, neutralised one.
STORED = {
    name: value.replace("\u200b", "").replace("\u2060", "") for name, value in SEMICOLON_AND_HIDDEN.items()
}


def test_a_hidden_formula_start_is_neutralised_in_a_cell():
    from zwk_network.spreadsheet import spreadsheet_cell

    assert (
        spreadsheet_cell("\u200b=1+1") == "'\u200b=1+1"
        and spreadsheet_cell("\u2060@SUM(1)") == "'\u2060@SUM(1)"
    )


def test_csv_export_is_safe_where_a_spreadsheet_splits_at_semicolons(app, tmp_path):
    """German-locale spreadsheets split a .csv at `;`: every text cell is quoted, so none starts
    a formula there; hidden and full-width formula starts are neutralised; the round trip stays exact."""
    make_kommune()
    make_listing(MeetingPlace, lon=12.1, lat=53.8, capacity=40, **SEMICOLON_AND_HIDDEN)
    path = tmp_path / "municipalities.csv"
    export_entries("places", "csv", str(path))
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():  # after a split in a quoted cell, a line break ends the row
        for cell in next(csv.reader([line], delimiter=";")):
            visible = cell.lstrip(" \u200b\u00a0")
            assert not visible.startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠")), cell
    [header, row] = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=True))
    assert {name: cells[name] for name in SEMICOLON_AND_HIDDEN} == {
        "contact_person": "x;'=cmd|' /C calc'!A0",
        "description": "Chor; Probe\n'=HYPERLINK(1)",
        "street": "'\u200b=1+1",
        "opening_times": "'＝SUM(1)",
        "rooms": "'\u2060@SUM(1)",
        "accessibility_notes": "''＋schon mit Apostroph",
    }
    _remove_all_of("places")
    report = import_file(str(path), "places")
    assert report.ok, report.problems
    place = db.session.scalar(select(MeetingPlace))
    assert {name: getattr(place, name) for name in SEMICOLON_AND_HIDDEN} == STORED
