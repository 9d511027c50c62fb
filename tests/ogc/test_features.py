"""OGC API – Features at /ogc/: Part 1 core, GeoJSON and HTML, Part 2 CRS, Part 3 queryables and CQL2."""

from datetime import date
from urllib.parse import quote

import pytest
from geojson_pydantic import Feature, FeatureCollection
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from shapely.geometry import Point, box, shape
from sqlalchemy import func, select

from tests.factories import make_kommune, make_listing, make_need, make_place
from tests.ogc.helpers import grid_initiatives, make_conference
from zwk_network.extensions import db
from zwk_network.geo.utm import to_utm33
from zwk_network.municipalities.models import Region
from zwk_network.ogc.views import CONFORMANCE
from zwk_network.registry.models import Initiative

ITEMS = "/ogc/collections/{}/items"
UTM = "http://www.opengis.net/def/crs/EPSG/0/25833"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
COLLECTIONS = ["initiatives", "places", "needs", "conferences", "regions"]


def items(client, collection="initiatives", **params):
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
    return client.get(ITEMS.format(collection) + ("?" + query if query else ""))


def names(response) -> set[str]:
    return {
        f["properties"].get("name") or f["properties"].get("title") for f in response.get_json()["features"]
    }


def assert_problem(response, *words):
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["title"] == "Ungültige Anfrage" and body["status"] == 400
    for word in words:
        assert word in body["detail"], body["detail"]
    return body


@pytest.fixture
def kommune(app):
    return make_kommune()


def test_landing_page_links_the_definition_the_conformance_and_the_data(client):
    body = client.get("/ogc/").get_json()
    rels = {link["rel"]: link for link in body["links"]}
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert rels["service-doc"]["type"] == "text/html"
    assert rels["conformance"]["href"].endswith("/ogc/conformance")
    assert rels["data"]["href"].endswith("/ogc/collections")
    assert client.get("/ogc").status_code in (200, 308)


def test_conformance_declares_exactly_the_classes_implemented(client):
    declared = client.get("/ogc/conformance").get_json()["conformsTo"]
    assert declared == list(CONFORMANCE)
    assert "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2" in declared
    # Not implemented, so not declared: clients would send what fails.
    for absent in (
        "advanced-comparison-operators",
        "spatial-functions",
        "cql2-json",
        "arithmetic",
        "temporal-functions",
    ):
        assert not any(uri.endswith("/" + absent) for uri in declared)


def test_the_openapi_definition_is_valid_and_lists_the_queryables_as_parameters(client):
    response = client.get("/ogc/api")
    assert response.content_type == "application/vnd.oai.openapi+json;version=3.0"
    document = response.get_json()
    validate(document)  # the OpenAPI 3.0 schema (openapi-spec-validator)
    for collection in COLLECTIONS:
        parameters = document["paths"][f"/collections/{collection}/items"]["get"]["parameters"]
        named = {p.get("name") for p in parameters}
        queryables = client.get(f"/ogc/collections/{collection}/queryables").get_json()["properties"]
        assert set(queryables) - {"geometry"} <= named


def test_collections_describe_extent_crs_and_links(client, kommune):
    make_listing(name="Tafel Güstrow", lon=12.17, lat=53.79)
    body = client.get("/ogc/collections").get_json()
    assert [c["id"] for c in body["collections"]] == COLLECTIONS
    initiatives = body["collections"][0]
    assert initiatives["crs"] == [CRS84, UTM] and initiatives["storageCrs"] == CRS84
    assert initiatives["extent"]["spatial"]["bbox"] == [[12.17, 53.79, 12.17, 53.79]]
    rels = {link["rel"] for link in initiatives["links"]}
    assert {"self", "items", "describedby", "http://www.opengis.net/def/rel/ogc/1.0/queryables"} <= rels
    regions = client.get("/ogc/collections/regions").get_json()
    assert regions["extent"]["spatial"]["bbox"] == [[12.0, 53.7, 12.4, 53.9]]
    assert client.get("/ogc/collections/nothing").status_code == 404
    assert client.get("/ogc/collections/nothing").content_type == "application/problem+json"


