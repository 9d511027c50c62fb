"""The public legal pages: the installation's text, a Kommune's own or the fallback, languages, the
privacy notice's third parties, footer links on every page, and the privacy link at every consent."""

import re
from datetime import date

import pytest

from tests.factories import make_kommune
from tests.submissions.helpers import VALID, login, post_form
from tests.test_template_syntax import world  # noqa: F401  (the fixture: one of everything)
from tests.url_map import rule_urls, rules
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.legal.pages import PAGES

from .helpers import write_text

KEYS = list(PAGES)


def test_each_page_shows_the_installations_text(app, client):
    make_kommune()
    for key in KEYS:
        write_text(key, title=f"Seite {key}", body=f"Text der Installation für {key}.")
    for key in KEYS:
        html = client.get(f"/{key}").get_data(as_text=True)
        assert f"<h1>Seite {key}</h1>" in html and f"Text der Installation für {key}." in html
        assert "testkreis" in html  # the Kommunen's versions are linked from the installation's page


def test_a_kommune_shows_its_own_text_else_the_installations(app, client):
    kommune = make_kommune()
    make_kommune("anderswo", "Anderswo")
    write_text("impressum", title="Impressum der Installation", body="Betreiber: Installation")
    fallback = client.get("/kommunen/testkreis/impressum").get_data(as_text=True)
    assert "Betreiber: Installation" in fallback and "keinen eigenen Text" in fallback
    assert "Testkreis" in fallback  # the breadcrumb names the Kommune

    write_text("impressum", kommune=kommune, title="Impressum Testkreis", body="Betreiber: Testkreis")
    own = client.get("/kommunen/testkreis/impressum").get_data(as_text=True)
    assert (
        "Betreiber: Testkreis" in own and "Betreiber: Installation" not in own and "keinen eigenen" not in own
    )
    other = client.get("/kommunen/anderswo/impressum").get_data(as_text=True)
    assert "Betreiber: Installation" in other and "Betreiber: Testkreis" not in other
    assert "Betreiber: Installation" in client.get("/impressum").get_data(as_text=True)
    # The footer on a Kommune's pages leads to its versions.
    assert 'href="/kommunen/testkreis/datenschutz"' in own
    assert client.get("/kommunen/unbekannt/impressum").status_code == 404


def test_a_page_without_any_text_says_so(app, client):
    response = client.get("/barrierefreiheit")
    assert response.status_code == 200
    assert "noch nicht hinterlegt" in response.get_data(as_text=True)


def test_english_reader_gets_the_english_text_or_the_german_one_marked_as_german(app, client):
    write_text("impressum", title="Impressum", body="Deutscher Text")
    write_text("datenschutz", title="Datenschutzerklärung", body="Deutscher Datenschutztext")
    write_text("datenschutz", language="en", title="Privacy notice", body="English privacy text")
    client.get("/sprache/en?next=/")
    german_only = client.get("/impressum").get_data(as_text=True)
    assert '<html lang="en">' in german_only
    assert re.search(r'<article class="legal-text" lang="de">\s*<h1>Impressum</h1>', german_only)
    assert "Deutscher Text" in german_only and "This text is available in German only." in german_only
    english = client.get("/datenschutz").get_data(as_text=True)
    assert "English privacy text" in english and "Deutscher Datenschutztext" not in english
    assert 'lang="de"' not in english.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Legal notice" in english  # the chrome (footer) is translated


def test_privacy_notice_names_the_configured_tile_server_and_geocoder(app, client):
    write_text("datenschutz", body="Text")
    app.config["TILE_URL"] = "https://kacheln.example.org/{z}/{x}/{y}.png"
    try:
        html = client.get("/datenschutz").get_data(as_text=True)
        assert "kacheln.example.org" in html and "IP-Adresse" in html
        assert "Ortssuche" not in html
        app.config.update(GEOCODER="nominatim", GEOCODER_URL="https://orte.example.net/suche")
        html = client.get("/datenschutz").get_data(as_text=True)
        assert "orte.example.net" in html and "Ortssuche" in html
        assert "kacheln.example.org" not in client.get("/impressum").get_data(as_text=True)
    finally:
        app.config.update(
            TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png", GEOCODER="", GEOCODER_URL=""
        )


FOOTER = {f"/{key}" for key in KEYS}


def footer_links(html: str) -> set[str]:
    nav = re.search(r'<nav class="legal-links"[^>]*>(.*?)</nav>', html, re.S)
    return set(re.findall(r'href="([^"]+)"', nav.group(1))) if nav else set()


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_links_the_legal_pages_in_its_footer(app, client, world, signed_in):  # noqa: F811
    if signed_in:
        login(client)
    checked = 0
    for rule in rules(app):
        if rule.endpoint == "api.not_found" or rule.rule.startswith("/intern/") != signed_in:
            continue
        for url in rule_urls(app, rule, world):
            response = client.get(url)
            if response.mimetype != "text/html" or 300 <= response.status_code < 400:  # a redirect is no page
                continue
            links = footer_links(response.get_data(as_text=True))
            kommune = {f"/kommunen/testkreis/{key}" for key in KEYS}
            assert links in (FOOTER, kommune), (url, response.status_code, links)
            if url.startswith("/kommunen/testkreis/") and response.status_code == 200:
                assert links == kommune, url
            checked += 1
    assert checked >= (10 if signed_in else 30)
    assert footer_links(client.get("/gibt-es-nicht").get_data(as_text=True)) == FOOTER  # the 404 page too


def test_every_consent_links_the_privacy_notice(app, client):
    kommune = make_kommune()
    conference = Conference(
        kommune_id=kommune.id, slug="k", title="Konferenz", year=2099, date=date(2099, 5, 1), capacity=10
    )
    db.session.add(conference)
    db.session.commit()
    registration = client.get(f"/konferenzen/{conference.id}/anmelden").get_data(as_text=True)
    consent = registration.index('name="consent"')
    link = registration.index('href="/kommunen/testkreis/datenschutz"')
    assert 0 < link - consent < 1000  # right at the consent, not only in the footer
    confirm = post_form(client, "/eintragen/initiative", {**VALID, "step": "check"})
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and 'name="consent"' in html
    consent = html.index('name="consent"')
    assert 0 < html.index('href="/datenschutz"', consent) - consent < 1000
