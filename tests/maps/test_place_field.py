"""The map's place field, radius and sort: the search page's, on /karte and in what /api/map loads."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_kommune, make_listing
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.municipalities.models import GazetteerPlace
from zwk_network.registry.models import Initiative, MeetingPlace

DE = {"Accept-Language": "de"}
GUESTROW = (12.17, 53.79)
VIEW_BBOX = "11.5,53.5,13.5,54.1"  # everything below is in view


@pytest.fixture
def places(app):
    kommune = make_kommune()
    for name, lon, postcode in (
        ("Güstrow", GUESTROW[0], "18273"),
        ("Gülzow", 12.06, "18276"),
        ("Gützkow", 12.3, "17506"),
    ):
        db.session.add(
            GazetteerPlace(
                name=name,
                kind="Stadt",
                postcode=postcode,
                kommune_id=kommune.id,
                location=point_element(lon, GUESTROW[1]),
            )
        )
    db.session.commit()
    # From Güstrow: Westdorf ~5 km, Ostdorf ~9 km, Fernstadt ~55 km.
    make_listing(
        Initiative, "Jugendclub Fernstadt", 13.0, 53.8, themes=["jugend"], summary="Jugendclub für alle"
    )
    make_listing(Initiative, "Jugendclub Westdorf", 12.1, 53.8, themes=["jugend"], summary="Jugendclub")
    make_listing(
        MeetingPlace,
        "Jugendclub Ostdorf",
        12.3,
        53.8,
        themes=["jugend"],
        summary="Jugendclub, Jugendclub, Jugendclub im Dorf",
    )


def map_options(html: str) -> dict:
    blocks = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    return next(options for options in map(json.loads, blocks) if "dataUrl" in options)


def listed(html: str) -> list[str]:
    entries = html.split('id="map-entries"')[1].split("</ol>")[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', entries)


@pytest.mark.parametrize("near", ["Guestrow", "gustrow", "Güstrow", "18273"])
def test_a_place_as_people_type_it_centres_the_map_and_shows_the_radius(client, places, near):
    response = client.get("/karte", query_string={"near": near, "radius_km": "20"}, headers=DE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="m-near"' in html and f'value="{near}"' in html and 'data-gazetteer="/api/gazetteer"' in html
    assert "/static/js/place-field.js" in html and 'value="20" selected' in html
    assert map_options(html)["place"] == {"lat": 53.79, "lon": 12.17, "radiusKm": 20.0, "name": "Güstrow"}
    assert set(listed(html)) == {"Jugendclub Westdorf", "Jugendclub Ostdorf"}  # Fernstadt is 55 km away
    assert "km entfernt" in html


def test_the_sort_control_appears_with_a_place_and_is_kept(client, places):
    plain = client.get("/karte", headers=DE).get_data(as_text=True)
    assert 'id="m-sort"' not in plain and map_options(plain)["place"] is None
    args = {"q": "Jugendclub", "near": "Güstrow", "sort": "distance"}
    html = client.get("/karte", query_string=args, headers=DE).get_data(as_text=True)
    assert 'id="m-sort"' in html and '<option value="distance" selected>' in html
    assert listed(html) == ["Jugendclub Westdorf", "Jugendclub Ostdorf", "Jugendclub Fernstadt"]
    by_relevance = client.get("/karte", query_string=args | {"sort": ""}, headers=DE).get_data(as_text=True)
    assert listed(by_relevance)[0] == "Jugendclub Ostdorf"  # the word three times: most relevant


def test_an_unknown_place_keeps_the_map_page_and_what_was_typed(client, places):
    args = {
        "q": "Jugendclub",
        "near": "Güstro Nord",
        "radius_km": "20",
        "theme": "jugend",
        "view": "12/53.8/12.2",
    }
    response = client.get("/karte", query_string=args, headers=DE)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Jugendclub"' in html and 'value="Güstro Nord"' in html
    assert 'value="20" selected' in html and 'value="jugend" selected' in html
    summary = re.sub(r"<[^>]+>", "", html.split('id="error-summary"')[1].split("</div>")[0])
    assert "kennen wir nicht" in summary and "near" not in summary and "radius" not in summary
    assert 'href="#m-near"' in html and 'aria-invalid="true"' in html
    assert 'class="map' in html  # the map stays, without a place to centre on
    assert map_options(html)["place"] is None


def test_candidates_are_links_to_the_map_with_the_same_filters(client, places):
    query = "near=G%C3%BCtzow&type=initiative&type=place&view=12/53.8/12.2"
    response = client.get("/karte?" + query, headers=DE)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Meinten Sie" in html
    links = [
        parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        for href in re.findall(r'href="(/karte\?[^"]*near=[^"]*)"', html)
    ]
    assert sorted(link["near"][0] for link in links) == ["Gülzow", "Gützkow"]
    assert all(link["type"] == ["initiative", "place"] and "view" not in link for link in links)


def test_a_place_named_in_the_words_centres_the_map_without_a_radius(client, places):
    html = client.get("/karte", query_string={"q": "Jugendclub Güstrow"}, headers=DE).get_data(as_text=True)
    assert map_options(html)["place"] == {"lat": 53.79, "lon": 12.17, "radiusKm": None, "name": "Güstrow"}
    assert 'id="m-sort"' in html


def get_map(client, **args):
    response = client.get("/api/map", query_string={"zoom": "10", "bbox": VIEW_BBOX} | args)
    return response.status_code, response.get_json(force=True)


def test_the_map_data_carries_the_place_and_the_radius(client, places):
    status, data = get_map(client, near="Guestrow", radius_km="20")
    assert status == 200 and data["total"] == 2
    assert {f["properties"]["name"] for f in data["features"]} == {
        "Jugendclub Westdorf",
        "Jugendclub Ostdorf",
    }
    status, data = get_map(client, near="Guestrow")
    assert status == 200 and data["total"] == 3


def test_the_map_list_follows_the_sort_with_distances(client, places):
    _status, data = get_map(client, q="Jugendclub", near="Güstrow", sort="distance")
    items = data["list"]["items"]
    assert [item["name"] for item in items] == [
        "Jugendclub Westdorf",
        "Jugendclub Ostdorf",
        "Jugendclub Fernstadt",
    ]
    distances = [item["distance_km"] for item in items]
    assert distances == sorted(distances) and 4 < distances[0] < 6 and 50 < distances[2] < 60
    _status, data = get_map(client, q="Jugendclub", near="Güstrow")
    assert data["list"]["items"][0]["name"] == "Jugendclub Ostdorf"
    assert (
        "sort=distance"
        in get_map(client, q="Jugendclub", near="Güstrow", sort="distance")[1]["list"]["more_url"]
    )
    _status, data = get_map(client)  # without a place: by name, no distances
    assert [item["distance_km"] for item in data["list"]["items"]] == [None, None, None]


def test_a_place_in_the_words_is_where_on_the_map_too(client, places):
    """„Jugendclub Güstrow“ in view: Güstrow ranks by nearness, it is not a word entries must contain."""
    _status, data = get_map(client, q="Jugendclub Güstrow", sort="distance")
    assert data["total"] == 3 and data["list"]["items"][0]["name"] == "Jugendclub Westdorf"


def test_an_unknown_place_in_the_map_data_is_a_problem_document(client, places):
    response = client.get("/api/map", query_string={"zoom": "10", "bbox": VIEW_BBOX, "near": "Nirgendwo"})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


def test_a_point_without_a_field_on_the_map_page_is_left_out(client, places):
    """The map's requests carry its form: a point in the URL, which has no field there, is not used."""
    response = client.get("/karte", query_string={"lat": "53.79", "lon": "12.17", "sort": "distance"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and map_options(html)["place"] is None  # no place to sort by
    assert 'id="m-sort"' not in html
