"""Public pages: German first, English complete, filters, pagination, empty states, escaping."""

import re

import pytest

from .factories import make_kommune, make_listing

DE = {"Accept-Language": "de"}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/initiativen",
        "/orte",
        "/bedarfe",
        "/konferenzen",
        "/kommunen/landkreis-rostock",
        "/kommunen/goeltzschtal",
        "/initiativen?kommune=goeltzschtal",
        "/bedarfe?region=nord-ost",
        "/initiativen?near=Teterow&radius_km=15",
    ],
)
def test_pages_render_in_german_with_one_h1(seeded_client, url):
    response = seeded_client.get(url, headers=DE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="de">' in html and len(re.findall(r"<h1[ >]", html)) == 1
    assert 'name="viewport"' in html and 'href="#main"' in html


def test_detail_pages(seeded_client):
    first = seeded_client.get("/api/initiatives?per_page=1").get_json()["items"][0]
    html = seeded_client.get(f"/initiativen/{first['id']}", headers=DE).get_data(as_text=True)
    assert first["name"].replace("&", "&amp;") in html and "Beispieldaten" in html
    conference = seeded_client.get("/api/conferences?per_page=100").get_json()["items"]
    dummerstorf = next(c for c in conference if c["slug"] == "2023-nord-ost")
    html = seeded_client.get(f"/konferenzen/{dummerstorf['id']}", headers=DE).get_data(as_text=True)
    assert "23. Februar 2023" in html and "15:30–19:30 Uhr" in html and "Gustav-Fröhlich-Allee 20" in html
    need = seeded_client.get("/api/needs?per_page=1").get_json()["items"][0]
    assert seeded_client.get(f"/bedarfe/{need['id']}").status_code == 200


def test_english_is_chosen_by_browser_or_switch(seeded_client):
    html = seeded_client.get("/initiativen", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="en">' in html and "Initiatives" in html and "Sample data" in html
    response = seeded_client.get("/sprache/de?next=/orte", headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/orte")
    html = seeded_client.get("/orte", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de">' in html and "Begegnungsorte" in html
    seeded_client.delete_cookie("zwk_lang")


def test_language_switch_refuses_foreign_redirects(seeded_client):
    response = seeded_client.get("/sprache/en?next=//evil.example/")
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]
    seeded_client.delete_cookie("zwk_lang")


def test_pagination_and_empty_states(seeded_client):
    html = seeded_client.get("/initiativen?per_page=10", headers=DE).get_data(as_text=True)
    assert "Seite 1 von" in html and 'rel="next"' in html
    html = seeded_client.get("/initiativen?theme=wohnen&target_group=zugewanderte", headers=DE).get_data(
        as_text=True
    )
    assert "Für diese Auswahl gibt es noch keine Einträge." in html
    html = seeded_client.get("/initiativen?page=999", headers=DE).get_data(as_text=True)
    assert "Diese Seite gibt es nicht mehr" in html


def test_bad_query_strings_get_a_400_page(seeded_client):
    response = seeded_client.get("/initiativen?radius_km=900&lat=54&lon=12", headers=DE)
    assert response.status_code == 400 and "radius_km" in response.get_data(as_text=True)
    assert "darf höchstens 300 km betragen" in response.get_data(as_text=True)
    english = seeded_client.get(
        "/api/initiatives?radius_km=900&lat=54&lon=12", headers={"Accept-Language": "en"}
    )
    assert english.get_json()["errors"]["radius_km"] == "must be at most 300 km"
    assert seeded_client.get("/initiativen?page=-1").status_code == 400
    assert seeded_client.get("/initiativen/abc").status_code == 404
    assert seeded_client.get("/kommunen/atlantis").status_code == 404


def test_user_text_is_escaped(client, app):
    make_kommune()
    script = "<script>alert('x')</script>"
    entry = make_listing(
        name=f"Böse {script}",
        summary=script,
        description=script,
        opening_times=script,
        contact_person=script,
        publish=["contact_person"],
    )
    for url in ("/initiativen", f"/initiativen/{entry.id}"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "&lt;script&gt;" in html


def test_security_headers(seeded_client):
    response = seeded_client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
