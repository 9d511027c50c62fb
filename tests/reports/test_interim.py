"""The Zwischenbilanz against a known fixture: every number, the page, the PDF."""

from datetime import date, datetime

from tests.factories import make_kommune, make_listing, make_need
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.measures.models import Measure
from zwk_network.municipalities.models import GazetteerPlace
from zwk_network.municipalities.services import get_kommune
from zwk_network.network.models import Connection
from zwk_network.registrations.models import Registration
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.reports.interim import interim_report


def fixture():
    kommune = make_kommune()
    db.session.add(
        GazetteerPlace(
            name="Kreisstadt", kind="Stadt", location=point_element(12.2, 53.8), kommune_id=kommune.id
        )
    )
    spring = Conference(
        kommune_id=kommune.id, slug="fruehling", title="Frühjahrskonferenz", year=2026, date=date(2026, 3, 10)
    )
    old = Conference(
        kommune_id=kommune.id, slug="alt", title="Konferenz 2022", year=2022
    )  # only the year known
    db.session.add_all([spring, old])
    db.session.flush()
    needs = [make_need(kommune, f"Bedarf {n}") for n in range(4)]
    needs[0].conference, needs[1].conference, needs[2].conference = spring, spring, old
    needs[1].status = "erledigt"
    needs[3].created_at = datetime(2025, 12, 1)  # no conference: counts by the day it was recorded
    club = make_listing(Initiative, "Neuer Verein", 12.1, 53.8)
    club.submitter_email = "verein@example.org"  # registered on the site
    club.created_at = datetime(2026, 4, 1)
    imported = make_listing(Initiative, "Importiert", 12.1, 53.8)  # no submitter: the seed, an import
    imported.created_at = datetime(2026, 4, 1)
    old_club = make_listing(Initiative, "Alter Verein", 12.1, 53.8)
    old_club.created_at = datetime(2020, 1, 1)
    pending = make_listing(
        Initiative, "Wartet", 12.1, 53.8, status="pending", submitter_email="w@example.org"
    )
    pending.created_at = datetime(2026, 4, 1)
    place = make_listing(MeetingPlace, "Neues Haus", 12.3, 53.8)
    place.submitter_email = "haus@example.org"
    place.created_at = datetime(2026, 5, 1)
    db.session.add(
        Connection(need_id=needs[0].id, entry_type="initiative", entry_id=club.id, status="kontaktiert")
    )
    db.session.add(
        Connection(need_id=needs[2].id, entry_type="initiative", entry_id=club.id, status="verworfen")
    )
    done = Measure(
        kommune_id=kommune.id,
        title="Fertig",
        status="abgeschlossen",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
        needs=[needs[2]],
    )
    running = Measure(kommune_id=kommune.id, title="Läuft", status="in_umsetzung", starts_on=date(2026, 2, 1))
    before = Measure(
        kommune_id=kommune.id,
        title="Vorher",
        status="geplant",
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    undated = Measure(kommune_id=kommune.id, title="Ohne Datum", status="idee")
    undated.created_at = datetime(2027, 2, 1)  # recorded after the period: not active in it
    db.session.add_all([done, running, before, undated])
    for n, status in enumerate(["bestaetigt", "bestaetigt", "warteliste", "storniert"]):
        db.session.add(
            Registration(
                conference_id=spring.id,
                name=f"P{n}",
                email=f"p{n}@example.org",
                status=status,
                cancel_token_hash=f"{n:064d}",
            )
        )
    db.session.commit()
    return kommune, needs


def test_numbers_of_a_known_fixture(app):
    kommune, needs = fixture()
    report = interim_report(get_kommune(kommune.slug), date(2026, 1, 1), date(2026, 12, 31))
    assert [n.title for n in report.needs] == ["Bedarf 0", "Bedarf 1"]  # 2: only 2022; 3: recorded in 2025
    assert report.connected == {needs[0].id}  # the dismissed connection does not count
    assert report.addressed == {needs[1].id}  # status "erledigt"; need 2 is outside the period
    assert report.measures_by_status == {
        "idee": 0,
        "geplant": 0,
        "in_umsetzung": 1,
        "abgeschlossen": 1,
        "verworfen": 0,
    }
    assert [m.title for m in report.measures] == ["Fertig", "Läuft"]  # by start; 2024 and 2027 left out
    assert (report.new_initiatives, report.new_places) == (1, 1)  # the imported one is not new
    assert [(c.title, n) for c, n in report.conferences] == [
        ("Frühjahrskonferenz", 2)
    ] and report.participants == 2
    wider = interim_report(get_kommune(kommune.slug), date(2022, 1, 1), date(2026, 12, 31))
    assert len(wider.needs) == 4 and wider.addressed == {needs[1].id, needs[2].id}


def test_page_and_pdf(app, client):
    fixture()
    page = client.get("/kommunen/testkreis/zwischenbilanz?von=2026-01-01&bis=2026-12-31")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 Bedarfe genannt, 1 davon vernetzt, 1 angegangen." in html
    assert "1 neue Initiative und 1 neuer Begegnungsort." in html
    assert "<td>Läuft</td><td>in Umsetzung</td><td>ab 1. Februar 2026</td>" in html
    assert "Karte der Bedarfe" in html and ">Region West</text>" in html  # regions named on the map
    assert ">Kreisstadt</text>" in html and ">Westdorf</text>" not in html  # and its towns, not villages
    assert 'role="img"' in html and "<svg" in html and "Frühjahrskonferenz" in html
    # Both needs stand for the whole Kommune: one spot, numbered, coloured by the open one.
    assert 'font-weight="700" fill="#fff">2</text>' in html and 'fill="#b01c1c"' in html
    pdf = client.get("/kommunen/testkreis/zwischenbilanz.pdf?von=2026-01-01&bis=2026-12-31")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.data.rstrip().endswith(b"%%EOF") and len(pdf.data) > 5000
    assert (
        'filename="zwischenbilanz-testkreis-2026-01-01-2026-12-31.pdf"' in pdf.headers["Content-Disposition"]
    )
    for bad in ("von=gestern", "von=2026-05-01&bis=2026-01-01"):
        assert client.get(f"/kommunen/testkreis/zwischenbilanz?{bad}").status_code == 400
    assert client.get("/kommunen/unbekannt/zwischenbilanz").status_code == 404
