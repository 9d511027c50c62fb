"""Conferences as people meet them (issue 15, section 3): places left or „ausgebucht – Warteliste“,
coming conferences first, the calendar file with the confirmation, and a mail for every change."""

import re
from datetime import date, time, timedelta

from icalendar import Calendar

from tests.factories import make_kommune
from tests.submissions.helpers import body, outbox, post_form
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.timeutil import local_today

from .test_registration import cancel_link, make_conference, sign_up


def timed_conference(capacity=1, **changes) -> Conference:
    conference = make_conference(capacity=capacity)
    conference.starts_at, conference.ends_at = time(15, 30), time(19, 30)
    conference.venue_name, conference.venue_address, conference.town = (
        "Bürgerhaus Westdorf",
        "Dorfstraße 3",
        "Westdorf",
    )
    for name, value in changes.items():
        setattr(conference, name, value)
    db.session.commit()
    return conference


def ics_of(message) -> bytes | None:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            return part.get_payload(decode=True)
    return None


def events(data: bytes) -> list[dict]:
    """The VEVENTs of a calendar, without the stamp of when it was written."""
    found = []
    for event in Calendar.from_ical(data).walk("VEVENT"):
        found.append({key: event[key].to_ical() for key in event if key != "DTSTAMP"})
    return found


def test_places_left_and_fully_booked(app, client):
    conference = timed_conference(capacity=2)
    detail = f"/konferenzen/{conference.id}"
    assert "Noch 2 Plätze frei" in client.get(detail).get_data(as_text=True)
    assert sign_up(client, conference, "Erste", "erste@example.org").status_code == 302
    assert "Noch 1 Platz frei" in client.get("/konferenzen").get_data(as_text=True)
    assert sign_up(client, conference, "Zweite", "zweite@example.org").status_code == 302
    for page in (client.get(detail), client.get("/konferenzen")):
        text = page.get_data(as_text=True)
        assert "ausgebucht – Warteliste" in text and "Plätze frei" not in text
    assert "Auf die Warteliste setzen" in client.get(detail).get_data(as_text=True)
    # A conference that took place says neither.
    conference.date = local_today() - timedelta(days=3)
    db.session.commit()
    assert "ausgebucht" not in client.get(detail).get_data(as_text=True)


def test_the_list_shows_coming_conferences_first_then_past_ones(app, client):
    kommune = make_kommune()
    today = local_today()
    for slug, title, day in (
        ("alt", "Konferenz Alt", today - timedelta(days=400)),
        ("naechste", "Konferenz Nächste", today + timedelta(days=10)),
        ("letzte", "Konferenz Letzte", today - timedelta(days=20)),
        ("spaeter", "Konferenz Später", today + timedelta(days=60)),
        ("heute", "Konferenz Heute", today),
        ("ohne", "Konferenz Ohne Datum", None),
    ):
        db.session.add(
            Conference(
                kommune_id=kommune.id, slug=slug, title=title, year=(day or date(2022, 1, 1)).year, date=day
            )
        )
    db.session.commit()
    page = client.get("/konferenzen").get_data(as_text=True)
    titles = re.findall(r">(Konferenz [^<]+)</a></h3>", page)
    assert titles == [
        "Konferenz Heute",
        "Konferenz Nächste",
        "Konferenz Später",
        "Konferenz Letzte",
        "Konferenz Alt",
        "Konferenz Ohne Datum",
    ]
    coming, past = page.index("Kommende Veranstaltungen"), page.index("Vergangene Veranstaltungen")
    assert (
        coming
        < page.index("Konferenz Heute")
        < page.index("Konferenz Später")
        < past
        < page.index("Konferenz Letzte")
    )


def test_the_confirmation_carries_the_feeds_event(app, client):
    conference = timed_conference(capacity=1)
    assert sign_up(client, conference, "Erika", "erika@example.org").status_code == 302
    message = outbox(app)[-1]
    assert message["To"] == "erika@example.org" and "Anmeldung bestätigt" in message["Subject"]
    attached = ics_of(message)
    assert attached is not None
    feed = client.get(f"/konferenzen/{conference.id}.ics").data
    assert events(attached) == events(feed) and len(events(attached)) == 1
    assert "Bürgerhaus Westdorf" in body(message) and "15:30–19:30 Uhr" in body(message)
    # On the waiting list nobody has a place yet: no calendar entry.
    assert sign_up(client, conference, "Max", "max@example.org").status_code == 302
    waiting = outbox(app)[-1]
    assert "Warteliste" in waiting["Subject"] and ics_of(waiting) is None


def test_cancelling_is_confirmed_and_the_moved_up_mail_says_when_and_where(app, client):
    conference = timed_conference(capacity=1)
    sign_up(client, conference, "Erika", "erika@example.org")
    sign_up(client, conference, "Max", "max@example.org")
    before = len(outbox(app))
    link = cancel_link(app, "erika@example.org")
    assert post_form(client, link, {}).status_code == 302
    sent = {message["To"]: message for message in outbox(app)[before:]}
    assert set(sent) == {"erika@example.org", "max@example.org"}
    cancelled = sent["erika@example.org"]
    assert "Abmeldung bestätigt" in cancelled["Subject"] and conference.title in cancelled["Subject"]
    assert f"/konferenzen/{conference.id}/anmelden" in body(cancelled)
    moved_up = sent["max@example.org"]
    text = body(moved_up)
    assert "Platz ist frei" in moved_up["Subject"]
    assert "15:30–19:30 Uhr" in text and "Bürgerhaus Westdorf, Dorfstraße 3, Westdorf" in text
    assert events(ics_of(moved_up)) == events(client.get(f"/konferenzen/{conference.id}.ics").data)
    # Cancelling again changes nothing and sends nothing.
    again = len(outbox(app))
    assert post_form(client, link, {}, token_from="/intern/anmelden").status_code == 302
    assert len(outbox(app)) == again


def test_leaving_the_waiting_list_is_confirmed_too(app, client):
    conference = timed_conference(capacity=1)
    sign_up(client, conference, "Erika", "erika@example.org")
    sign_up(client, conference, "Max", "max@example.org")
    before = len(outbox(app))
    assert post_form(client, cancel_link(app, "max@example.org"), {}).status_code == 302
    [message] = outbox(app)[before:]
    assert message["To"] == "max@example.org" and "nicht mehr auf der Warteliste" in body(message)