def test_items_are_approved_entries_with_public_fields_only(client, kommune):
    shown = make_listing(name="Freigegeben", email="a@example.org", phone="0381 11223344", publish=["email"])
    hidden = make_listing(name="Nur Telefon privat", phone="0381 55667788")
    pending = make_listing(name="Wartet", status="pending")
    rejected = make_listing(name="Abgelehnt", status="rejected")
    response = items(client)
    assert response.content_type == "application/geo+json"
    FeatureCollection.model_validate(response.get_json())  # RFC 7946 (geojson-pydantic)
    assert names(response) == {"Freigegeben", "Nur Telefon privat"}
    text = response.get_data(as_text=True)
    assert "a@example.org" in text  # published with consent
    assert (
        "11223344" not in text
        and "55667788" not in text
        and "submitter" not in text
        and "rejection" not in text
    )
    by_id = {f["id"]: f for f in response.get_json()["features"]}
    assert by_id[shown.id]["properties"]["contact"] == {"email": "a@example.org"}
    assert by_id[hidden.id]["properties"]["contact"] == {}
    for entry in (pending, rejected):
        assert client.get(f"/ogc/collections/initiatives/items/{entry.id}").status_code == 404
    one = client.get(f"/ogc/collections/initiatives/items/{shown.id}")
    Feature.model_validate(one.get_json())
    assert {link["rel"] for link in one.get_json()["links"]} >= {"self", "collection", "alternate"}


def test_every_collection_answers_with_its_features(client, kommune):
    make_listing(name="Initiative")
    make_place(name="Treff")
    make_need(kommune, title="Fläche", area=box(12.05, 53.75, 12.1, 53.8))
    make_need(kommune, title="Punkt", area=Point(12.3, 53.8))
    make_conference(kommune, "k1", date(2026, 5, 1))
    for collection, expected in zip(COLLECTIONS, (1, 1, 2, 1, 2), strict=True):
        body = items(client, collection).get_json()
        FeatureCollection.model_validate(body)
        assert body["numberMatched"] == body["numberReturned"] == expected, collection
    kinds = {f["geometry"]["type"] for f in items(client, "needs").get_json()["features"]}
    assert kinds == {"Polygon", "Point"}


def test_paging_follows_next_and_prev_links_through_every_feature(client, kommune):
    grid_initiatives(25)
    seen, url, pages = [], ITEMS.format("initiatives") + "?limit=10", 0
    while url:
        body = client.get(url).get_json()
        pages += 1
        assert body["numberMatched"] == 25
        seen += [f["id"] for f in body["features"]]
        links = {link["rel"]: link["href"] for link in body["links"]}
        url = links.get("next", "").replace("http://127.0.0.1:5000", "")
        if pages > 1:
            assert "prev" in links
    assert pages == 3 and len(seen) == len(set(seen)) == 25
    assert items(client, limit=10000).get_json()["numberReturned"] == 25
    assert items(client, limit=50000).status_code == 200  # above the maximum: the maximum is sent
    assert_problem(items(client, limit=0), "limit")
    assert_problem(items(client, limit="zehn"), "limit")
    assert_problem(items(client, offset=-1), "offset")


def test_unknown_parameters_are_refused(client, kommune):
    assert_problem(items(client, passwort="x"), "passwort", "unbekannter Parameter")
    assert_problem(items(client, email="a@example.org"), "email")  # contact data is no queryable
    assert_problem(client.get("/ogc/collections?foo=1"), "foo")


