"""Every public page in the browser, on a phone (390 px) and a desktop: no horizontal page scroll, axe finds
no serious violation; the map page's phone layout; wide staff tables scroll inside themselves."""

from datetime import date

import pytest
from flask import template_rendered
from sqlalchemy import select

from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.measures.models import Measure
from zwk_network.municipalities.models import Kommune
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative, MeetingPlace

from .test_maps import wait_for_map_data
from .test_registration import serious_violations, sign_in_as_admin

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: Public GET routes that are no page to look at, or need what a visitor only has from a mail.
NOT_PAGES = {
    "i18n.switch_language": "a redirect",
    "reports.interim_pdf": "a PDF (tests/reports/test_pdf_ua.py)",
    "profiles.profile_pdf": "a PDF (tests/profiles/test_profile.py)",
    "reports.guide_pdf": "a PDF (tests/reports/test_guide.py)",
    "conferences.calendar": "a calendar file",
    "conferences.conference_calendar": "a calendar file",
    "submissions.download": "JSON",
    "submissions.manage": "a private edit link (tests/submissions)",
    "submissions.edit": "a private edit link (tests/submissions)",
    "submissions.delete": "a private edit link (tests/submissions)",
    "registrations.manage": "a private cancellation link (tests/conferences)",
    "registrations.registered": "shown after a registration (tests/conferences)",
    "ogc.not_found": "the OGC API's answer to an unknown path (404, tests/ogc)",
    "linkeddata.catalogue": "RDF: the DCAT catalogue (tests/linkeddata)",
    "linkeddata.catalogue_file": "RDF: the DCAT catalogue (tests/linkeddata)",
    "linkeddata.download": "GeoJSON and CSV downloads (tests/linkeddata)",
    "subscriptions.feed": "an Atom feed (tests/subscriptions)",
    "subscriptions.nearby_needs": "a private edit link (tests/subscriptions)",
    "subscriptions.confirm": "a private link from a mail (tests/subscriptions)",
    "subscriptions.manage": "a private link from a mail (tests/subscriptions)",
    "subscriptions.unsubscribe": "a private link from a mail (tests/subscriptions)",
    "subscriptions.one_click": "a mail program's unsubscribe request (tests/subscriptions)",
}


def first_id(model, *where) -> int:
    return db.session.scalar(select(model.id).where(*where).order_by(model.id))


@pytest.fixture(scope="module")
def public_pages(live_server) -> list[str]:
    """One URL of every public page, its arguments taken from the seeded database."""
    app = live_server.app
    with app.app_context():
        kommune = db.session.scalar(select(Kommune).order_by(Kommune.id))
        if db.session.scalar(select(Measure.id)) is None:  # the seed has none: one to look at
            db.session.add(
                Measure(
                    kommune_id=kommune.id, title="Mitfahrbank", status="geplant", starts_on=date(2026, 3, 1)
                )
            )
            db.session.commit()
        values = {
            "slug": kommune.slug,
            "need_id": first_id(Need),
            "conference_id": first_id(Conference),
            "measure_id": first_id(Measure),
            "word": "initiative",
            "collection_id": "initiatives",  # the OGC API's pages, as a browser asks for them (HTML)
            "feature_id": first_id(Initiative, Initiative.status == "approved"),
        }
        entry_ids = {
            "registry.initiative": first_id(Initiative, Initiative.status == "approved"),
            "registry.place": first_id(MeetingPlace, MeetingPlace.status == "approved"),
        }
        urls = []
        with app.test_request_context():
            from flask import url_for

            for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
                if "GET" not in rule.methods or rule.rule.startswith(("/intern", "/api", "/static")):
                    continue
                if rule.endpoint in NOT_PAGES:
                    continue
                arguments = {name: values.get(name) for name in rule.arguments - set(rule.defaults or {})}
                if "entry_id" in rule.arguments:
                    arguments["entry_id"] = entry_ids[rule.endpoint]
                # the legal pages share an endpoint; each rule's page is in its defaults
                urls.append(url_for(rule.endpoint, **arguments, **(rule.defaults or {})))
    return sorted(set(urls))


def test_every_public_page_is_walked(public_pages):
    expected = {
        "/",
        "/karte",
        "/suche",
        "/initiativen",
        "/orte",
        "/bedarfe",
        "/konferenzen",
        "/eintragen",
        "/eintragen/initiative",
        "/impressum",
        "/datenschutz",
        "/barrierefreiheit",
        "/leichte-sprache",
        "/gebaerdensprache",
        "/einbetten",
        "/embed/karte",
    }
    assert expected <= set(public_pages)
    assert len(public_pages) >= 30  # with the Kommune's pages, details, measures and its legal pages


