"""Registering for a conference: limits, the waiting list, the cancel link, the planners' list."""

import csv
import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests.excel import excel_rows, excel_text
from tests.factories import make_kommune
from tests.submissions.helpers import body, login, make_staff, outbox, post_form
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.municipalities.models import Kommune
from zwk_network.registrations.models import Registration
from zwk_network.timeutil import local_today

CANCEL = re.compile(r"https?://\S+/anmeldung/([A-Za-z0-9_-]{40,})")


def make_conference(capacity=2, days_ahead=30, slug="zukunft"):
    kommune = db.session.scalar(select(Kommune).where(Kommune.slug == "testkreis")) or make_kommune()
    conference = Conference(
        kommune_id=kommune.id,
        slug=slug,
        title="Zukunftskonferenz West",
        year=2026,
        date=local_today() + timedelta(days=days_ahead),
        capacity=capacity,
    )
    db.session.add(conference)
    db.session.commit()
    return conference


def sign_up(client, conference, name, email, **extra):
    data = {"name": name, "email": email, "consent": "y", **extra}
    return post_form(client, f"/konferenzen/{conference.id}/anmelden", data)


def cancel_link(app, email) -> str:
    for message in reversed(outbox(app)):
        if message["To"] == email:
            found = CANCEL.search(body(message))
            if found:
                return f"/anmeldung/{found.group(1)}"
    raise AssertionError(email)


def test_capacity_waiting_list_and_cancel(app, client):
    conference = make_conference(capacity=2)
    for n in range(3):
        response = sign_up(
            client,
            conference,
            f"Person {n}",
            f"p{n}@example.org",
            accessibility_needs="Rollstuhl" if n == 0 else "",
        )
        assert response.status_code == 302
    statuses = {r.email: r.status for r in db.session.scalars(select(Registration))}
    assert statuses == {
        "p0@example.org": "bestaetigt",
        "p1@example.org": "bestaetigt",
        "p2@example.org": "warteliste",
    }
    assert "Warteliste" in outbox(app)[-1]["Subject"] and "angemeldet" not in outbox(app)[-1]["Subject"]
    page = client.get(f"/konferenzen/{conference.id}/anmelden").get_data(as_text=True)
    assert "Alle Plätze sind vergeben" in page

    link = cancel_link(app, "p0@example.org")
    assert "angemeldet" in client.get(link).get_data(as_text=True)
    assert post_form(client, link, {}).status_code == 302
    db.session.expire_all()
    statuses = {r.email: r.status for r in db.session.scalars(select(Registration))}
    assert statuses["p0@example.org"] == "storniert" and statuses["p2@example.org"] == "bestaetigt"
    assert outbox(app)[-1]["To"] == "p2@example.org" and "Platz ist frei" in outbox(app)[-1]["Subject"]
    assert "abgemeldet" in client.get(link).get_data(as_text=True)
    assert client.get("/anmeldung/" + "x" * 43).status_code == 404


def test_bad_registrations(app, client):
    conference = make_conference()
    assert sign_up(client, conference, "", "a@example.org").status_code == 400
    assert sign_up(client, conference, "A", "keine-adresse").status_code == 400
    no_consent = post_form(
        client, f"/konferenzen/{conference.id}/anmelden", {"name": "A", "email": "a@example.org"}
    )
    assert no_consent.status_code == 400 and "Zustimmung" in no_consent.get_data(as_text=True)
    assert sign_up(client, conference, "A", "a@example.org").status_code == 302
    again = sign_up(client, conference, "A", "A@example.org")
    assert again.status_code == 400 and "schon jemand angemeldet" in again.get_data(as_text=True)
    assert (
        client.post(
            f"/konferenzen/{conference.id}/anmelden",
            data={"name": "B", "email": "b@example.org", "consent": "y"},
        ).status_code
        == 400
    )  # no CSRF
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 1


def test_closed_after_the_day(app, client):
    conference = make_conference(days_ahead=-1)
    data = {"name": "Spät", "email": "spaet@example.org", "consent": "y"}
    response = post_form(
        client, f"/konferenzen/{conference.id}/anmelden", data, token_from="/intern/anmelden"
    )
    assert response.status_code == 400 and "keine Anmeldung (mehr) möglich" in response.get_data(as_text=True)
    assert "Online anmelden" not in client.get(f"/konferenzen/{conference.id}").get_data(as_text=True)


