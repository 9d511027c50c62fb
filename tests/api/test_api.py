"""The JSON API: lists with pagination, GeoJSON, details, filters and problem details."""

import pytest

PROBLEM = "application/problem+json"


def test_index_links_every_collection(seeded_client):
    links = seeded_client.get("/api/").get_json()
    assert set(links) == {
        "initiatives",
        "places",
        "needs",
        "conferences",
        "regions",
        "kommunen",
        "search",
        "map_data",
        "gazetteer",
    }
    assert all(seeded_client.get(url).status_code in (200, 400) for url in links.values())


def test_pagination(seeded_client):
    first = seeded_client.get("/api/initiatives?per_page=10").get_json()
    assert first["total"] >= 72 and first["page"] == 1 and len(first["items"]) == 10
    assert first["pages"] == -(-first["total"] // 10)
    assert "next" in first["links"] and "prev" not in first["links"]
    second = seeded_client.get(first["links"]["next"]).get_json()
    assert second["page"] == 2 and not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    last = seeded_client.get(f"/api/initiatives?per_page=10&page={first['pages']}").get_json()
    assert "next" not in last["links"] and len(last["items"]) == first["total"] - 10 * (first["pages"] - 1)
    beyond = seeded_client.get(f"/api/initiatives?per_page=10&page={first['pages'] + 1}").get_json()
    assert beyond["items"] == [] and beyond["total"] == first["total"]


@pytest.mark.parametrize("how", ["query", "accept"])
def test_geojson_feature_collection(seeded_client, how):
    if how == "query":
        response = seeded_client.get("/api/places?format=geojson&per_page=5")
    else:
        response = seeded_client.get("/api/places?per_page=5", headers={"Accept": "application/geo+json"})
    assert response.content_type == "application/geo+json"
    document = response.get_json()
    assert document["type"] == "FeatureCollection" and len(document["features"]) == 5
    feature = document["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 11 < lon < 13 and 50 < lat < 55
    assert feature["properties"]["type"] == "place" and document["total"] >= 22


def test_detail_json_and_geojson(seeded_client):
    item = seeded_client.get("/api/initiatives?per_page=1").get_json()["items"][0]
    detail = seeded_client.get(f"/api/initiatives/{item['id']}").get_json()
    assert detail["name"] == item["name"] and detail["geometry"]["type"] == "Point"
    assert set(detail["contact"]) <= {"contact_person", "email", "phone", "website"}
    assert "publish" not in detail and "email" not in detail  # unpublished contact data stays private
    feature = seeded_client.get(f"/api/initiatives/{item['id']}?format=geojson").get_json()
    assert feature["type"] == "Feature" and feature["properties"]["name"] == item["name"]


def test_filters_and_radius(seeded_client):
    jugend = seeded_client.get("/api/initiatives?theme=jugend&per_page=100").get_json()
    assert jugend["total"] > 0 and all("jugend" in i["themes"] for i in jugend["items"])
    sw = seeded_client.get(
        "/api/initiatives?kommune=landkreis-rostock&region=sued-west&per_page=100"
    ).get_json()
    assert sw["total"] > 0 and {i["region"] for i in sw["items"]} == {"sued-west"}
    near = seeded_client.get("/api/initiatives?near=Güstrow&radius_km=20&per_page=100").get_json()
    distances = [i["distance_km"] for i in near["items"]]
    assert distances and distances == sorted(distances) and max(distances) <= 20
    by_point = seeded_client.get(
        "/api/initiatives?lat=53.794&lon=12.176&radius_km=20&per_page=100"
    ).get_json()
    assert by_point["total"] == near["total"]
    bbox = seeded_client.get("/api/initiatives?bbox=12.3,50.4,12.5,50.6&per_page=100").get_json()
    assert bbox["total"] > 0 and {i["kommune"] for i in bbox["items"]} == {"goeltzschtal"}


def test_needs_conferences_regions_kommunen(seeded_client):
    needs = seeded_client.get("/api/needs?per_page=100").get_json()
    assert needs["total"] == 12 and {n["conference"] for n in needs["items"]} >= {"2022-luechow"}
    conferences = seeded_client.get("/api/conferences?kommune=landkreis-rostock").get_json()
    dated = [c for c in conferences["items"] if c["date"]]
    assert {(c["date"], c["starts_at"], c["ends_at"]) for c in dated} >= {("2023-02-23", "15:30", "19:30")}
    regions = seeded_client.get("/api/regions?kommune=landkreis-rostock&format=geojson").get_json()
    assert {f["geometry"]["type"] for f in regions["features"]} == {"MultiPolygon"}
    assert all(f["properties"]["approximate"] for f in regions["features"])
    kommune = seeded_client.get("/api/kommunen/goeltzschtal").get_json()
    assert kommune["phases"][0]["starts_on"] == "2021-11-15" and len(kommune["phases"]) == 5
    region_id = regions["features"][0]["id"]
    assert seeded_client.get(f"/api/regions/{region_id}").get_json()["kommune"] == "landkreis-rostock"


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/initiatives?per_page=0", 400, "per_page"),
        ("/api/initiatives?per_page=1000", 400, "per_page"),
        ("/api/initiatives?page=abc", 400, "page"),
        ("/api/initiatives?theme=fliegen", 400, "theme"),
        ("/api/initiatives?target_group=<script>", 400, "target_group"),
        ("/api/initiatives?lat=54&lon=200&radius_km=5", 400, "lon"),
        ("/api/initiatives?lat=54&radius_km=5", 400, "lon"),
        ("/api/initiatives?lat=54&lon=12&radius_km=301", 400, "radius_km"),
        ("/api/initiatives?lat=54&lon=12&radius_km=nan", 400, "radius_km"),
        ("/api/initiatives?radius_km=5", 400, "radius_km"),
        ("/api/initiatives?bbox=1,2,3", 400, "bbox"),
        ("/api/initiatives?bbox=12,54,11,55", 400, "bbox"),
        ("/api/initiatives?near=Atlantis&radius_km=5", 400, "near"),
        ("/api/initiatives?kommune=' OR 1=1 --", 400, "kommune"),
        ("/api/initiatives?format=xml", 400, "format"),
    ],
)
def test_bad_parameters_get_problem_details(seeded_client, url, status, field):
    response = seeded_client.get(url)
    assert response.status_code == status and response.content_type == PROBLEM
    problem = response.get_json()
    assert problem["status"] == status and problem["title"] and field in problem["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/initiatives/999999",
        "/api/places/0",
        "/api/needs/999999",
        "/api/conferences/999999",
        "/api/kommunen/atlantis",
        "/api/unknown/path",
    ],
)
def test_not_found_is_a_problem(seeded_client, url):
    response = seeded_client.get(url)
    assert response.status_code == 404 and response.content_type == PROBLEM
    assert response.get_json()["status"] == 404


