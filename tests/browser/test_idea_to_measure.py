"""From idea to measure in a real browser without JavaScript: a resident sends an idea, a planner
publishes it, another resident says „Betrifft mich auch“, the planner links it to a need and turns
it into a measure, and the public follows the chain on the idea board and the Werkstattplan; axe
(in a page with scripts, at the same address) on the moderation page, the board, the Werkstattplan
and the map with its layer of ideas."""

import pytest
from sqlalchemy import select

from zwk_network.accounts.services import create_user
from zwk_network.extensions import db
from zwk_network.municipalities.models import Kommune
from zwk_network.needs.models import Need
from zwk_network.participation.models import Contribution

from .test_registration import serious_violations

PASSWORD = "ein-langes-passwort-123"


def axe_clean(axe_page, url: str) -> None:
    axe_page.goto(url)
    assert serious_violations(axe_page) == [], url
    assert axe_page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), url


def sign_in(p, base: str, email: str) -> None:
    p.goto(base + "/intern/anmelden")
    p.fill("#email", email)
    p.fill("#password", PASSWORD)
    p.click("main form button[type=submit]")
    p.wait_for_url("**/intern/")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_idea_followed_to_its_measure_without_javascript(browser, live_server, width):
    base = live_server.url
    email = f"ideen{width}@example.org"
    with live_server.app.app_context():
        create_user(email, PASSWORD, "planner", ["landkreis-rostock"], "Pia Planer")
        kommune = db.session.scalar(select(Kommune).where(Kommune.slug == "landkreis-rostock"))
        need = db.session.scalar(select(Need).where(Need.kommune_id == kommune.id).order_by(Need.id))
        need_id, need_title = need.id, need.title
        db.session.commit()
    options = {"viewport": {"width": width, "height": 900}, "locale": "de-DE", "java_script_enabled": False}
    resident, planner, neighbour = (browser.new_context(**options) for _ in range(3))
    scripted = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    axe_page = scripted.new_page()
    text = f"Ein Repair-Café im Gemeindehaus Tessin, einmal im Monat ({width})"

    p = resident.new_page()
    p.goto(base + "/mitmachen")
    p.check("input[name=kind][value=idee]")
    p.fill("#text", text)
    p.fill("#town", "Tessin")
    p.check("#consent")
    p.click("button:has-text('Beitrag senden')")
    p.wait_for_url("**/mitmachen/danke")
    with live_server.app.app_context():
        contribution_id = db.session.scalar(select(Contribution.id).where(Contribution.text == text))
    card = f"#beitrag-{contribution_id}"
    p.goto(base + "/ideen")
    assert text not in p.inner_text("main")  # not before review

    staff = planner.new_page()
    sign_in(staff, base, email)
    review = f"{base}/intern/mitmachen/{contribution_id}"
    staff.goto(review)
    staff.click("button:has-text('Auf die Ideenwand')")
    assert "Veröffentlicht" in staff.inner_text("main [role=status]")

    other = neighbour.new_page()
    other.goto(base + "/ideen")
    assert text in other.inner_text(card) and "noch nicht aufgegriffen" in other.inner_text(card)
    other.click(f"{card} button:has-text('Betrifft mich auch')")
    assert "1 Person sagt: betrifft mich auch." in other.inner_text(card)

    staff.goto(review)
    staff.check(f"input[name=needs][value='{need_id}']")
    staff.click("button:has-text('Verknüpfungen speichern')")
    assert "Verknüpfungen gespeichert." in staff.inner_text("main [role=status]")
    staff.click("button:has-text('Als neue Maßnahme anlegen')")
    staff.wait_for_url("**/intern/massnahmen/*")
    assert "Maßnahme „Ein Repair-Café" in staff.inner_text("main [role=status]")
    measure_title = staff.input_value("#title")
    assert measure_title.startswith("Ein Repair-Café im Gemeindehaus Tessin")

    other.goto(base + "/ideen")
    assert "Stand: aufgegriffen" in other.inner_text(card)
    assert need_title in other.inner_text(card) and measure_title in other.inner_text(card)
    other.click(f"{card} a:has-text('{measure_title[:30]}')")
    assert measure_title in other.inner_text("h1")
    other.goto(base + "/kommunen/landkreis-rostock/werkstattplan")
    chain = other.inner_text("#ideen-kette + p + div")
    assert need_title in chain and text[:60] in chain and measure_title[:60] in chain

    for url in ("/ideen", "/kommunen/landkreis-rostock/werkstattplan", "/karte"):
        axe_clean(axe_page, base + url)
    # With scripts, the map draws the published idea as a circle of the ideas layer's colour.
    axe_page.wait_for_selector("path[stroke='#5a2d82']", state="attached")
    sign_in(axe_page, base, email)
    axe_clean(axe_page, review)
    for context in (resident, planner, neighbour, scripted):
        context.close()
