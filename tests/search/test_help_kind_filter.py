"""The search filter „Art der Hilfe“ (help_kind) on /suche, /api/search, the map and /api/map."""

import re

import pytest

from tests.factories import make_kommune, make_listing, make_need
from zwk_network.registry.models import Initiative, MeetingPlace

DE = {"Accept-Language": "de"}
BBOX = "bbox=11.9,53.6,12.5,54.0&zoom=12"


@pytest.fixture
def registry(app):
    kommune = make_kommune()
    make_listing(Initiative, "Rufbus Westdorf", summary="Unterwegs im Kreis", help_kinds=["fahrdienst"])
    make_listing(MeetingPlace, "Dorfhaus Ostdorf", 12.3, 53.8, summary="Ein Haus", help_kinds=["treffpunkt"])
    make_listing(Initiative, "Nachbarn Westdorf", summary="Wir bringen Sie mit dem Bürgerbus zum Arzt")
    make_need(kommune, title="Zu wenig Bürgerbusse, kein Fahrdienst")  # no kinds: suggested fahrdienst
    return kommune


def names(body) -> set[str]:
    return {result["name"] for result in body["results"]}


def test_api_search_filters_by_kind_given_or_suggested_with_facets(registry, client):
    body = client.get("/api/search?help_kind=fahrdienst&per_page=50").get_json()
    assert names(body) == {"Rufbus Westdorf", "Nachbarn Westdorf", "Zu wenig Bürgerbusse, kein Fahrdienst"}
    # each facet leaves out its own filter: the other kinds still show how many they would find
    assert body["facets"]["help_kind"]["fahrdienst"] == 3 and body["facets"]["help_kind"]["treffpunkt"] == 1
    assert body["facets"]["type"] == {"initiative": 2, "place": 0, "need": 1, "conference": 0}
    places = client.get("/api/search?help_kind=treffpunkt&type=place").get_json()
    assert names(places) == {"Dorfhaus Ostdorf"} and places["facets"]["help_kind"]["fahrdienst"] == 0
    together = client.get("/api/search?help_kind=fahrdienst&theme=begegnung&type=initiative").get_json()
    assert names(together) == {"Rufbus Westdorf", "Nachbarn Westdorf"}  # make_listing's default theme
    assert client.get("/api/search?help_kind=online").get_json()["total"] == 0


@pytest.mark.parametrize("value", ["unsinn", "Fahrdienst", "<b>x</b>", "fahrdienst,treffpunkt", "x" * 300])
def test_unknown_kind_is_400_in_the_api_and_a_plain_message_on_the_pages(registry, client, value):
    api = client.get("/api/search", query_string={"help_kind": value})
    assert (
        api.status_code == 400 and "gibt es in dieser Auswahl nicht" in api.get_json()["errors"]["help_kind"]
    )
    page = client.get("/suche", query_string={"help_kind": value, "q": "Bus"}, headers=DE)
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "Diese Suche konnte nicht ausgeführt werden" in html
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#s-kind">Art der Hilfe</a>:' in summary and "help_kind" not in summary  # no parameter names
    assert 'name="help_kind"' in html and 'value="Bus"' in html  # the form stays, with what was typed
    assert "<b>x</b>" not in html
    assert client.get("/api/map", query_string={"help_kind": value, "zoom": "12"}).status_code == 400
    mapped = client.get("/karte", query_string={"help_kind": value}, headers=DE)
    assert mapped.status_code == 400 and 'href="#m-kind">Art der Hilfe</a>:' in mapped.get_data(as_text=True)


def test_search_page_and_map_filter_by_kind(registry, client):
    html = client.get("/suche?help_kind=treffpunkt", headers=DE).get_data(as_text=True)
    assert "Dorfhaus Ostdorf" in html and "Rufbus Westdorf" not in html
    assert re.search(r'<option value="treffpunkt" selected>Treffpunkt und Raum \(1\)</option>', html)
    assert re.search(r'<option value="fahrdienst">Fahrdienst und Mobilität \(3\)</option>', html)
    features = client.get(f"/api/map?{BBOX}&help_kind=fahrdienst").get_json()["features"]
    # the need has neither area nor region: it stands for its Kommune (needs/location.py), on the map too
    assert {f["properties"]["name"] for f in features} == {
        "Rufbus Westdorf",
        "Nachbarn Westdorf",
        "Zu wenig Bürgerbusse, kein Fahrdienst",
    }
    page = client.get("/karte?help_kind=treffpunkt", headers=DE).get_data(as_text=True)
    assert '<option value="treffpunkt" selected>' in page
