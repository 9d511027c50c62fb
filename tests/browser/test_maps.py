"""The public map and the mini-maps as a citizen uses them, in a real browser."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import TESSIN_LAT, TESSIN_LON, TILE_URL

MARKERS = ".zwk-marker, .zwk-cluster"


def wait_for_map_data(page, loads: int = 1):
    page.wait_for_function(
        "n => { const m = document.querySelector('.map'); return m && Number(m.dataset.loads || 0) >= n"
        " && m.getAttribute('aria-busy') === 'false'; }",
        arg=loads,
    )


def count_in_status(page) -> int:
    text = page.locator("#map-status").inner_text()
    match = re.search(r"(\d[\d.]*)", text)
    return int(match.group(1).replace(".", "")) if match else 0


def api(page, path: str) -> dict:
    return page.page.request.get(page.base_url + path).json()


def test_map_renders_markers_for_seeded_entries(page):
    page.goto("/karte?view=10/53.95/12.3")
    wait_for_map_data(page.page)
    assert page.page.locator(MARKERS).count() > 0
    expected = api(page, "/api/map?zoom=10&bbox=11.5,53.6,13.2,54.3&type=initiative,place,need")["total"]
    assert expected > 50
    assert count_in_status(page.page) > 0
    items = page.page.locator("#map-entries li")
    assert items.count() == min(20, count_in_status(page.page))


def test_filters_change_the_markers_and_the_url(page):
    page.goto("/karte?view=9/53.95/12.3")
    wait_for_map_data(page.page)
    everything = count_in_status(page.page)
    page.page.select_option("#m-theme", "jugend")
    wait_for_map_data(page.page, loads=2)
    youth = count_in_status(page.page)
    assert 0 < youth < everything
    names = page.page.locator("#map-entries li a").all_inner_texts()
    for name in names:
        found = api(page, "/api/search?theme=jugend&per_page=100&q=" + name)["results"]
        assert any(hit["name"] == name for hit in found), name
    query = parse_qs(urlsplit(page.page.url).query)
    assert query["theme"] == ["jugend"] and query["view"][0].startswith("9/")
    page.page.uncheck("input[name=type][value=initiative]")
    wait_for_map_data(page.page, loads=3)
    assert count_in_status(page.page) < youth
    assert "initiative" not in parse_qs(urlsplit(page.page.url).query)["type"]


def test_shared_url_restores_view_and_filters(page):
    page.goto("/karte?view=12/53.90/12.10&theme=mobilitaet")
    wait_for_map_data(page.page)
    assert page.page.locator("#m-theme").input_value() == "mobilitaet"
    view = parse_qs(urlsplit(page.page.url).query)["view"][0]
    zoom, lat, lon = view.split("/")
    assert zoom == "12" and abs(float(lat) - 53.90) < 0.001 and abs(float(lon) - 12.10) < 0.001


def test_popup_opens_with_the_right_name(page):
    entry = api(page, "/api/initiatives?per_page=1")["items"][0]
    lon, lat = entry["geometry"]["coordinates"]
    page.goto(f"/karte?view=18/{lat}/{lon}&type=initiative")
    wait_for_map_data(page.page)
    marker = page.page.locator(".zwk-marker", has_text=entry["name"])
    marker.first.focus()
    page.page.keyboard.press("Enter")  # markers are buttons: the keyboard opens the popup too
    popup = page.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert entry["name"] in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == f"/initiativen/{entry['id']}"


def test_popup_text_is_escaped(page, live_server):
    from zwk_network.registry.models import Initiative
    from zwk_network.registry.services import create_listing

    name = '<img src=x onerror="window.hacked=1">Skript-Test'
    with live_server.app.app_context():
        from zwk_network.extensions import db

        entry = create_listing(
            Initiative, {"name": name, "kind": "Verein", "source": "test"}, 12.71, 53.61, status="approved"
        )
        db.session.commit()
        entry_id = entry.id
    try:
        page.goto("/karte?view=18/53.61/12.71&type=initiative")
        wait_for_map_data(page.page)
        marker = page.page.locator(".zwk-marker").first
        marker.focus()
        page.page.keyboard.press("Enter")
        popup = page.page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert name in popup.inner_text()  # shown as text
        assert page.page.evaluate("window.hacked") is None
        assert page.page.locator(".leaflet-popup-content img").count() == 0
    finally:
        with live_server.app.app_context():
            db.session.delete(db.session.get(Initiative, entry_id))
            db.session.commit()


@pytest.mark.parametrize(
    "path", ["/karte", "/initiativen/1", "/orte/1", "/bedarfe/1", "/konferenzen/1", "/suche?q=Jugend"]
)
def test_no_request_leaves_for_a_third_party_host(page, live_server, path):
    page.goto(path)
    page.page.wait_for_load_state("networkidle")
    own = urlsplit(live_server.url).netloc
    tiles = urlsplit(TILE_URL).netloc
    assert page.hosts() <= {own, tiles}, page.hosts()
    assert not page.console_errors, page.console_errors  # CSP violations would show here


def test_mini_map_on_a_detail_page(page):
    page.goto("/orte/1")
    page.page.wait_for_load_state("networkidle")
    mini = page.page.locator(".mini-map")
    assert mini.get_attribute("role") == "region" and "Karte" in mini.get_attribute("aria-label")
    assert mini.locator(".zwk-marker").count() == 1
    assert mini.locator("img.leaflet-tile").count() > 0


def test_map_controls_are_labelled_and_keyboard_operable(page):
    page.goto("/karte?view=10/53.95/12.3")
    wait_for_map_data(page.page)
    zoom_in = page.page.locator(".leaflet-control-zoom-in")
    assert zoom_in.get_attribute("title") == "Vergrößern"
    zoom_in.focus()
    page.page.keyboard.press("Enter")
    wait_for_map_data(page.page, loads=2)
    assert parse_qs(urlsplit(page.page.url).query)["view"][0].startswith("11/")


def test_clusters_open_with_the_keyboard(page):
    page.goto("/karte?view=10/53.87/12.02")
    wait_for_map_data(page.page)
    page.page.locator(".zwk-cluster").first.focus()
    page.page.keyboard.press("Enter")
    page.page.wait_for_function(
        "() => !location.search.includes('view=10%2F') && !location.search.includes('view=10/')"
    )
    zoom = int(parse_qs(urlsplit(page.page.url).query)["view"][0].split("/")[0])
    assert zoom > 10


#: Pages axe sees here, in the states the walk of every public page (test_layout.py: each at 390 px,
#: one of each set of templates at 1280 px) does not show: the map with its markers drawn, search
#: results, the sign-in, a report with its period chosen.
PAGES_FOR_AXE = [
    "/karte",
    "/suche?q=Jugend",
    "/intern/anmelden",
    "/kommunen/landkreis-rostock/zwischenbilanz?von=2022-01-01&bis=2023-12-31",
]


@pytest.mark.parametrize("path", PAGES_FOR_AXE)
def test_axe_finds_no_serious_or_critical_violation(page, path):
    page.goto(path)
    page.page.wait_for_load_state("networkidle")
    if path.startswith("/karte"):
        wait_for_map_data(page.page)
    results = Axe().run(page.page)
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_location_picker_by_town_click_and_fields(page):
    page.goto("/suche")
    page.page.click("summary")  # the picker sits in a closed <details> on the search page
    page.page.fill("#s-point-town", "Tes")
    page.page.wait_for_function("() => document.querySelectorAll('#s-point-towns option').length > 0")
    options = page.page.eval_on_selector_all("#s-point-towns option", "els => els.map(e => e.value)")
    assert options[0] == "Tessin" and "Teschow (Teterow)" in options  # the town first, then villages
    page.page.fill("#s-point-town", "Tessin")
    assert page.page.input_value("#s-point-lat") == TESSIN_LAT
    assert page.page.input_value("#s-point-lon") == TESSIN_LON
    assert TESSIN_LAT in page.page.inner_text("#s-point-status")
    box = page.page.locator(".picker-map").bounding_box()
    page.page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
    lat, lon = float(page.page.input_value("#s-point-lat")), float(page.page.input_value("#s-point-lon"))
    assert (lat, lon) != (float(TESSIN_LAT), float(TESSIN_LON)) and 53 < lat < 55 and 11 < lon < 13.5
    page.page.select_option("#s-radius", "10")
    page.page.click("form.search-form button[type=submit]")
    page.page.wait_for_load_state("load")
    assert f"lat={lat:.6f}" in page.page.url and "radius_km=10" in page.page.url
    assert "km entfernt" in page.page.inner_text("main") or "Nichts gefunden" in page.page.inner_text("main")


HOSTILE = '<img src=x onerror="window.hacked=1"> {{7*7}} {% raw %} </script>'


def test_map_data_with_markup_and_template_syntax_is_drawn_as_text(page, live_server):
    """Names reach the maps as JSON data: a detail page's marker and a gap map's tooltip show them as typed."""
    from shapely.geometry import box

    from zwk_network.extensions import db
    from zwk_network.geo.geojson import geometry_element
    from zwk_network.municipalities.models import Kommune
    from zwk_network.needs.models import Need
    from zwk_network.registry.models import Initiative
    from zwk_network.registry.services import create_listing

    with live_server.app.app_context():
        entry = create_listing(
            Initiative, {"name": HOSTILE, "kind": "Verein", "source": "test"}, 12.2, 53.9, status="approved"
        )
        kommune = db.session.query(Kommune).filter_by(slug="landkreis-rostock").one()
        need = Need(
            kommune_id=kommune.id, title=HOSTILE, area=geometry_element(box(12.1, 53.85, 12.3, 53.95))
        )
        db.session.add(need)
        db.session.commit()
        entry_id, need_id = entry.id, need.id
    try:
        page.goto(f"/initiativen/{entry_id}")
        page.page.wait_for_load_state("networkidle")
        marker = page.page.locator(".mini-map .zwk-marker .visually-hidden")
        assert marker.text_content() == HOSTILE
        page.goto("/kommunen/landkreis-rostock/luecken")
        page.page.wait_for_load_state("networkidle")
        mini = page.page.locator(".mini-map")
        # Point the mouse at the need's area: folium's map is a global named like its container.
        x, y = page.page.evaluate(
            "(id) => { const p = window[id].latLngToContainerPoint([53.9, 12.2]); return [p.x, p.y]; }",
            mini.get_attribute("id"),
        )
        box = mini.bounding_box()
        page.page.mouse.move(box["x"] + x, box["y"] + y)
        tooltip = page.page.locator(".leaflet-tooltip")
        tooltip.first.wait_for()
        assert any(HOSTILE in text for text in tooltip.all_inner_texts()), tooltip.all_inner_texts()
        assert page.page.evaluate("window.hacked") is None
        assert page.page.locator(".leaflet-tooltip img, .mini-map img:not(.leaflet-tile)").count() == 0
        assert not page.console_errors, page.console_errors
    finally:
        with live_server.app.app_context():
            db.session.delete(db.session.get(Need, need_id))
            db.session.delete(db.session.get(Initiative, entry_id))
            db.session.commit()