def test_public_pages_fit_a_phone_and_pass_axe(page, public_pages, live_server):
    """At 390 px no page scrolls sideways; axe finds nothing serious at 390 and at 1280 px on one page of
    each set of templates (the same templates give the same markup and the same CSS)."""
    p = page.page
    problems = {}
    rendered: list[str] = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    desktop_pending = {}  # templates → the first URL that renders them
    with template_rendered.connected_to(record, live_server.app):
        p.set_viewport_size(PHONE)
        for url in public_pages:
            rendered.clear()
            response = page.goto(url)
            assert response.status == 200, url
            wide = p.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            if wide[0] > wide[1]:
                problems[(url, PHONE["width"], "scrolls sideways")] = wide
            if frozenset(rendered) in desktop_pending:
                continue
            desktop_pending[frozenset(rendered)] = url
            violations = serious_violations(p)
            if violations:
                problems[(url, PHONE["width"], "axe")] = violations
    assert len(desktop_pending) >= 25  # 33 template sets among 54 pages (December 2026)
    p.set_viewport_size(DESKTOP)
    for url in sorted(desktop_pending.values()):
        page.goto(url)
        violations = serious_violations(p)
        if violations:
            problems[(url, DESKTOP["width"], "axe")] = violations
    assert problems == {}
    assert not page.console_errors, page.console_errors


def test_the_map_is_on_a_phones_first_screen(page):
    p = page.page
    p.set_viewport_size(PHONE)
    page.goto("/karte")
    wait_for_map_data(p)
    box = p.locator(".map").bounding_box()
    assert box["y"] + 250 <= PHONE["height"]  # at least 250 px of map without scrolling
    assert p.evaluate("document.getElementById('map-filter-box').open") is False
    assert not p.locator("#m-q").is_visible()  # the filters are one line to open …
    p.click("#map-filter-box > summary")
    assert p.locator("#m-q").is_visible()  # … and open with a tap
    assert "unter der Karte" not in p.inner_text(".lead")  # the list is beside the map on a desktop
    scale = p.locator(".leaflet-control-scale-line")
    assert scale.count() == 1 and scale.inner_text().endswith(("km", " m"))  # metric only
    assert p.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    assert not page.console_errors, page.console_errors


def test_the_map_page_on_a_desktop(page):
    p = page.page
    page.goto("/karte")
    wait_for_map_data(p)
    assert p.locator("#m-q").is_visible() and not p.locator("#map-filter-box > summary").is_visible()
    lefts = [round(box["x"]) for box in (c.bounding_box() for c in p.locator("input[name=type]").all())]
    assert len(lefts) == 3 and len(set(lefts)) == 1  # the type checkboxes stand in one column
    map_box, list_box = p.locator(".map").bounding_box(), p.locator(".map-list").bounding_box()
    assert list_box["x"] > map_box["x"] + map_box["width"] - 1  # the list is beside the map
    items = p.locator("#map-entries li")
    assert items.count() >= 10
    # The list's numbers („10.“, „20.“) fit inside its left padding: none is clipped.
    room, number = p.evaluate(
        """() => {
          const list = document.getElementById('map-entries');
          const probe = document.createElement('span');
          probe.textContent = '20. ';
          probe.style.font = getComputedStyle(list).font;
          document.body.appendChild(probe);
          const width = probe.getBoundingClientRect().width;
          probe.remove();
          return [parseFloat(getComputedStyle(list).paddingLeft), width];
        }"""
    )
    assert room >= number
    assert not page.console_errors, page.console_errors


def test_without_javascript_the_locate_button_is_hidden(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="de-DE", viewport=PHONE)
    p = context.new_page()
    p.goto(live_server.url + "/karte")
    assert p.locator("#map-locate").count() == 1 and not p.locator("#map-locate").is_visible()
    assert p.locator("#map-entries li").count() > 0  # the list is there without the map
    assert p.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    context.close()


STAFF_TABLES = ["/intern/protokoll", "/intern/uebersicht", "/intern/bedarfe/neu"]


def test_wide_staff_tables_scroll_inside_themselves_on_a_phone(page, live_server):
    sign_in_as_admin(page, live_server, "telefon@example.org")
    p = page.page
    with live_server.app.app_context():
        conference_id = first_id(Conference)
        slug = db.session.scalar(select(Kommune.slug).order_by(Kommune.id))
    p.set_viewport_size(PHONE)
    pages = [
        *STAFF_TABLES,
        f"/intern/konferenzen/{conference_id}/anmeldungen",
        f"/kommunen/{slug}/werkstattplan",
        f"/kommunen/{slug}/luecken",
    ]
    for url in pages:
        page.goto(url)
        assert p.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), url
        for box in p.locator(".table-scroll").all():
            # a table wider than the phone scrolls in its box, which takes focus for the keyboard
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region", url
        assert serious_violations(p) == [], url
    page.goto("/intern/uebersicht")
    box = p.locator(".table-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # it is wider than the phone, and scrolls
    assert not page.console_errors, page.console_errors
