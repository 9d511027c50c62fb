"""The search page and GET /api/search: parameters, results, facets, bad input."""

import pytest

from zwk_network.search.reconcile import repair_drift

DE = {"Accept-Language": "de"}


@pytest.fixture
def client(seeded_app):
    repair_drift()
    return seeded_app.test_client()


def test_api_search_returns_results_facets_and_links(client):
    body = client.get("/api/search?q=Jugend&theme=sport&per_page=3").get_json()
    assert body["total"] > 3 and len(body["results"]) == 3 and body["pages"] == -(-body["total"] // 3)
    first = body["results"][0]
    assert set(first) == {
        "type",
        "id",
        "name",
        "score",
        "distance_km",
        "snippet",
        "url",
        "town",
        "demo",
        "partial",
    }
    assert client.get(first["url"]).status_code == 200
    assert body["facets"]["theme"]["sport"] == body["total"]
    assert set(body["facets"]) == {"type", "theme", "target_group", "help_kind", "region"}
    assert set(body["facets"]["region"]) <= {
        "nord-ost",
        "nord-west",
        "sued-ost",
        "sued-west",
        "auerbach",
        "rodewisch",
        "falkenstein",
        "ellefeld",
    }


def test_api_search_near_a_town_sorts_by_distance(client):
    body = client.get("/api/search?near=Bützow&radius_km=20&per_page=50").get_json()
    distances = [r["distance_km"] for r in body["results"]]
    assert distances and distances == sorted(distances) and distances[-1] <= 20
    typed = client.get("/api/search?near=Bützow&radius_km=20&type=place,conference").get_json()
    assert {r["type"] for r in typed["results"]} <= {"place", "conference"} and typed["total"] > 0


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND OR (",
        "x" * 2000,
        "<script>alert(1)</script>",
        "'; DROP TABLE needs; --",
        "ü ß ä",
        "***",
    ],
)
def test_any_text_is_searched_as_text(client, query):
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200 and "results" in response.get_json()
    assert client.get("/suche", query_string={"q": query}).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"type": "person"}, "type"),
        ({"sort": "random"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"lat": "91", "lon": "12"}, "lat"),
        ({"q": "a\x00b"}, "q"),
        ({"radius_km": "301", "near": "Teterow"}, "radius_km"),
        ({"bbox": "1,2,3"}, "bbox"),
    ],
)
def test_bad_parameters_get_a_400_with_the_reason(client, query, field):
    response = client.get("/api/search", query_string=query)
    assert response.status_code == 400 and field in response.get_json()["errors"]
    assert client.get("/suche", query_string=query).status_code == 400


def test_search_page_shows_suggestion_facets_and_escaped_snippets(client):
    html = client.get("/suche?q=Jugenclub", headers=DE).get_data(as_text=True)
    assert "Meinten Sie:" in html and "jugendclub" in html and "Jugendclub Bentwisch" in html
    html = client.get("/suche?q=Kleinbus", headers=DE).get_data(as_text=True)
    assert '<b class="match' in html and "Treffer" in html
    html = client.get("/suche?q=Kleinbus", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "results" in html or "result" in html
