"""The map's place field in the browser, at desktop and phone width: a place typed as people spell it,
picked from the autocomplete with the keyboard, the map centred on it and its list sorted by distance."""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import RecordedPage
from .test_maps import wait_for_map_data

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
#: Where screenshots go when ZWK_SCREENSHOTS names a folder (to look at them; tests assert the rest).
SCREENSHOTS = os.environ.get("ZWK_SCREENSHOTS")


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, live_server):
    context = browser.new_context(locale="de-DE", **VIEWPORTS[request.param])
    recorded = RecordedPage(context.new_page(), live_server.url)
    recorded.width = request.param
    yield recorded
    context.close()


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{page.width}.png"), full_page=True)


def show_filters(p) -> None:
    """On a phone the map's search and filters are one line to open (the map comes first)."""
    if not p.evaluate("document.getElementById('map-filter-box').open"):
        p.click("#map-filter-box > summary")


def kilometres(text: str) -> float:
    return float(re.search(r"(\d+(?:,\d)?) km entfernt", text).group(1).replace(",", "."))


def test_a_place_picked_by_keyboard_sorts_the_map_list_by_distance(sized_page):
    page, p = sized_page, sized_page.page
    page.goto("/karte")
    wait_for_map_data(p)
    show_filters(p)
    p.locator("#m-near").focus()
    p.keyboard.type("Guestrow")
    p.wait_for_function(
        "() => [...document.querySelectorAll('#m-near-places [role=option]')].some(o => o.dataset.value === 'Güstrow')"
    )
    assert p.get_attribute("#m-near", "aria-expanded") == "true"
    p.keyboard.press("ArrowDown")  # the first place in the list …
    assert p.get_attribute("#m-near", "aria-activedescendant") == "m-near-places-0"
    screenshot(page, "karte-ortsvorschlaege")
    p.keyboard.press("Enter")  # … taken, without sending the form
    assert p.input_value("#m-near") == "Güstrow" and p.get_attribute("#m-near", "aria-expanded") == "false"
    p.keyboard.press("Enter")  # send the form: the map comes back centred on the place
    p.wait_for_url("**near=G%C3%BCstrow**")
    wait_for_map_data(p)
    assert p.locator("#error-summary").count() == 0
    show_filters(p)
    p.locator("#m-sort").focus()
    p.keyboard.press("ArrowDown")  # Relevanz → Entfernung
    p.wait_for_function("() => new URLSearchParams(location.search).get('sort') === 'distance'")
    wait_for_map_data(p, loads=2)
    rows = p.locator("#map-entries li").all_inner_texts()
    distances = [kilometres(row) for row in rows]
    assert len(distances) >= 5 and distances == sorted(distances) and distances[0] < 3
    query = parse_qs(urlsplit(p.url).query)
    assert query["near"] == ["Güstrow"] and query["sort"] == ["distance"]
    centre = p.evaluate(
        "() => { const v = new URLSearchParams(location.search).get('view').split('/');"
        " return [Number(v[1]), Number(v[2])]; }"
    )
    assert abs(centre[0] - 53.79) < 0.1 and abs(centre[1] - 12.17) < 0.15  # Güstrow
    screenshot(page, "karte-guestrow-entfernung")
    assert not page.console_errors, page.console_errors


def test_radius_is_drawn_and_an_unknown_place_keeps_the_form(sized_page):
    page, p = sized_page, sized_page.page
    page.goto("/karte?near=G%C3%BCstrow&radius_km=10")
    wait_for_map_data(p)
    radius = p.locator(".leaflet-overlay-pane path[stroke-dasharray='6 4']")
    assert radius.count() == 1
    box = radius.bounding_box()
    map_box = p.locator(".map").bounding_box()
    assert box["width"] <= map_box["width"] + 1 and box["width"] > map_box["width"] * 0.4  # fitted to the map
    screenshot(page, "karte-guestrow-10km")
    show_filters(p)
    p.fill("#m-near", "Rostock")  # typed, not sent: the map keeps asking for the place it shows
    p.select_option("#m-theme", "jugend")
    wait_for_map_data(p, loads=2)
    asked = parse_qs(urlsplit([url for url in page.requests if "/api/map" in url][-1]).query)
    assert asked["near"] == ["Güstrow"] and asked["radius_km"] == ["10"] and asked["theme"] == ["jugend"]
    p.fill("#m-near", "Guestro Nord")
    p.locator("#m-near").press("Enter")
    p.wait_for_url("**near=Guestro+Nord**")
    summary = p.locator("#error-summary")
    assert "kennen wir nicht" in summary.inner_text()
    assert p.input_value("#m-near") == "Guestro Nord" and p.input_value("#m-radius") == "10"
    status = p.locator("#map-status").inner_text()
    assert "near" not in status and "nicht geladen" not in status  # the map asks nothing with the bad place
    assert not any("/api/map" in url and "Nord" in url for url in page.requests)
    screenshot(page, "karte-unbekannter-ort")
