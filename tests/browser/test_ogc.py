"""The OGC API's HTML pages, the JSON API's description page and the calendar links in the browser: axe on a phone and on the
desktop, nothing wider than the screen, nothing from another host."""

import pytest

from .test_registration import serious_violations

PAGES = [
    "/ogc/?f=html",
    "/ogc/conformance?f=html",
    "/ogc/api?f=html",
    "/ogc/collections?f=html",
    "/ogc/collections/places?f=html",
    "/ogc/collections/initiatives/queryables?f=html",
    "/ogc/collections/initiatives/items?f=html&limit=20",
    "/ogc/collections/needs/items?f=html",
    "/konferenzen",
    "/api/docs",  # the JSON API's description as a page (the layout walk leaves /api out)
]


@pytest.mark.parametrize("width", [1280, 390])
def test_ogc_pages_pass_axe_and_fit_the_screen(page, width):
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert serious_violations(p) == [], path
        assert p.evaluate("document.documentElement.scrollWidth") <= width + 1, path
    page.goto("/ogc/collections/initiatives/items?f=html")
    p.locator("tbody a").first.click()
    p.wait_for_url("**/items/*")
    assert p.locator("h1").count() == 1 and serious_violations(p) == []
    assert page.hosts() == {page.base_url.split("://", 1)[1]}
    assert not page.console_errors, page.console_errors


def test_the_conference_page_offers_the_feed_as_webcal_and_https(page):
    page.goto("/konferenzen")
    p = page.page
    p.locator("ul.cards a").first.click()
    p.wait_for_url("**/konferenzen/*")
    p.locator(".calendar-subscribe a").first.wait_for()
    links = p.locator(".calendar-subscribe a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs[0].startswith("webcal://") and hrefs[1].startswith(
        page.base_url + "/konferenzen.ics?kommune="
    )
    assert hrefs[0].split("://", 1)[1] == hrefs[1].split("://", 1)[1]
