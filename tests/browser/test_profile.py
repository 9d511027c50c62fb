"""The Kommunalprofil in the browser, on a phone and on the desktop: a planner writes a SWOT item
and imports key figures; the staff pages and the public profile have no serious axe violation and
no horizontal page scroll; screenshots of both widths for a person to look at."""

import pytest

from .test_registration import serious_violations
from .test_staff import shot, sign_in

CSV = (
    "indicator;label;value;unit;year;source;demo\n"
    "Bevölkerung nach Altersgruppen (Beispiel);unter 18 Jahre;1200;Personen;2023;Erfundene Vorführzahlen;ja\n"
    "Bevölkerung nach Altersgruppen (Beispiel);18 bis 64 Jahre;5400;Personen;2023;Erfundene Vorführzahlen;ja\n"
    "Bevölkerung nach Altersgruppen (Beispiel);65 Jahre und älter;2600;Personen;2023;Erfundene Vorführzahlen;ja\n"
)


def no_problems(p, width: int, path: str) -> None:
    assert serious_violations(p) == [], path
    assert p.evaluate("document.documentElement.scrollWidth") <= width + 1, path


@pytest.mark.parametrize("width", [390, 1280])
def test_a_planner_writes_the_profile_and_the_public_reads_it(page, live_server, width, tmp_path):
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, f"profil{width}@example.org")
    p.locator("nav.staff-nav").get_by_role("link", name="Kommunalprofil").click()
    p.wait_for_url("**/intern/kommunalprofil")
    no_problems(p, width, "/intern/kommunalprofil")
    p.get_by_role("link", name="Neuer SWOT-Punkt").click()
    p.wait_for_url("**/swot/neu")
    no_problems(p, width, "/intern/kommunalprofil/swot/neu")
    p.click("main form button[type=submit]")  # nothing typed: the reason, at the field
    assert "Bitte einen Text angeben." in p.inner_text("#error-summary")
    no_problems(p, width, "the refused SWOT form")
    p.select_option("#category", "schwaeche")
    p.fill("#text", f"Wenig Angebote für Jugendliche am Abend ({width})")
    p.select_option("#theme", "jugend")
    p.locator("input[name=needs]").first.check()
    p.click("main form button[type=submit]")
    p.wait_for_url("**/intern/kommunalprofil")
    assert "Schwäche gespeichert." in p.inner_text("[role=status]")
    page.goto("/intern/kommunalprofil/kennzahlen/neu")
    no_problems(p, width, "/intern/kommunalprofil/kennzahlen/neu")
    page.goto("/intern/kommunalprofil/kennzahlen/import")
    no_problems(p, width, "/intern/kommunalprofil/kennzahlen/import")
    path = tmp_path / "kennzahlen.csv"
    path.write_text(CSV, encoding="utf-8")
    p.set_input_files("#file", str(path))
    p.click("main form button[type=submit]")
    p.wait_for_url("**/intern/kommunalprofil")
    assert "importiert:" in p.inner_text("[role=status]")
    shot(p, f"profile-staff-{width}")
    page.goto("/kommunen/landkreis-rostock/profil")
    no_problems(p, width, "/kommunen/landkreis-rostock/profil")
    text = p.inner_text("main")
    assert f"Wenig Angebote für Jugendliche am Abend ({width})" in text and "Beispieldaten" in text
    assert p.locator("svg[role=img]").count() >= 4
    shot(p, f"profile-public-{width}")
    p.emulate_media(media="print")
    assert p.locator(".site-header").is_hidden() and p.locator("svg.report-map").is_visible()
    shot(p, f"profile-print-{width}")
    assert page.hosts() == {live_server.url.split("//")[1]}  # nothing from other hosts
