"""The Kommunalprofil against a known fixture: every count, the SWOT analysis (approved links only),
the key figures' charts, the page and the tagged PDF."""

import re

from tests.reports.test_pdf_ua import PDFINFO, catalog_language, objects, pdfinfo
from zwk_network.municipalities.services import get_kommune
from zwk_network.profiles.profile import kommune_profile

from .helpers import profile_fixture


def rows(table) -> list[tuple]:
    return [(row.label, row.initiatives, row.places, row.measures) for row in table]


def test_numbers_of_a_known_fixture(app):
    profile_fixture()
    profile = kommune_profile(get_kommune("testkreis"))
    inventory = profile.inventory
    # The pending initiative counts nowhere; the measure for no need is „ohne Region“.
    assert rows(inventory.by_region) == [
        ("Region Ost", 1, 1, 0),
        ("Region West", 2, 0, 1),
        ("ohne Region", 0, 0, 1),
    ]
    assert rows(inventory.by_theme) == [
        ("Begegnung", 2, 1, 0),
        ("Mobilität", 0, 0, 1),  # the measure counts in its need's theme
        ("Jugend", 1, 0, 0),
        ("Sport", 1, 0, 0),
        ("ohne Thema", 0, 0, 1),
    ]
    assert (inventory.total.initiatives, inventory.total.places, inventory.total.measures) == (3, 1, 2)
    strengths = profile.swot["staerke"]
    assert [entry.item.text for entry in strengths] == ["Viele aktive Vereine im Westen"]
    assert [i.name for i in strengths[0].initiatives] == ["Dorfverein Westdorf"]  # not the pending one
    assert [entry.item.text for entry in profile.swot["risiko"]] == ["Junge Familien ziehen weg"]
    assert profile.swot["schwaeche"] == [] and profile.swot["chance"] == []
    [chart] = profile.charts
    assert (chart.indicator, chart.year, chart.region, chart.unit) == (
        "Bevölkerung nach Altersgruppen",
        2023,
        None,
        "Personen",
    )
    assert [(b.label, b.value, round(b.width, 3)) for b in chart.bars] == [
        ("unter 18 Jahre", 1234, 0.217),
        ("18 bis 64 Jahre", 5678, 1.0),
        ("65 Jahre und älter", 2000.5, 0.352),
    ]
    assert chart.sources == ["Testamt für Statistik, Stand 31.12.2023"] and not chart.demo


def test_page_in_german_and_english(app, client):
    fixture = profile_fixture()[1]
    page = client.get("/kommunen/testkreis/profil", headers={"Accept-Language": "de"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "3 Initiativen, 1 Begegnungsort und 2 Maßnahmen." in html
    assert (
        '<th scope="row">Region West</th><td class="number">2</td><td class="number">0</td><td class="number">1</td>'
        in html
    )
    assert "Viele aktive Vereine im Westen" in html and "Junge Familien ziehen weg" in html
    assert f'href="/initiativen/{fixture["club"].id}"' in html and "Wartet noch" not in html
    assert (
        f'href="/massnahmen/{fixture["bus"].id}"' in html and f'href="/bedarfe/{fixture["need"].id}"' in html
    )
    assert '<td class="number">1.234 Personen</td>' in html and "2.000,5 Personen" in html  # German numbers
    assert html.count('role="img"') == 4  # two inventory charts, the map, the key figure chart
    assert ">Region West</text>" in html and ">Kreisstadt</text>" in html
    assert "Quelle: Testamt für Statistik, Stand 31.12.2023" in html
    english = client.get("/kommunen/testkreis/profil", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "2,000.5" in english
    assert client.get("/kommunen/unbekannt/profil").status_code == 404
    assert client.get("/kommunen/unbekannt/profil.pdf").status_code == 404


def test_pdf_is_tagged_with_title_language_and_alternative_texts(app, client, tmp_path):
    assert PDFINFO, "pdfinfo is missing: scripts/setup-system.sh test installs poppler-utils"
    profile_fixture()
    response = client.get("/kommunen/testkreis/profil.pdf", headers={"Accept-Language": "de"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="kommunalprofil-testkreis.pdf"' in response.headers["Content-Disposition"]
    path = tmp_path / "profil.pdf"
    path.write_bytes(response.data)
    info = {k.strip(): v.strip() for k, _s, v in (line.partition(":") for line in pdfinfo(path).splitlines())}
    assert info["Tagged"] == "yes" and info["Title"] == "Kommunalprofil: Testkreis"
    assert catalog_language(response.data) == "de"
    assert 'pdfuaid:part="1"' in pdfinfo(path, "-meta")
    structure = b"".join(objects(response.data))
    figures = len(re.findall(rb"/S\s*/Figure", structure))
    assert figures == 4 and len(re.findall(rb"/Alt\s*[(<]", structure)) == figures


def test_the_date_of_the_profile_is_the_local_day(app, client, monkeypatch):
    """At 23:30 UTC on 1 December it is already the 2nd in Germany: „Stand“ says the 2nd."""
    from datetime import UTC, datetime

    from zwk_network import timeutil

    class LateEvening(datetime):
        @classmethod
        def now(cls, tz=None):
            return (
                datetime(2026, 12, 1, 23, 30, tzinfo=UTC).astimezone(tz)
                if tz
                else datetime(2026, 12, 1, 23, 30)
            )

    profile_fixture()
    monkeypatch.setattr(timeutil, "datetime", LateEvening)
    page = client.get("/kommunen/testkreis/profil", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Stand: 2. Dezember 2026" in page