def test_simple_query_parameters_filter_by_the_queryables(client, kommune):
    make_listing(name="Tafel", lon=12.1, lat=53.8)
    make_listing(name="Chor", lon=12.3, lat=53.8)
    assert names(items(client, name="Tafel")) == {"Tafel"}
    assert names(items(client, region="ost")) == {"Chor"}
    assert names(items(client, kommune="testkreis")) == {"Tafel", "Chor"}
    assert names(items(client, "regions", approximate="true")) == {"Region West", "Region Ost"}
    assert_problem(items(client, id="eins"), "id")
    assert_problem(items(client, "regions", approximate="ja"), "approximate")


def test_bbox_in_crs84_and_in_utm_select_the_same_features(client, kommune):
    grid_initiatives(100)
    plain = items(client, bbox="12.0,53.7,12.2,53.9", limit=1000).get_json()
    assert plain["numberMatched"] == 50  # the western half of the grid
    west, south = (float(v) for v in to_utm33(12.0, 53.7))
    east, north = (float(v) for v in to_utm33(12.2, 53.9))
    utm = items(client, bbox=f"{west},{south},{east},{north}", **{"bbox-crs": UTM}, limit=1000).get_json()
    everything = items(client, limit=1000).get_json()["features"]
    inside = set()
    for f in everything:
        x, y = (float(v) for v in to_utm33(*f["geometry"]["coordinates"]))
        if west <= x <= east and south <= y <= north:
            inside.add(f["id"])
    assert {f["id"] for f in utm["features"]} == inside
    assert 35 < len(inside) < 65  # the UTM box is turned against the lon/lat box: nearly the same half
    assert_problem(items(client, bbox="12,53,11,54"), "bbox")
    assert_problem(items(client, bbox="1,2,3"), "bbox")
    assert_problem(items(client, bbox="12,53,13,54", **{"bbox-crs": "EPSG:4326"}), "bbox-crs")


def test_features_come_in_the_crs_asked_for_with_the_content_crs_header(client, kommune):
    entry = make_listing(name="Tafel", lon=12.1, lat=53.8)
    response = items(client, crs=UTM)
    assert response.headers["Content-Crs"] == f"<{UTM}>"
    easting, northing = response.get_json()["features"][0]["geometry"]["coordinates"]
    expected = to_utm33(12.1, 53.8)
    assert abs(easting - expected[0]) < 0.001 and abs(northing - expected[1]) < 0.001
    assert 300_000 < easting < 320_000 and 5_960_000 < northing < 5_970_000
    assert items(client).headers["Content-Crs"] == f"<{CRS84}>"
    one = client.get(f"/ogc/collections/initiatives/items/{entry.id}?crs={quote(UTM)}")
    assert one.headers["Content-Crs"] == f"<{UTM}>"
    assert one.get_json()["geometry"]["coordinates"] == [easting, northing]
    region = items(client, "regions", crs=UTM, name="Region West").get_json()["features"][0]
    assert 2.85e8 < shape(region["geometry"]).area < 3.0e8  # 0.2° × 0.2° at 53.8° N, in m²
    assert_problem(items(client, crs="EPSG:3857"), "crs")


def test_queryables_are_a_json_schema_per_collection(client):
    for collection in COLLECTIONS:
        response = client.get(f"/ogc/collections/{collection}/queryables")
        assert response.content_type == "application/schema+json"
        schema = response.get_json()
        Draft202012Validator.check_schema(schema)
        assert schema["additionalProperties"] is False and "geometry" in schema["properties"]
        described = client.get(f"/ogc/collections/{collection}/schema").get_json()
        Draft202012Validator.check_schema(described)
    initiatives = client.get("/ogc/collections/initiatives/queryables").get_json()["properties"]
    assert initiatives["name"] == {"type": "string", "title": "Name"}
    assert initiatives["kommune"]["type"] == "string" and initiatives["id"]["type"] == "integer"
    assert "email" not in initiatives and "submitter_email" not in initiatives
    places = client.get("/ogc/collections/places/queryables").get_json()["properties"]
    assert places["capacity"]["type"] == "integer" and places["step_free"]["type"] == "boolean"
    conferences = client.get("/ogc/collections/conferences/queryables").get_json()["properties"]
    assert conferences["date"] == {"type": "string", "format": "date", "title": "Datum"}


