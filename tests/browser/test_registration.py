"""Registering in a real browser: the picker fills the location, errors are announced, axe is clean."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import TESSIN_LAT
from zwk_network.accounts.services import create_user
from zwk_network.extensions import db


def serious_violations(page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_register_with_the_town_and_see_errors_and_consent(page):
    p = page.page
    page.goto("/eintragen/initiative")
    p.fill("#name", "Jugendtreff Tessin")
    p.fill("#summary", "Offener Treff für Jugendliche")
    p.check("input[name=themes][value=jugend]")
    p.fill("#town", "Tessin")
    p.wait_for_function("() => document.querySelector('#f-point-lat').value !== ''")
    assert p.input_value("#f-point-lat") == TESSIN_LAT
    p.fill("#email", "kein-mail")
    p.fill("#submitter_email", "me@example.org")
    p.click("text=Weiter zur Prüfung")
    summary = p.locator("#error-summary")
    assert summary.get_attribute("role") == "alert" and "E-Mail" in summary.inner_text()
    assert p.get_attribute("#email", "aria-invalid") == "true"
    assert serious_violations(p) == []
    p.fill("#email", "treff@example.org")
    p.check("#publish_email")
    p.click("text=Weiter zur Prüfung")
    published = p.locator("#published-heading + ul").inner_text()
    assert "treff@example.org" in published
    assert "me@example.org" in p.locator("#private-heading + ul").inner_text()
    assert serious_violations(p) == []
    p.check("#consent")
    p.click("text=Eintrag absenden")
    p.wait_for_url("**/eintragen/danke")
    assert "Wie es weitergeht" in p.inner_text("main")
    # The form with errors came with status 400, which Chromium logs; nothing else may appear.
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def sign_in_as_admin(page, live_server, email: str) -> None:
    with live_server.app.app_context():
        create_user(email, "ein-langes-passwort-123", "admin", [], email.split("@")[0])
        db.session.commit()
    page.goto("/intern/anmelden")
    page.page.fill("#email", email)
    page.page.fill("#password", "ein-langes-passwort-123")
    page.page.click("form button[type=submit]")
    page.page.wait_for_url("**/intern/")


def test_staff_pages_pass_axe(page, live_server):
    sign_in_as_admin(page, live_server, "axe@example.org")
    p = page.page
    assert serious_violations(p) == []
    page.goto("/intern/protokoll")
    assert serious_violations(p) == []
    page.goto("/intern/eintrag/initiative/1")
    assert serious_violations(p) == []


def test_planner_draws_a_need_area(page, live_server):
    sign_in_as_admin(page, live_server, "zeichnen@example.org")
    p = page.page
    page.goto("/intern/bedarfe/neu")
    p.click("#n-point-draw")
    box = p.locator(".picker-map").bounding_box()
    for fx, fy in ((0.3, 0.3), (0.6, 0.3), (0.5, 0.7)):
        p.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    p.click("#n-point-finish")
    area = p.input_value("#n-point-area")
    assert '"type":"Polygon"' in area and area.count("[") >= 6
    assert p.input_value("#n-point-lat") == ""  # drawing does not set the point
    assert serious_violations(p) == []
