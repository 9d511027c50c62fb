"""iCalendar feeds, parsed with the icalendar package as a calendar client would."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.taxonomy.models import Theme


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


# --- Time zones: a VTIMEZONE with yearly rules, read alike by two independent parsers -----------

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


def timed_conferences(kommune, days):
    for number, day in enumerate(days):
        db.session.add(
            Conference(
                kommune_id=kommune.id,
                slug=f"k-{number}",
                title=f"Konferenz {day.isoformat()}",
                year=day.year,
                date=day,
                starts_at=time(15, 30),
                ends_at=time(19, 0),
            )
        )
    db.session.commit()


def test_the_time_zone_has_yearly_rules_not_lists_of_dates(app, client):
    from tests.factories import make_kommune

    timed_conferences(make_kommune(), [date(2023, 3, 30)])
    text = client.get("/konferenzen.ics").get_data(as_text=True)
    [zone] = Calendar.from_ical(text).walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Berlin"
    assert "RDATE" not in text and "only works" not in text
    daylight, standard = zone.walk("DAYLIGHT")[0], zone.walk("STANDARD")[0]
    assert daylight["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert standard["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert daylight.decoded("dtstart") == datetime(1996, 3, 31, 2, 0)
    assert standard.decoded("dtstart") == datetime(1996, 10, 27, 3, 0)


def test_icalendar_and_vobject_read_every_time_as_zoneinfo_does(app, client):
    """The issue's case (30.03.2023 15:30 is 13:30 UTC, not 14:30) and the days around every
    change of summer time from 2022 to 2037: both parsers give the UTC time zoneinfo gives."""
    import vobject

    from tests.factories import make_kommune

    days = [date(2023, 3, 30)]
    for year in range(2022, 2038):
        for month in (3, 10):
            last_sunday = max(
                date(year, month, d) for d in range(25, 32) if date(year, month, d).weekday() == 6
            )
            days += [last_sunday - timedelta(days=1), last_sunday + timedelta(days=1)]
    timed_conferences(make_kommune(), days)
    text = client.get("/konferenzen.ics").get_data(as_text=True)
    expected = {
        f"Konferenz {day.isoformat()}": datetime.combine(day, time(15, 30), tzinfo=BERLIN).astimezone(UTC)
        for day in days
    }
    by_icalendar = {
        str(e["summary"]): e.decoded("dtstart").astimezone(UTC)
        for e in Calendar.from_ical(text).walk("VEVENT")
    }
    by_vobject = {e.summary.value: e.dtstart.value.astimezone(UTC) for e in vobject.readOne(text).vevent_list}
    assert by_icalendar == expected
    assert by_vobject == expected
    assert expected["Konferenz 2023-03-30"] == datetime(2023, 3, 30, 13, 30, tzinfo=UTC)


def test_feeds_are_filtered_by_kommune_region_and_theme(app, client):
    from sqlalchemy import select

    from tests.factories import make_kommune, make_need
    from zwk_network.municipalities.models import Region

    kommune, other = make_kommune(), make_kommune("anderswo", "Anderswo")
    west = db.session.scalar(select(Region).where(Region.slug == "west", Region.kommune_id == kommune.id))
    for slug, owner, region in (
        ("west", kommune, west),
        ("ohne-region", kommune, None),
        ("fremd", other, None),
    ):
        db.session.add(
            Conference(
                kommune_id=owner.id, slug=slug, title=slug, year=2026, date=date(2026, 6, 1), region=region
            )
        )
    db.session.commit()
    need = make_need(kommune, title="Mobilität")
    need.conference_id = db.session.scalar(select(Conference.id).where(Conference.slug == "west"))
    need.themes = [db.session.get(Theme, "mobilitaet")]
    db.session.commit()

    def titles(query):
        return {str(e["summary"]) for e in parse(client.get("/konferenzen.ics" + query)).walk("VEVENT")}

    assert titles("") == {"west", "ohne-region", "fremd"}
    assert titles("?kommune=testkreis") == {"west", "ohne-region"}
    assert titles("?kommune=testkreis&region=west") == {"west"}
    assert titles("?theme=mobilitaet") == {"west"}
    assert titles("?theme=begegnung") == set()
    assert client.get("/konferenzen.ics?theme=unbekannt").status_code == 400
    assert client.get("/konferenzen.ics?kommune=%27%3B--").status_code == 400


def test_pages_link_the_feed_to_subscribe(app, client):
    from tests.factories import make_kommune

    kommune = make_kommune()
    db.session.add(Conference(kommune_id=kommune.id, slug="k", title="K", year=2026, date=date(2026, 6, 1)))
    db.session.commit()
    conference = db.session.scalar(db.select(Conference))
    for url, feed in (
        ("/konferenzen", "/konferenzen.ics"),
        ("/konferenzen?kommune=testkreis", "/konferenzen.ics?kommune=testkreis"),
        (f"/konferenzen/{conference.id}", "/konferenzen.ics?kommune=testkreis"),
        ("/kommunen/testkreis", "/konferenzen.ics?kommune=testkreis"),
    ):
        html = client.get(url).get_data(as_text=True)
        assert "Kalender abonnieren" in html or "als Kalender abonnieren" in html, url
        assert f'href="webcal://127.0.0.1:5000{feed}"' in html, url
        assert f'href="http://127.0.0.1:5000{feed}"' in html, url
