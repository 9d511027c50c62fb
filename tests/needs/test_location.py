"""Where a need is: the Python and the SQL answer agree, and so do search, matching, lists, API and maps."""

import pytest
from shapely.geometry import Point, box, shape
from sqlalchemy import select

from tests.factories import EAST, WEST, make_kommune, make_need
from zwk_network.extensions import db
from zwk_network.geo.geojson import to_geometry
from zwk_network.maps.detail import _where as detail_where
from zwk_network.matching.services import need_profile
from zwk_network.municipalities.models import Kommune, Region
from zwk_network.needs.location import KOMMUNE, OWN_AREA, REGION, need_area_sql, need_location
from zwk_network.needs.models import Need
from zwk_network.search.documents import document_for
from zwk_network.serialize import to_feature

VILLAGE = box(12.05, 53.75, 12.08, 53.78)  # a drawn area inside region West
WHOLE = WEST.union(EAST)


def _case(name: str, kommune: Kommune) -> tuple[Need, object, str | None]:
    """A need of each kind of place, with the geometry it must have and what that comes from."""
    west = db.session.scalar(select(Region).where(Region.slug == "west", Region.kommune_id == kommune.id))
    if name == "own point":
        return make_need(kommune, region=west, area=Point(12.1, 53.8)), Point(12.1, 53.8), OWN_AREA
    if name == "own polygon":
        return make_need(kommune, region=west, area=VILLAGE), VILLAGE, OWN_AREA
    if name == "region only":
        return make_need(kommune, region=west), WEST, REGION
    if name == "kommune only":
        return make_need(kommune), WHOLE, KOMMUNE
    if name == "region without boundary":
        west.boundary = None
        db.session.commit()
        return make_need(kommune, region=west), EAST, KOMMUNE  # the Kommune's regions that have one
    assert name == "nowhere"
    for region in kommune.regions:
        region.boundary = None
    db.session.commit()
    return make_need(kommune), None, None


CASES = ("own point", "own polygon", "region only", "kommune only", "region without boundary", "nowhere")


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.geom_type.removeprefix("Multi") == b.geom_type.removeprefix("Multi") and (
        a.equals(b) or a.symmetric_difference(b).area < 1e-12
    )


@pytest.mark.parametrize("case", CASES)
def test_python_and_sql_say_the_same_place(app, case):
    need, expected, basis = _case(case, make_kommune())
    db.session.expire_all()
    need = db.session.get(Need, need.id)
    location = need_location(need)
    in_sql = db.session.scalar(select(need_area_sql()).where(Need.id == need.id))
    assert location.basis == basis
    assert _same(location.geometry, expected)
    assert _same(to_geometry(in_sql), expected)


@pytest.mark.parametrize("case", CASES)
def test_search_matching_lists_api_and_maps_agree(app, client, case):
    need, expected, _basis = _case(case, make_kommune())
    db.session.expire_all()
    need = db.session.get(Need, need.id)
    assert _same(need_profile(need).geometry, expected)
    assert _same(detail_where(need)[0], expected)
    api = client.get(f"/api/needs/{need.id}").get_json()
    assert _same(shape(api["geometry"]) if api["geometry"] else None, expected)
    document = document_for(need)
    if expected is None:
        assert document.lon is None and document.lat is None
        return
    assert expected.buffer(1e-5).contains(Point(document.lon, document.lat))
    inside = expected.representative_point()
    nearby = client.get(f"/api/needs?lat={inside.y}&lon={inside.x}&radius_km=1").get_json()
    assert [item["id"] for item in nearby["items"]] == [need.id]
    assert nearby["items"][0]["distance_km"] == 0
    minx, miny, maxx, maxy = inside.buffer(0.001).bounds
    in_view = client.get(f"/api/needs?bbox={minx},{miny},{maxx},{maxy}").get_json()
    assert [item["id"] for item in in_view["items"]] == [need.id]
    far = client.get("/api/needs?lat=51.0&lon=10.0&radius_km=5").get_json()
    assert far["items"] == []


def test_export_keeps_the_need_s_own_area_only(app):
    """An exported need without an area of its own is imported without one (not with its region's)."""
    need = make_need(make_kommune())
    assert to_feature(need, audience="export")["geometry"] is None
    assert to_feature(need)["geometry"] is not None
