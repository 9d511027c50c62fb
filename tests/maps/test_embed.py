"""The embeddable map (/embed/karte) and its snippet generator (/einbetten): who may frame it, no
cookies, the filter kept in every link, the language from the URL."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_kommune, make_listing
from tests.url_map import HIDDEN_MARKERS
from zwk_network.config import embed_origins
from zwk_network.registry.models import Initiative, MeetingPlace


def policy(response) -> str:
    return response.headers["Content-Security-Policy"]


def frame_ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]+)", policy(response)).group(1).strip()


def links(page: str) -> list[str]:
    return [html.unescape(url) for url in re.findall(r'<a [^>]*href="([^"]+)"', page)]


@pytest.fixture
def entries(app):
    kommune = make_kommune()
    make_listing(Initiative, "Seniorentreff West", 12.1, 53.8, themes=["begegnung"])
    make_listing(Initiative, "Sportverein West", 12.15, 53.82, themes=["sport"])
    make_listing(MeetingPlace, "Dorfhaus Ost", 12.3, 53.8, themes=["begegnung"])
    make_listing(Initiative, f"Wartende {HIDDEN_MARKERS['pending']}", 12.1, 53.8, status="pending")
    return kommune


def test_only_the_embed_may_be_framed(entries, client):
    embedded = client.get("/embed/karte?kommune=testkreis")
    assert embedded.status_code == 200
    assert frame_ancestors(embedded) == "*"  # no origins configured: any website may embed the map
    assert "X-Frame-Options" not in embedded.headers
    assert "default-src 'self'" in policy(embedded) and "script-src 'self' 'nonce-" in policy(embedded)
    for path in ("/karte", "/einbetten", "/", "/initiativen", "/api/map?zoom=9"):
        response = client.get(path)
        assert frame_ancestors(response) == "'none'", path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_the_embed_sets_no_cookie_even_for_a_signed_in_visitor(entries, client):
    client.get("/intern/anmelden")  # the login form puts a CSRF token into a session cookie
    assert client.get_cookie("session") is not None
    for path in ("/embed/karte", "/embed/karte?theme=begegnung&lang=en"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path
        assert "csrf_token" not in response.get_data(as_text=True)
    assert "Set-Cookie" in client.get("/intern/anmelden").headers  # elsewhere the session goes on


def test_configured_origins_frame_only_their_kommunes_embeds(entries, app, client):
    app.config["EMBED_ORIGINS"] = embed_origins(
        "https://www.landkreis.example, testkreis=https://www.testkreis.example"
    )
    try:
        own = client.get("/embed/karte?kommune=testkreis")
        assert frame_ancestors(own) == "'self' https://www.landkreis.example https://www.testkreis.example"
        by_region = client.get("/embed/karte?region=west")  # a region names its Kommune
        assert "https://www.testkreis.example" in frame_ancestors(by_region)
        other = client.get("/embed/karte")
        assert frame_ancestors(other) == "'self' https://www.landkreis.example"
        assert frame_ancestors(client.get("/karte")) == "'none'"
    finally:
        app.config["EMBED_ORIGINS"] = {}


@pytest.mark.parametrize(
    "raw", ["www.x.de", "https://x.de/path", "Test Kreis=https://x.de", "javascript:x", ","]
)
def test_malformed_embed_origins_are_refused(raw):
    with pytest.raises(ValueError):
        embed_origins(raw)


def test_links_open_the_full_site_in_a_new_tab_with_the_filter(entries, client):
    response = client.get("/embed/karte?kommune=testkreis&theme=begegnung&type=initiative,place&view=9/53/12")
    page = response.get_data(as_text=True)
    assert '<base target="_blank">' in page
    assert "Seniorentreff West" in page and "Dorfhaus Ost" in page
    assert "Sportverein West" not in page  # another theme
    assert HIDDEN_MARKERS["pending"] not in page
    full = [url for url in links(page) if urlsplit(url).path in ("/karte", "/suche")]
    assert full, "a link to the full map"
    for url in full:
        query = parse_qs(urlsplit(url).query)
        assert query["kommune"] == ["testkreis"] and query["theme"] == ["begegnung"]
        assert query["type"] == ["initiative,place"] and "view" not in query
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    assert hidden == {"kommune": "testkreis", "theme": "begegnung", "type": "initiative,place"}
    assert "<noscript>" in page and "/karte?" in page.split("<noscript>")[1].split("</noscript>")[0]


def test_the_embed_speaks_the_language_of_its_url(entries, client):
    english = client.get("/embed/karte?lang=en", headers={"Accept-Language": "de"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Set-Cookie" not in english.headers
    german = client.get("/embed/karte", headers={"Accept-Language": "de"})
    assert '<html lang="de">' in german.get_data(as_text=True)
    assert '<html lang="de">' in client.get("/karte?lang=en").get_data(as_text=True)  # only embeds


def test_bad_filters_are_said_not_a_500(entries, client):
    response = client.get("/embed/karte?theme=gibtsnicht")
    assert response.status_code == 400
    assert "gibtsnicht" in response.get_data(as_text=True)


def test_the_generator_writes_the_snippet(entries, app, client):
    response = client.get("/einbetten?kommune=testkreis&theme=begegnung&type=initiative&size=klein&lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    code = html.unescape(re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    base = app.config["BASE_URL"].rstrip("/")
    src = re.search(r'<iframe src="([^"]+)"', code).group(1)
    assert src.startswith(base + "/embed/karte?")
    assert parse_qs(urlsplit(html.unescape(src)).query) == {
        "kommune": ["testkreis"],
        "theme": ["begegnung"],
        "type": ["initiative"],
        "lang": ["en"],
    }
    assert 'width="400" height="450"' in code and 'title="' in code
    preview = re.search(r'<iframe class="embed-preview[^"]*" src="([^"]+)"', page).group(1)
    assert html.unescape(preview) == html.unescape(src)[len(base) :]
    assert "Set-Cookie" not in client.get(html.unescape(preview)).headers


def test_the_generator_keeps_the_input_and_says_what_is_wrong(entries, client):
    response = client.get("/einbetten?kommune=testkreis&size=riesig&lang=fr&theme=<b>")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="embed-code"' not in page and "<b>" not in page
    assert "klein, mittel, breit" in page and "de, en" in page
    assert '<option value="testkreis" selected>' in page
