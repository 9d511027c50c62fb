"""The legal pages in the browser: footer links on a phone and on the desktop, axe on every new page,
and an admin writing a text that the public page then shows."""

import re

import pytest

from .test_registration import serious_violations, sign_in_as_admin

LEGAL = {
    "/impressum": "Impressum",
    "/datenschutz": "Datenschutzerklärung",
    "/barrierefreiheit": "Erklärung zur Barrierefreiheit",
    "/leichte-sprache": "Leichte Sprache",
    "/gebaerdensprache": "Gebärdensprache",
}


@pytest.mark.parametrize("width", [390, 1280])
def test_footer_links_reach_every_legal_page(page, width):
    p = page.page
    p.set_viewport_size({"width": width, "height": 800})
    for start in ("/", "/karte", "/kommunen/landkreis-rostock"):
        page.goto(start)
        links = p.locator("footer nav.legal-links a")
        assert links.all_inner_texts() == list(LEGAL.values()), start
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            # a target of 24 px at least, on the screen
            assert box["height"] >= 24 and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert p.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.goto("/")
    for path, label in LEGAL.items():
        p.locator("footer nav.legal-links a", has_text=label).click()
        p.wait_for_url(f"**{path}")
        assert p.locator("h1").count() == 1 and p.locator("footer nav.legal-links").is_visible()
    page.goto("/kommunen/landkreis-rostock")
    p.locator("footer nav.legal-links a", has_text="Impressum").click()
    p.wait_for_url("**/kommunen/landkreis-rostock/impressum")
    assert "Landkreis Rostock" in p.inner_text("h1")
    assert p.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert not page.console_errors, page.console_errors


PAGES_FOR_AXE = [
    *LEGAL,
    "/kommunen/landkreis-rostock/impressum",
    "/kommunen/goeltzschtal/datenschutz",
    "/barrierefreiheit/rueckmeldung",
    "/kommunen/landkreis-rostock/barrierefreiheit/rueckmeldung/danke",
]


@pytest.mark.parametrize("path", PAGES_FOR_AXE)
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_violation_on_the_legal_pages(page, path, width):
    page.page.set_viewport_size({"width": width, "height": 800})
    page.goto(path)
    assert serious_violations(page.page) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_a_barrier_is_reported_from_the_statement(page, width):
    """The statement links the form; a report without consent says why and keeps the text; with it,
    the confirmation is announced. On a phone nothing scrolls sideways."""
    p = page.page
    p.set_viewport_size({"width": width, "height": 800})
    page.goto("/kommunen/landkreis-rostock/barrierefreiheit")
    p.click("a[href='/kommunen/landkreis-rostock/barrierefreiheit/rueckmeldung']")
    p.wait_for_url("**/barrierefreiheit/rueckmeldung")
    p.fill("#description", f"Der Filter auf der Karte ist mit dem Bildschirmleser stumm ({width}).")
    p.fill("#address", "https://example.org/karte")
    p.click("form.entry-form button[type=submit]")
    p.wait_for_load_state()
    assert "Ohne Ihre Zustimmung" in p.inner_text("#error-summary")
    assert p.input_value("#description").endswith(f"stumm ({width}).")
    assert serious_violations(p) == []
    p.check("#consent")
    p.click("form.entry-form button[type=submit]")
    p.wait_for_url("**/rueckmeldung/danke")
    assert "an die zuständige Stelle gegangen" in p.inner_text("p.notice[role=status]")
    assert p.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert [e for e in page.console_errors if "status of 400" not in e] == []  # the refused form


def test_admin_writes_a_text_and_the_staff_pages_pass_axe(page, live_server):
    sign_in_as_admin(page, live_server, "recht@example.org")
    p = page.page
    page.goto("/intern/rechtliches")
    assert serious_violations(p) == []
    p.click("a[href='/intern/rechtliches/impressum/goeltzschtal/de']")
    p.wait_for_url("**/impressum/goeltzschtal/de")
    assert serious_violations(p) == []
    p.fill("#title", "Impressum Städteverbund")
    p.fill("#body", "## Anbieter\n\n[Anschrift – vom Betreiber zu ergänzen]\n\n<script>alert(1)</script>")
    p.click("button[name=vorschau]")
    assert "<script>alert(1)</script>" in p.inner_text(".legal-preview")  # shown as text
    assert serious_violations(p) == []
    p.click("form.entry-form button[type=submit]:not([name])")
    p.wait_for_url(re.compile(r"/intern/rechtliches$"))
    assert "Gespeichert: Impressum (Städteverbund Göltzschtal, Deutsch)" in p.inner_text("[role=status]")
    page.goto("/intern/rechtliches/barrierefreiheit/goeltzschtal/kontakt")
    assert serious_violations(p) == []
    page.goto("/kommunen/goeltzschtal/impressum")
    assert p.inner_text("h1") == "Impressum Städteverbund"
    assert "<script>alert(1)</script>" in p.inner_text("article")
    assert not page.console_errors, page.console_errors
