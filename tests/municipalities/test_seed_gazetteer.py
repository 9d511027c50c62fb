"""The seed's gazetteer file: every row honest about its point, no duplicates, villages near their Gemeinde."""

import csv
import math
from pathlib import Path

import pytest

from zwk_network.municipalities.gazetteer import place_key

SEED = Path(__file__).resolve().parents[2] / "zwk_network" / "seed_data"
#: Landkreis Rostock, roughly (south, west, north, east), as seed_data/tools/add_ortsteile.py checks.
BOUNDS = (53.55, 11.45, 54.30, 12.90)


def _rows() -> list[dict]:
    with (SEED / "gazetteer.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (float(a["lat"]), float(a["lon"]), float(b["lat"]), float(b["lon"]))
    )
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def test_no_place_twice_in_its_gemeinde():
    keys = [(place_key(r["name"]), r["gemeinde"], r["kommune"]) for r in _rows()]
    assert len(keys) == len(set(keys))


def test_every_row_names_its_source_and_every_ortsteil_its_gemeinde():
    rows = _rows()
    gemeinden = {(r["name"], r["kommune"]) for r in rows if r["kind"] in ("Stadt", "Gemeinde")}
    assert all(r["source"].strip() for r in rows)
    villages = [r for r in rows if r["kind"] == "Ortsteil" and r["gemeinde"]]
    assert all((r["gemeinde"], r["kommune"]) in gemeinden for r in villages)


def test_listed_ortsteile_lie_near_their_gemeinde_and_say_how_their_point_was_found():
    rows = _rows()
    gemeinden = {
        r["name"]: r for r in rows if r["kommune"] == "landkreis-rostock" and r["kind"] != "Ortsteil"
    }
    listed = [r for r in rows if r["kommune"] == "landkreis-rostock" and "Ortsteil list:" in r["source"]]
    assert len(listed) >= 240
    south, west, north, east = BOUNDS
    for row in listed:
        distance = _km(row, gemeinden[row["gemeinde"]])
        assert south <= float(row["lat"]) <= north and west <= float(row["lon"]) <= east, row["name"]
        assert distance <= 9.0, row["name"]
        assert distance <= 6.0 or "(flagged)" in row["source"], row["name"]
        if "NOT the village position" in row["source"]:  # the Gemeinde's own point, said so
            assert distance < 0.01, row["name"]
        assert row["postcode"] == "" or row["postcode"] in gemeinden[row["gemeinde"]]["postcodes"].split()


@pytest.mark.parametrize("name", ["Horst", "Nienhagen", "Wendorf", "Neuhof"])
def test_same_named_villages_of_different_gemeinden_all_stay(name):
    gemeinden = [r["gemeinde"] for r in _rows() if r["name"] == name]
    assert len(gemeinden) >= 2 and len(gemeinden) == len(set(gemeinden))
