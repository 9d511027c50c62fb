"""The public gap page in the browser, at desktop and phone width: the seeded needs of the conferences
with honest states (gap, partly covered, covered), per target group, the map in the same colours."""

import pytest

GAP_RED = "#b01c1c"
PARTLY_ORANGE = "#d08c00"


@pytest.mark.parametrize("width", [1280, 390])
def test_gap_page_states_groups_and_map(page, width):
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})
    page.goto("/kommunen/landkreis-rostock/luecken")
    p.wait_for_load_state("networkidle")
    status = p.locator("p.result-count").inner_text()
    assert status.endswith("von 12 offenen Bedarfen sind Versorgungslücken.") and not status.startswith("0 ")
    rows = p.locator("table.data").last.locator("tbody tr")
    states = " ".join(rows.all_inner_texts())
    assert "Versorgungslücke" in states and "teilweise abgedeckt" in states
    assert "Gemeinden erreichen ein Angebot" in states and "ohne Angebot in Reichweite:" in states
    # The map draws gaps red and partly covered needs orange: the same rule as the table.
    fills = p.evaluate(
        "() => Array.from(document.querySelectorAll('.mini-map path.leaflet-interactive'))"
        ".map(path => path.getAttribute('fill'))"
    )
    assert GAP_RED in fills and PARTLY_ORANGE in fills, fills
    # Nothing overflows the phone's width.
    assert p.evaluate("document.documentElement.scrollWidth") <= width + 1
    # One target group: the table and the count follow it.
    p.click("table.data >> text=Jugendliche")
    p.wait_for_url("**zielgruppe=jugendliche")
    assert "Jugendliche" in p.inner_text("h1")
    assert "von 4 offenen Bedarfen" in p.locator("p.result-count").inner_text()
    assert not page.console_errors, page.console_errors
