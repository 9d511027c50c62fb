"""Imports are all or nothing, and every problem is reported with row, field and reason."""

import json

import pytest
from shapely.geometry import box, mapping
from sqlalchemy import func, select

from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db
from zwk_network.geo.geojson import to_geometry
from zwk_network.municipalities.models import Region
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative, MeetingPlace

from ..factories import make_kommune, make_listing
from .helpers import point_feature, write_csv, write_geojson


def count(model=Initiative):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def kommune(app):
    return make_kommune()


def test_geojson_import_stores_approved_entries_with_derived_region(kommune, tmp_path):
    path = write_geojson(
        tmp_path / "a.geojson",
        [
            point_feature(
                "Lesepaten Westdorf", 12.1, 53.8, email="info@lesepaten.example", publish=["email"]
            ),
            point_feature("Chor Ostdorf", 12.3, 53.8, themes="kultur;begegnung", target_groups=""),
        ],
    )
    report = import_file(path, "initiatives")
    assert report.ok and report.created == 2
    entries = {e.name: e for e in db.session.scalars(select(Initiative))}
    assert entries["Lesepaten Westdorf"].region.slug == "west"
    assert entries["Lesepaten Westdorf"].public_contact() == {"email": "info@lesepaten.example"}
    assert entries["Chor Ostdorf"].region.slug == "ost"
    assert entries["Chor Ostdorf"].theme_slugs == ["begegnung", "kultur"]  # in vocabulary order
    assert all(e.status == "approved" and e.kommune_id == kommune.id for e in entries.values())


def test_csv_import_with_semicolons_and_decimal_commas(kommune, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        ["name", "themes", "lat", "lon", "capacity", "step_free"],
        [["Dorfhaus Westdorf", "begegnung", "53,8", "12,1", "80", "ja"]],
        delimiter=";",
    )
    report = import_file(path, "places")
    assert report.ok, report.problems
    place = db.session.scalar(select(MeetingPlace))
    assert (place.capacity, place.step_free, place.region.slug) == (80, True, "west")


def problems_of(path, kind="initiatives", **options):
    before = count(Initiative), count(MeetingPlace), count(Need)
    report = import_file(path, kind, **options)
    assert not report.ok
    assert (count(Initiative), count(MeetingPlace), count(Need)) == before, "nothing may be stored"
    return [(p.row, p.field, p.reason) for p in report.problems]


def test_one_bad_row_stores_nothing_and_reports_all_problems(kommune, tmp_path):
    make_listing(name="Already there")
    path = write_geojson(
        tmp_path / "a.geojson",
        [
            point_feature("Good one"),
            point_feature("", themes=["fliegen"], target_groups=["kinder", "aliens"]),
            point_feature(
                "Bad contact", email="not-an-email", website="javascript:alert(1)", phone="call me"
            ),
            point_feature("Far away", lon=181, lat=53.8),
            point_feature("Paris", lon=2.35, lat=48.85),
            point_feature("Good one"),
            point_feature("Too long " + "x" * 300, postcode="1234", service_radius_km="viel"),
        ],
    )
    problems = problems_of(path)
    fields = {(row, field) for row, field, _ in problems}
    assert {(2, "name"), (2, "themes"), (2, "target_groups")} <= fields
    assert {(3, "email"), (3, "website"), (3, "phone")} <= fields
    assert {(4, "geometry"), (5, "geometry"), (6, "name")} <= fields
    assert {(7, "name"), (7, "postcode"), (7, "service_radius_km")} <= fields
    reasons = {(row, field): reason for row, field, reason in problems}
    assert "fliegen" in reasons[(2, "themes")] and "aliens" in reasons[(2, "target_groups")]
    assert "out of range" in reasons[(4, "geometry")] and "outside Germany" in reasons[(5, "geometry")]
    assert reasons[(6, "name")] == "duplicate of row 1"
    assert count() == 1


def test_malformed_geojson(kommune, tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    [(row, _field, reason)] = problems_of(str(path))
    assert row is None and "malformed JSON at line 1" in reason


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"type": "Feature"}, "must be a GeoJSON FeatureCollection"),
        ({"type": "FeatureCollection"}, "no 'features' list"),
        ({"type": "FeatureCollection", "features": [{"type": "Point"}]}, "is not a GeoJSON Feature"),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": ["a"]},
                        "properties": {"name": "x"},
                    }
                ],
            },
            "malformed Point geometry",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": None, "properties": {"name": "x", "colour": "red"}}
                ],
            },
            "unknown property",
        ),
    ],
)
def test_structural_problems(kommune, tmp_path, document, expected):
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    problems = problems_of(str(path))
    assert any(expected in reason for _, _, reason in problems), problems


def test_wrong_csv_header(kommune, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["name", "lat", "longitude"], [["x", "53.8", "12.1"]])
    [(row, field, reason)] = problems_of(path)
    assert (row, field) == (None, "header") and "longitude" in reason
    path = write_csv(tmp_path / "b.csv", ["title", "lat", "lon"], [["x", "53.8", "12.1"]])
    assert "title" in problems_of(path)[0][2]
    path = write_csv(tmp_path / "c.csv", ["name", "themes"], [["x", "kultur"]])
    assert "missing column(s) in the CSV header: lat, lon" in problems_of(path)[0][2]