def test_planners_list_and_csv(app, client):
    conference = make_conference()
    sign_up(
        client,
        conference,
        "Erika <b>Muster</b>",
        "erika@example.org",
        organisation="Chor",
        accessibility_needs="Gebärdensprache",
    )
    assert client.get(f"/intern/konferenzen/{conference.id}/anmeldungen").status_code == 302  # sign-in first
    make_staff()
    login(client)
    page = client.get(f"/intern/konferenzen/{conference.id}/anmeldungen").get_data(as_text=True)
    assert "Erika &lt;b&gt;Muster&lt;/b&gt;" in page and "Gebärdensprache" in page
    [row] = excel_rows(client.get(f"/intern/konferenzen/{conference.id}/anmeldungen.csv"))
    assert row["Name"] == "Erika <b>Muster</b>" and row["E-Mail"] == "erika@example.org"
    assert row["Stand"] == "angemeldet" and row["Organisation"] == "Chor"  # the page's label, not a slug
    assert row["Barrierefreiheit"] == "Gebärdensprache"  # UTF-8 read back whole
    registered = db.session.scalar(select(Registration)).created_at  # naive UTC
    berlin = registered.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert row["Angemeldet am"] == berlin.strftime("%d.%m.%Y %H:%M")  # local time, as Excel reads it


def test_planner_creates_a_conference_people_can_register_for(app, client):
    make_kommune()
    make_staff()
    login(client)
    day = (local_today() + timedelta(days=60)).isoformat()
    data = {
        "title": "Regionalkonferenz Westdorf 2027",
        "kind": "Regionalkonferenz",
        "kommune": "testkreis",
        "round": "3",
        "date": day,
        "starts_at": "15:30",
        "ends_at": "19:30",
        "town": "Westdorf",
        "description": "Programm: Rückblick, Werkstätten, Ausblick.",
        "capacity": "40",
    }
    bad = post_form(client, "/intern/konferenzen/neu", {**data, "ends_at": "14:00"})
    assert bad.status_code == 400 and "vor dem Beginn" in bad.get_data(as_text=True)
    response = post_form(client, "/intern/konferenzen/neu", data)
    assert response.status_code == 302
    conference = db.session.scalar(
        select(Conference).where(Conference.title == "Regionalkonferenz Westdorf 2027")
    )
    assert conference.capacity == 40 and conference.region.slug == "west" and conference.location is not None
    page = client.get(f"/konferenzen/{conference.id}").get_data(as_text=True)
    assert "Online anmelden" in page and "Programm: Rückblick" in page
    assert "Regionalkonferenz Westdorf 2027" in client.get("/konferenzen.ics").get_data(as_text=True)


def test_planners_csv_neutralises_formulas(app, client):
    """Anonymous input reaches the planners' spreadsheet as text, never as a formula."""
    conference = make_conference(capacity=5)
    name, organisation, needs = (
        '=HYPERLINK("http://boese.example","Klick")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
    )
    response = sign_up(
        client, conference, name, "-2+3@example.org", organisation=organisation, accessibility_needs=needs
    )
    assert response.status_code == 302
    make_staff()
    login(client)
    [cells] = excel_rows(client.get(f"/intern/konferenzen/{conference.id}/anmeldungen.csv"))
    assert cells["Name"] == "'" + name and cells["Organisation"] == "'" + organisation
    assert cells["Barrierefreiheit"] == "'" + needs and cells["E-Mail"] == "'-2+3@example.org"
    assert cells["Stand"] == "angemeldet"


def test_planners_csv_is_safe_where_a_spreadsheet_splits_at_semicolons(app, client):
    """A German-locale spreadsheet splits a double-clicked .csv at `;`: text cells are quoted."""
    conference = make_conference(capacity=5)
    name, organisation = "x;=cmd|' /C calc'!A0", "\u200b＝HYPERLINK(1)"
    assert sign_up(client, conference, name, "x@example.org", organisation=organisation).status_code == 302
    make_staff()
    login(client)
    response = client.get(f"/intern/konferenzen/{conference.id}/anmeldungen.csv")
    for line in excel_text(
        response
    ).splitlines():  # after a split in a quoted cell, a line break ends the row
        for cell in next(csv.reader([line], delimiter=";")):
            assert not cell.lstrip("\u200b ").startswith(("=", "+", "-", "@", "＝")), cell
    [cells] = excel_rows(response)
    assert cells["Name"] == "x;'=cmd|' /C calc'!A0" and cells["Organisation"] == "'" + organisation