def test_schemas_type_and_title_every_property_with_its_allowed_values(client, kommune):
    """/schema: every property a feature has, typed, with its German short label, enumerations with
    their values; the queryables' enumerations too."""
    make_listing(name="Tafel")
    make_need(kommune)
    for collection in COLLECTIONS:
        schema = client.get(f"/ogc/collections/{collection}/schema").get_json()
        feature = items(client, collection, limit=1).get_json()["features"]
        for name, spec in schema["properties"].items():
            assert spec.get("title") and spec["title"] != name, (collection, name)
            assert "type" in spec or "format" in spec, (collection, name)
        if feature:
            assert set(feature[0]["properties"]) <= set(schema["properties"]), collection
    needs = client.get("/ogc/collections/needs/schema").get_json()["properties"]
    assert needs["status"]["title"] == "Status" and needs["status"]["enum"] == [
        "offen",
        "in_bearbeitung",
        "erledigt",
    ]
    assert needs["themes"]["items"]["enum"] and needs["located_by"]["title"] == "Verortet über"
    places = client.get("/ogc/collections/places/schema").get_json()["properties"]
    assert places["capacity"]["type"] == ["integer", "null"] and places["capacity"]["minimum"] == 0
    assert places["gazetteer_town"]["title"] == "Ort"
    queryables = client.get("/ogc/collections/needs/queryables").get_json()["properties"]
    assert queryables["priority"]["enum"] == ["hoch", "mittel", "niedrig"]
    page = client.get("/ogc/collections/needs/queryables?f=html").get_data(as_text=True)
    assert "offen, in_bearbeitung, erledigt" in page


def test_html_item_pages_name_properties_by_their_german_labels(client, kommune):
    entry = make_listing(name="Tafel", summary="Lebensmittel für alle")
    page = client.get(f"/ogc/collections/initiatives/items/{entry.id}?f=html").get_data(as_text=True)
    assert "<dt>Kurzbeschreibung</dt>" in page and "<dt>Zuletzt geändert</dt>" in page
    assert "<dt>summary</dt>" not in page and "<dt>updated_at</dt>" not in page


def test_cql2_text_filters_on_both_backends(client, kommune):
    make_listing(name="Tafel", lon=12.1, lat=53.8)
    make_listing(name="Chor", lon=12.3, lat=53.8)
    make_listing(name="Garten", lon=12.35, lat=53.85)
    assert names(items(client, filter="name = 'Tafel'")) == {"Tafel"}
    assert names(items(client, filter="name <> 'Tafel' AND region = 'ost'")) == {"Chor", "Garten"}
    assert names(items(client, filter="name = 'Tafel' OR name = 'Chor'")) == {"Tafel", "Chor"}
    assert names(items(client, filter="NOT name = 'Tafel'")) == {"Chor", "Garten"}
    assert names(items(client, filter="(name = 'Tafel' OR name = 'Chor') AND kommune = 'testkreis'")) == {
        "Tafel",
        "Chor",
    }
    assert names(items(client, filter="name > 'D'")) == {"Tafel", "Garten"}
    assert names(items(client, filter="street IS NULL")) == {"Tafel", "Chor", "Garten"}
    assert names(items(client, filter="street IS NOT NULL")) == set()
    assert names(items(client, filter="S_INTERSECTS(geometry, BBOX(12.25, 53.7, 12.4, 53.9))")) == {
        "Chor",
        "Garten",
    }
    polygon = "POLYGON((12.3 53.84, 12.4 53.84, 12.4 53.9, 12.3 53.9, 12.3 53.84))"
    assert names(items(client, filter=f"S_INTERSECTS(geometry, {polygon})")) == {"Garten"}
    west, south = (float(v) for v in to_utm33(12.25, 53.7))
    east, north = (float(v) for v in to_utm33(12.4, 53.9))
    utm_box = f"S_INTERSECTS(geometry, BBOX({west}, {south}, {east}, {north}))"
    assert names(items(client, filter=utm_box, **{"filter-crs": UTM})) == {"Chor", "Garten"}
    assert names(items(client, filter="name = 'Tafel'", bbox="12.2,53.7,12.4,53.9")) == set()


