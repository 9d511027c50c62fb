"""/api/map: what the map loads, on both backends; only public entries, bad input as 400."""

import pytest

from tests.factories import make_kommune, make_listing
from zwk_network.extensions import db
from zwk_network.geo import clusters
from zwk_network.maps import features
from zwk_network.registry.models import Initiative, MeetingPlace

BBOX = "11.9,53.6,12.5,54.0"


def get_map(client, query: str):
    response = client.get("/api/map?" + query)
    return response.status_code, response.get_json(force=True)


def test_points_with_names_places_and_links(app, client):
    make_kommune()
    jugend = make_listing(Initiative, "Jugendclub Westdorf", 12.1, 53.8, themes=["jugend"], town="Westdorf")
    make_listing(MeetingPlace, "Dorfhaus Ostdorf", 12.3, 53.8, themes=["begegnung"])
    db.session.commit()
    status, data = get_map(client, f"zoom=12&bbox={BBOX}")
    assert status == 200 and data["type"] == "FeatureCollection" and data["mode"] == "points"
    assert data["total"] == 2
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    club = by_name["Jugendclub Westdorf"]
    assert club["geometry"]["coordinates"] == [12.1, 53.8]
    assert club["properties"] == {
        "type": "initiative",
        "id": jugend.id,
        "name": "Jugendclub Westdorf",
        "themes": ["jugend"],
        "place": "Westdorf",
        "url": f"/initiativen/{jugend.id}",
        "demo": False,
    }
    assert by_name["Dorfhaus Ostdorf"]["properties"]["type"] == "place"
    assert [item["name"] for item in data["list"]["items"]] == ["Dorfhaus Ostdorf", "Jugendclub Westdorf"]


def test_filters_are_the_search_filters(app, client):
    make_kommune()
    make_listing(Initiative, "Jugendclub Westdorf", 12.1, 53.8, themes=["jugend"])
    make_listing(
        Initiative, "Fahrdienst Ostdorf", 12.3, 53.8, themes=["mobilitaet"], summary="Wir fahren Sie zum Arzt"
    )
    make_listing(MeetingPlace, "Dorfhaus Ostdorf", 12.3, 53.81, themes=["begegnung"])
    db.session.commit()
    names = lambda data: {f["properties"]["name"] for f in data["features"]}  # noqa: E731
    assert names(get_map(client, f"zoom=12&bbox={BBOX}&theme=jugend")[1]) == {"Jugendclub Westdorf"}
    assert names(get_map(client, f"zoom=12&bbox={BBOX}&type=place")[1]) == {"Dorfhaus Ostdorf"}
    assert names(get_map(client, f"zoom=12&bbox={BBOX}&q=Arzt")[1]) == {"Fahrdienst Ostdorf"}
    assert names(get_map(client, "zoom=12&bbox=12.2,53.7,12.4,53.9")[1]) == {
        "Fahrdienst Ostdorf",
        "Dorfhaus Ostdorf",
    }
    assert get_map(client, f"zoom=12&bbox={BBOX}&kommune=testkreis&region=west")[1]["total"] == 1


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_entries_under_review_are_not_on_the_map(app, client, status):
    make_kommune()
    make_listing(Initiative, "Geheim", 12.1, 53.8, status=status)
    db.session.commit()
    data = get_map(client, f"zoom=12&bbox={BBOX}&q=Geheim")[1]
    assert data["total"] == 0 and data["features"] == [] and data["list"]["items"] == []


def test_many_matches_come_as_server_clusters(app, client, monkeypatch):
    make_kommune()
    for index in range(30):
        make_listing(Initiative, f"Verein {index}", 12.0 + index * 0.01, 53.8)
    db.session.commit()
    monkeypatch.setattr(features, "POINT_LIMIT", 10)
    data = get_map(client, f"zoom=9&bbox={BBOX}")[1]
    assert data["mode"] == "clusters" and data["total"] == 30
    assert sum(f["properties"]["count"] for f in data["features"]) == 30
    assert all(f["properties"]["cluster"] for f in data["features"])
    assert len(data["features"]) < 30
    assert len(data["list"]["items"]) == 20 and data["list"]["items"][0]["name"] == "Verein 0"


def test_a_view_far_larger_than_a_screen_gets_a_bounded_number_of_clusters(app, client, monkeypatch):
    make_kommune()
    for row in range(12):
        for column in range(12):
            make_listing(Initiative, f"Verein {row}-{column}", 11.0 + column * 0.3, 53.0 + row * 0.15)
    monkeypatch.setattr(features, "POINT_LIMIT", 10)
    monkeypatch.setattr(clusters, "MAX_CELLS", 40)
    for bbox in ("-180,-90,180,90", "10,53,15,55"):
        status, data = get_map(client, f"bbox={bbox}&zoom=18")
        assert status == 200 and data["mode"] == "clusters" and data["total"] == 144
        assert len(data["features"]) <= 40 and data["cluster_zoom"] < 18
        assert sum(f["properties"]["count"] for f in data["features"]) == 144
    screen = get_map(client, "bbox=11.5,53.3,12.9,54.3&zoom=8")[1]  # what the map sends: its own zoom
    assert screen["mode"] == "clusters" and screen["cluster_zoom"] == 8


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "zoom"),
        ("zoom=abc", "zoom"),
        ("zoom=99", "zoom"),
        ("zoom=5&bbox=1,2,3", "bbox"),
        ("zoom=5&theme=unknown", "theme"),
        ("zoom=5&type=conference,x", "type"),
    ],
)
def test_bad_parameters_are_problem_details(app, client, query, parameter):
    response = client.get("/api/map?" + query)
    assert response.status_code == 400 and response.content_type == "application/problem+json"
    assert parameter in response.get_json()["errors"]


def test_a_long_query_is_searched_by_its_first_words(app, client):
    make_kommune()
    make_listing(name="Verein am Markt")
    response = client.get("/api/map?zoom=5&q=" + "Verein " * 400)
    assert response.status_code == 200 and response.get_json()["total"] == 1


def test_gazetteer_lookup(seeded_client):
    results = seeded_client.get("/api/gazetteer?q=tes").get_json()["results"]
    names = [place["name"] for place in results]  # the town first, then villages that begin so
    assert names[0] == "Tessin" and {"Teschow", "Teßmannsdorf"} <= set(names)
    assert results[0]["region"] and 12 < results[0]["lon"] < 13
    assert seeded_client.get("/api/gazetteer?q=%25").get_json()["results"] == []
    assert seeded_client.get("/api/gazetteer?q=_").get_json()["results"] == []
    assert seeded_client.get("/api/gazetteer?q=").status_code == 400
    assert seeded_client.get("/api/gazetteer?q=" + "x" * 101).status_code == 400


def test_demo_entries_are_marked_in_map_data_and_list(seeded_client):
    body = seeded_client.get("/api/map?zoom=15&bbox=11.5,53.6,13.2,54.3&type=initiative").get_json()
    points = [f["properties"] for f in body["features"] if not f["properties"].get("cluster")]
    assert points and all(p["demo"] is True for p in points)  # the seed's initiatives are invented
    assert body["list"]["items"] and all(item["demo"] is True for item in body["list"]["items"])
    html = seeded_client.get("/karte?type=initiative", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    assert 'class="badge badge-demo">Beispieldaten' in html.split('id="map-entries"')[1]
