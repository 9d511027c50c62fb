"""iCalendar feeds, parsed with the icalendar package as a calendar client would."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from zwk_network.conferences.models import Conference
from zwk_network.extensions import db


def parse(response) -> Calendar:
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_feed_of_all_conferences(seeded_client):
    calendar = parse(seeded_client.get("/konferenzen.ics"))
    assert str(calendar["version"]) == "2.0" and "zwk-network" in str(calendar["prodid"])
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    dated = db.session.scalars(db.select(Conference).where(Conference.date.is_not(None))).all()
    assert len(events) == len(dated) > 0  # the 2022 round has no recorded dates: left out
    dummerstorf = next(e for e in events.values() if "Dummerstorf" in str(e.get("location", "")))
    start, end = dummerstorf.decoded("dtstart"), dummerstorf.decoded("dtend")
    assert start == datetime(2023, 2, 23, 15, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert end == datetime(2023, 2, 23, 19, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert str(dummerstorf["dtstart"].params["TZID"]) == "Europe/Berlin"
    assert str(dummerstorf["uid"]).endswith("@zwk-network")
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_feed_of_one_conference(seeded_client):
    conference = db.session.scalar(db.select(Conference).where(Conference.date.is_not(None)))
    calendar = parse(seeded_client.get(f"/konferenzen/{conference.id}.ics"))
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == conference.title
    assert str(event["url"]).endswith(f"/konferenzen/{conference.id}")
    undated = db.session.scalar(db.select(Conference).where(Conference.date.is_(None)))
    assert seeded_client.get(f"/konferenzen/{undated.id}.ics").status_code == 404
    assert seeded_client.get("/konferenzen/99999.ics").status_code == 404


def test_all_day_event_and_text_escaping(app, client):
    from tests.factories import make_kommune

    kommune = make_kommune()
    db.session.add(
        Conference(
            kommune_id=kommune.id,
            slug="fest",
            title="Dorffest; Kaffee, Kuchen",
            year=2026,
            date=date(2026, 6, 1),
            description="Zeile 1\nZeile 2, mit Komma",
        )
    )
    db.session.commit()
    [event] = parse(client.get("/konferenzen.ics")).walk("VEVENT")
    assert event.decoded("dtstart") == date(2026, 6, 1) and event.decoded("dtend") == date(2026, 6, 2)
    assert str(event["summary"]) == "Dorffest; Kaffee, Kuchen"
    assert str(event["description"]) == "Zeile 1\nZeile 2, mit Komma"


def test_conference_page_shows_the_needs_of_its_region(seeded_client):
    conference = db.session.scalar(
        db.select(Conference).where(Conference.date.is_not(None), Conference.region_id.is_not(None))
    )
    html = seeded_client.get(f"/konferenzen/{conference.id}").get_data(as_text=True)
    assert (
        "Weitere Bedarfe: Region" in html
        and "Region Region" not in html
        and "In den Kalender übernehmen" in html
    )