def test_cql2_filters_on_needs_areas_and_conference_dates(client, kommune):
    make_need(kommune, title="Fläche West", area=box(12.05, 53.75, 12.1, 53.8))
    make_need(kommune, title="Punkt Ost", area=Point(12.3, 53.8))
    region = db.session.scalar(select(Region).where(Region.slug == "ost"))
    make_need(kommune, title="Ganze Region Ost", region=region)
    hit = items(client, "needs", filter="S_INTERSECTS(geometry, POINT(12.31 53.81))")
    assert names(hit) == {"Ganze Region Ost"}
    assert names(items(client, "needs", filter="S_INTERSECTS(geometry, POINT(12.07 53.77))")) == {
        "Fläche West"
    }
    make_conference(kommune, "mai", date(2026, 5, 1))
    make_conference(kommune, "okt", date(2026, 10, 1))
    make_conference(kommune, "ohne", None, lon=None)
    assert names(items(client, "conferences", filter="date >= DATE('2026-06-01')")) == {"Konferenz okt"}
    assert names(items(client, "conferences", filter="date IS NULL")) == {"Konferenz ohne"}
    assert names(items(client, "conferences", datetime="2026-04-01/2026-06-30")) == {"Konferenz mai"}
    assert names(items(client, "conferences", datetime="2026-10-01")) == {"Konferenz okt"}
    assert names(items(client, "conferences", datetime="../2026-12-31")) == {"Konferenz mai", "Konferenz okt"}
    assert_problem(items(client, "conferences", datetime="gestern"), "datetime")
    assert_problem(items(client, "conferences", datetime="2026-12-01/2026-01-01"), "datetime")
    assert_problem(items(client, "conferences", filter="date > 5"), "date")


HOSTILE = {
    "huge": "name = '" + "A" * 5000 + "'",
    "deep": "(" * 40 + "name = 'a'" + ")" * 40,
    "many": " OR ".join(f"id = {n}" for n in range(400)),
    "sql_terminator": "name = 'x'; DROP TABLE initiatives; --",
    "sql_or": "name = 'x' OR 1=1 --",
    "sql_union": "name = 'x' UNION SELECT email FROM initiatives",
    "sql_quote": "name = 'x'' OR ''1''=''1'",
    "sql_in_property": '"name; DROP TABLE initiatives" = 1',
    "subquery": "id = (SELECT 1)",
    "private_column": "submitter_email = 'a@example.org'",
    "consent_column": "email = 'a@example.org'",
    "type_mismatch": "name = 5",
    "bool_for_number": "id = true",
    "like": "name LIKE 'T%'",
    "between": "id BETWEEN 1 AND 5",
    "in": "id IN (1, 2)",
    "arithmetic": "id + 1 = 2",
    "function": "lower(name) = 'tafel'",
    "temporal": "T_AFTER(date, TIMESTAMP('2026-01-01T00:00:00Z'))",
    "other_spatial": "S_WITHIN(geometry, POINT(12 53))",
    "off_earth": "S_INTERSECTS(geometry, POINT(1000 1000))",
    "bowtie": "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))",
    "bad_bbox": "S_INTERSECTS(geometry, BBOX(13, 54, 12, 53))",
    "spatial_on_name": "S_INTERSECTS(name, POINT(12 53))",
    "garbage": "))) ~~~ (((",
    "control": "name = 'a\u0000'",
    "unicode": "näme = 'ä'",
    "empty_and": "name = 'a' AND",
}


