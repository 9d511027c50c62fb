"""Mitmachen in a real browser without JavaScript, on a desktop and a phone: the errors are announced,
the contribution is sent, and it shows nowhere until a planner publishes it; axe on every page."""

from pathlib import Path

import pytest
from sqlalchemy import select

from zwk_network.extensions import db
from zwk_network.participation.models import Contribution
from zwk_network.participation.services import publish_contribution

from .test_registration import serious_violations

SHOTS = Path("/tmp/mitmachen_shots")


def looked_at(p, name: str, width: int, axe_page, same_page=False) -> None:
    """A screenshot of the script-less page; axe and the sideways check in a page with scripts (axe
    is a script), opened at the same address unless it shows the same page already."""
    if not same_page:
        axe_page.goto(p.url)
    assert serious_violations(axe_page) == [], p.url
    assert axe_page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), p.url
    SHOTS.mkdir(exist_ok=True)
    p.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_send_an_idea_without_javascript(browser, live_server, width):
    scripted = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    axe_page = scripted.new_page()
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", java_script_enabled=False
    )
    p = context.new_page()
    text = f"Eine Mitfahrbank am Marktplatz in Tessin ({width})"
    p.goto(live_server.url + "/mitmachen")
    looked_at(p, "mitmachen", width, axe_page)
    p.click("button:has-text('Beitrag senden')")
    assert "Bitte wählen Sie, worum es geht." in p.inner_text("#error-summary")
    axe_page.goto(live_server.url + "/mitmachen")
    axe_page.click("button:has-text('Beitrag senden')")
    looked_at(p, "mitmachen-errors", width, axe_page, same_page=True)
    p.check("input[name=kind][value=idee]")
    p.fill("#text", text)
    p.select_option("#theme", "mobilitaet")
    p.fill("#town", "Tessin")
    p.check("#consent")
    p.click("button:has-text('Beitrag senden')")
    p.wait_for_url("**/mitmachen/danke")
    looked_at(p, "mitmachen-thanks", width, axe_page)
    p.goto(live_server.url + "/ideen")
    assert text not in p.inner_text("main")  # not before review
    with live_server.app.app_context():
        contribution = db.session.scalar(select(Contribution).where(Contribution.text == text))
        assert contribution.gazetteer_place.name == "Tessin"
        publish_contribution(contribution)
        db.session.commit()
        card = f"#beitrag-{contribution.id}"
    p.goto(live_server.url + "/ideen")
    assert text in p.inner_text("main")
    looked_at(p, "ideen", width, axe_page)
    p.click(f"{card} button:has-text('Betrifft mich auch')")
    assert "1 Person sagt: betrifft mich auch." in p.inner_text(card)
    context.close()
    scripted.close()