def test_csv_row_problems(kommune, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        ["name", "lat", "lon"],
        [["ok", "53.8", "12.1"], ["short", "53.8"], ["x", "north", "12"]],
    )
    problems = problems_of(path)
    assert (3, None) in {(row, field) for row, field, _ in problems}
    assert (4, "lat/lon") in {(row, field) for row, field, _ in problems}


def test_broken_encoding(kommune, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,lat,lon\nBürgerbus,53.8,12.1\n".encode("latin-1"))
    [(row, _, reason)] = problems_of(str(path))
    assert row is None and "not valid UTF-8 (line 2" in reason


def test_file_too_large(kommune, tmp_path, app):
    path = write_geojson(tmp_path / "a.geojson", [point_feature()])
    app.config["IMPORT_MAX_BYTES"] = 50
    try:
        [(_, _, reason)] = problems_of(path)
    finally:
        app.config["IMPORT_MAX_BYTES"] = 200 * 1024 * 1024
    assert "too large" in reason


def test_kommune_and_region_must_match_the_point(kommune, tmp_path):
    path = write_geojson(
        tmp_path / "a.geojson",
        [
            point_feature("A", region="ost"),  # the point lies in west
            point_feature("B", kommune="unbekannt"),
            point_feature("C", lon=13.4, lat=52.5, kommune="testkreis"),  # Berlin
        ],
    )
    problems = {(row, field): reason for row, field, reason in problems_of(path)}
    assert "lies in region 'west', not 'ost'" in problems[(1, "region")]
    assert "unknown Kommune 'unbekannt'" in problems[(2, "kommune")]
    assert "outside Kommune 'testkreis'" in problems[(3, "geometry")]


def test_unknown_kommune_option(kommune, tmp_path):
    path = write_geojson(tmp_path / "a.geojson", [point_feature()])
    assert problems_of(path, kommune="nirgendwo") == [(None, "kommune", "unknown Kommune 'nirgendwo'")]


def test_dry_run_reports_but_stores_nothing(kommune, tmp_path):
    path = write_geojson(tmp_path / "a.geojson", [point_feature("A"), point_feature("B", lon=12.3)])
    report = import_file(path, "initiatives", dry_run=True)
    assert report.ok and report.created == 2 and "would import 2" in report.summary()
    assert count() == 0


def test_needs_import_with_polygon_and_conference_defaults(kommune, tmp_path):
    area = {
        "type": "Feature",
        "geometry": mapping(box(12.25, 53.75, 12.35, 53.85)),
        "properties": {
            "title": "Fahrdienst zum Arzt",
            "themes": ["mobilitaet"],
            "kommune": "testkreis",
            "priority": "hoch",
        },
    }
    regional = {
        "type": "Feature",
        "geometry": None,
        "properties": {"title": "Jugendtreff", "kommune": "testkreis", "region": "west"},
    }
    bad = {
        "type": "Feature",
        "geometry": None,
        "properties": {"title": "X", "priority": "dringend", "conference": "gibt-es-nicht"},
    }
    problems = problems_of(write_geojson(tmp_path / "bad.geojson", [bad]), kind="needs")
    assert [(row, field) for row, field, _ in problems] == [(1, "priority")]
    report = import_file(write_geojson(tmp_path / "n.geojson", [area, regional]), "needs")
    assert report.ok, report.problems
    needs = {n.title: n for n in db.session.scalars(select(Need))}
    assert needs["Fahrdienst zum Arzt"].region.slug == "ost"  # derived from the area
    assert to_geometry(needs["Fahrdienst zum Arzt"].area).geom_type == "Polygon"
    assert needs["Jugendtreff"].region.slug == "west" and needs["Jugendtreff"].status == "offen"


def test_region_import_replaces_boundaries_and_rederives_entries(kommune, tmp_path):
    entry = make_listing(name="Grenzfall", lon=12.15, lat=53.8)
    assert entry.region.slug == "west"
    # Official boundaries: the border moves west to 12.1, so 12.15 now lies in "ost".
    features = [
        {
            "type": "Feature",
            "geometry": mapping(box(12.0, 53.7, 12.1, 53.9)),
            "properties": {"slug": "west", "name": "Region West", "approximate": False, "source": "amtlich"},
        },
        {
            "type": "Feature",
            "geometry": mapping(box(12.1, 53.7, 12.4, 53.9)),
            "properties": {"slug": "ost", "name": "Region Ost", "approximate": False, "source": "amtlich"},
        },
    ]
    report = import_file(write_geojson(tmp_path / "r.geojson", features), "regions", kommune="testkreis")
    assert report.ok and report.updated == 2, report.problems
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id).region.slug == "ost"
    assert all(not r.boundary_is_approximate for r in db.session.scalars(select(Region)))


def test_region_import_needs_polygons(kommune, tmp_path):
    point = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [12.1, 53.8]},
        "properties": {"slug": "x", "name": "Region X"},
    }
    path = write_geojson(tmp_path / "r.geojson", [point])
    assert problems_of(path, kind="regions", kommune="testkreis") == [
        (1, "geometry", "expected a Polygon or MultiPolygon, got Point")
    ]
    csv_path = write_csv(tmp_path / "r.csv", ["name", "lat", "lon"], [["x", "53.8", "12.1"]])
    assert "only be imported from GeoJSON" in problems_of(csv_path, kind="regions")[0][2]