def test_hostile_filters_are_answered_with_400_in_german(client, kommune):
    make_listing(name="Tafel")
    for case, text in HOSTILE.items():
        response = items(client, filter=text)
        assert response.status_code == 400, (case, response.get_data(as_text=True)[:300])
        body = assert_problem(response)
        assert body["errors"], case
        assert "Traceback" not in body["detail"] and "sqlalchemy" not in body["detail"].lower(), case
    assert db.session.scalar(select(func.count()).select_from(Initiative)) == 1  # nothing was dropped
    assert names(items(client)) == {"Tafel"}


def test_filter_languages_other_than_cql2_text_are_refused(client, kommune):
    assert_problem(
        items(
            client, filter='{"op": "=", "args": [{"property": "name"}, "a"]}', **{"filter-lang": "cql2-json"}
        ),
        "filter-lang",
    )
    assert items(client, filter="name = 'a'", **{"filter-lang": "cql2-text"}).status_code == 200
    assert_problem(items(client, filter="name = 'a'", **{"filter-crs": "EPSG:3857"}), "filter-crs")


def test_html_encoding_uses_the_site_layout(client, kommune):
    entry = make_listing(name="Tafel <b>Güstrow</b>")
    for url in (
        "/ogc/?f=html",
        "/ogc/conformance?f=html",
        "/ogc/api?f=html",
        "/ogc/collections?f=html",
        "/ogc/collections/initiatives?f=html",
        "/ogc/collections/initiatives/queryables?f=html",
        "/ogc/collections/initiatives/items?f=html",
        f"/ogc/collections/initiatives/items/{entry.id}?f=html",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.content_type.startswith("text/html"), url
        page = response.get_data(as_text=True)
        assert '<html lang="de">' in page and '<main id="main"' in page and "<h1>" in page, url
        assert "<b>Güstrow</b>" not in page  # user text is data, escaped
    browser = client.get("/ogc/collections", headers={"Accept": "text/html,application/xhtml+xml"})
    assert browser.content_type.startswith("text/html")
    gis = client.get("/ogc/collections", headers={"Accept": "application/geo+json, application/json"})
    assert gis.content_type == "application/json"
    error = client.get("/ogc/collections/initiatives/items?f=html&limit=0")
    assert error.status_code == 400 and error.content_type.startswith("text/html")


HOSTILE_PARAMETERS = [
    {"bbox": "nan,nan,nan,nan"},
    {"bbox": "-inf,53,inf,54"},
    {"bbox": "1e400,53,13,54"},
    {"bbox": "12,53,13,54", "bbox-crs": UTM},  # degrees read as metres: a box far off the earth
    {"bbox": "-1e12,-1e12,1e12,1e12", "bbox-crs": UTM},
    {"limit": "1e3"},
    {"limit": "9" * 40},
    {"offset": "9" * 40},
    {"id": "9" * 40},
    {"id": "1 OR 1=1"},
    {"name": "x' OR '1'='1"},
    {"datetime": "2026-02-30"},
    {"datetime": "../.."},
    {"crs": "http://www.opengis.net/def/crs/EPSG/0/25833\u0000"},
    {"f": "xml"},
    {"filter": "id = " + "9" * 40},
    {"filter": "S_INTERSECTS(geometry, BBOX(-1e12, -1e12, 1e12, 1e12))", "filter-crs": UTM},
]


def test_hostile_parameters_are_answered_with_4xx_never_500(client, kommune):
    make_listing(name="Tafel")
    for params in HOSTILE_PARAMETERS:
        for collection in ("initiatives", "needs", "conferences"):
            response = items(client, collection, **params)
            assert response.status_code in (200, 400), (
                params,
                collection,
                response.get_data(as_text=True)[:300],
            )
            if response.status_code == 200:  # answered, with nothing it should not show
                assert response.get_json()["numberMatched"] <= 1, params
    assert client.get("/ogc/collections/initiatives/items/" + "9" * 40).status_code == 404
    assert client.get("/ogc/collections/initiatives/items/1%20OR%201=1").status_code == 404
    assert client.get("/ogc/collections/initiatives/items/999999999999999999").status_code == 404