def test_method_not_allowed_is_a_problem(seeded_client):
    response = seeded_client.post("/api/initiatives")
    assert response.status_code == 405 and response.content_type == PROBLEM


def test_needs_near_a_point_use_their_region(seeded_client):
    near_kuehlungsborn = seeded_client.get("/api/needs?near=Kühlungsborn&radius_km=10").get_json()
    assert near_kuehlungsborn["total"] == 3
    assert {n["region"] for n in near_kuehlungsborn["items"]} == {"nord-west"}
    assert all(n["distance_km"] == 0 for n in near_kuehlungsborn["items"])  # the town lies in the region
    everything = seeded_client.get("/api/needs?near=Kühlungsborn&per_page=100").get_json()
    distances = [n["distance_km"] for n in everything["items"]]
    assert everything["total"] == 12 and distances == sorted(distances) and distances[-1] > 10


def test_entries_without_a_geometry_sort_last(seeded_client):
    conferences = seeded_client.get("/api/conferences?near=Teterow&per_page=100").get_json()["items"]
    assert conferences[-1]["slug"] == "2021-goeltzschtal-kick-off" and conferences[-1]["distance_km"] is None
    assert conferences[0]["slug"] == "2023-sued-ost" and conferences[0]["distance_km"] < 1
    html = seeded_client.get("/konferenzen?near=Teterow", headers={"Accept-Language": "de"})
    assert html.status_code == 200


def test_bbox_on_needs_uses_their_region(seeded_client):
    needs = seeded_client.get("/api/needs?bbox=12.5,53.7,12.6,53.8").get_json()
    assert needs["total"] == 3 and {n["region"] for n in needs["items"]} == {"sued-ost"}
