"""The registration fixes of issue 15 (section 3) in Chromium, on a desktop and on a phone: marked
required fields, the focus on the error summary, the check step's map and town, a form over its
rate limit that keeps what was typed, a conference's places, the need form's public/internal note."""

from datetime import timedelta

import pytest

from tests.browser.conftest import TESSIN_LAT, RecordedPage
from tests.browser.test_registration import serious_violations, sign_in_as_admin
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db, limiter
from zwk_network.municipalities.models import Kommune
from zwk_network.timeutil import local_today

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, browser, live_server):
    context = browser.new_context(viewport={"width": WIDTHS[request.param], "height": 900}, locale="de-DE")
    recorded = RecordedPage(context.new_page(), live_server.url)
    yield recorded
    context.close()
    with live_server.app.app_context():
        limiter.reset()


def no_sideways_scrolling(p) -> bool:
    return p.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def fill_entry(p, name="Chor Tessin", email="chor@example.org"):
    p.fill("#name", name)
    p.fill("#town", "Tessin")
    p.wait_for_function("() => document.querySelector('#f-point-lat').value !== ''")
    assert p.input_value("#f-point-lat") == TESSIN_LAT
    p.fill("#website", "www.chor-tessin.de")
    p.fill("#submitter_email", email)


def test_required_marks_focus_and_the_check_step(sized_page):
    page, p = sized_page, sized_page.page
    page.goto("/eintragen/initiative")
    assert p.locator("label[for=name] .required-mark").inner_text() == "*"
    assert p.get_attribute("#name", "aria-required") == "true"
    assert p.locator("label[for=summary] .required-mark").count() == 0
    assert p.locator("label[for=name]").inner_text().startswith("Name der Initiative")
    fill_entry(p)
    p.fill("#email", "kaputt")
    p.click("button:has-text('Weiter zur Prüfung')")
    # autofocus applies once the page is rendered: wait for it rather than for the element alone.
    p.wait_for_function("() => document.activeElement && document.activeElement.id === 'error-summary'")
    assert serious_violations(p) == [] and no_sideways_scrolling(p)
    p.fill("#email", "chor@example.org")
    p.click("button:has-text('Weiter zur Prüfung')")
    p.wait_for_selector(".preview .mini-map .leaflet-marker-icon, .preview .mini-map .leaflet-interactive")
    facts = p.locator(".preview .facts").inner_text()
    assert "bei Tessin" in facts and TESSIN_LAT[:6] not in facts
    assert "https://www.chor-tessin.de" in p.locator("#published-heading + ul").inner_text()
    assert serious_violations(p) == [] and no_sideways_scrolling(p)


def test_over_the_limit_the_form_keeps_what_was_typed(sized_page, live_server):
    page, p = sized_page, sized_page.page
    app = live_server.app
    saved = app.config["REGISTRATION_LIMIT_PER_EMAIL"]
    app.config["REGISTRATION_LIMIT_PER_EMAIL"] = "1 per hour"
    try:
        for name in ("Chor Eins", "Chor Zwei"):
            page.goto("/eintragen/initiative")
            fill_entry(p, name=name, email="limit@example.org")
            p.click("button:has-text('Weiter zur Prüfung')")
            p.check("#consent")
            p.click("button:has-text('Eintrag absenden')")
            p.wait_for_load_state()
    finally:
        app.config["REGISTRATION_LIMIT_PER_EMAIL"] = saved
    assert "Noch nicht gespeichert" in p.inner_text("#error-summary")
    p.wait_for_function("() => document.activeElement && document.activeElement.id === 'error-summary'")
    assert p.locator("#preview-heading").inner_text() == "Chor Zwei" and p.is_checked("#consent")
    assert serious_violations(p) == [] and no_sideways_scrolling(p)


def test_a_full_conference_says_so(sized_page, live_server):
    page, p = sized_page, sized_page.page
    with live_server.app.app_context():
        conference = db.session.scalar(db.select(Conference).where(Conference.slug == "browser-voll"))
        if conference is None:
            kommune = db.session.scalar(db.select(Kommune))
            day = local_today() + timedelta(days=20)
            conference = Conference(
                kommune_id=kommune.id, slug="browser-voll", title="Volle Konferenz", year=day.year, date=day
            )
            conference.capacity = 0
            db.session.add(conference)
            db.session.commit()
        conference_id = conference.id
    page.goto("/konferenzen")
    headings = p.locator("main h2").all_inner_texts()
    assert headings.index("Kommende Veranstaltungen") < headings.index("Vergangene Veranstaltungen")
    card = p.locator(".card", has_text="Volle Konferenz")
    assert "ausgebucht – Warteliste" in card.inner_text()
    assert serious_violations(p) == [] and no_sideways_scrolling(p)
    page.goto(f"/konferenzen/{conference_id}")
    assert "ausgebucht – Warteliste" in p.inner_text("main")
    assert p.locator("a.button", has_text="Auf die Warteliste setzen").count() == 1


def test_the_need_form_says_what_is_public(sized_page, live_server):
    page, p = sized_page, sized_page.page
    sign_in_as_admin(page, live_server, f"notiz-{p.viewport_size['width']}@example.org")
    page.goto("/intern/bedarfe/neu")
    assert "Öffentlich sichtbar" in p.inner_text("#description-hint")
    assert "Wird nie veröffentlicht" in p.inner_text("#internal_note-hint")
    assert serious_violations(p) == []
