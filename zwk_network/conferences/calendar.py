"""iCalendar (RFC 5545) feeds of the conferences, made with the `icalendar` package.

It does the escaping, line folding and time-zone definitions that calendar clients insist on.
Times are local times in Europe/Berlin with a VTIMEZONE of yearly rules (vtimezone.py); a
conference without a time is an all-day event; one without a date (the 2022 round: dates not
recorded) is left out.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vGeo

from ..geo.geojson import point_coordinates, to_geometry
from ..links import site_url
from ..timeutil import utcnow
from .models import Conference
from .vtimezone import vtimezone

ZONE = "Europe/Berlin"
BERLIN = ZoneInfo(ZONE)
PRODUCT = "-//zwk-network//Zukunftswerkstatt Kommunen//DE"


def feed_links(**filters) -> dict[str, str]:
    """The feed's addresses for subscribing, with these filters (kommune, region, theme): `https`
    (the site's own scheme, from BASE_URL) and `webcal`, which calendar programs open directly."""
    https = site_url("conferences.calendar", **{k: v for k, v in filters.items() if v})
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def local_period(conference: Conference) -> tuple[datetime, datetime]:
    """Start and end of a conference with a date and a start time, in Europe/Berlin; without an
    end time it is taken to last two hours. (The calendars and the pages' schema.org Event.)"""
    start = datetime.combine(conference.date, conference.starts_at, tzinfo=BERLIN)
    end_time = conference.ends_at or (start + timedelta(hours=2)).time()
    return start, datetime.combine(conference.date, end_time, tzinfo=BERLIN)


def calendar_of(conferences: list[Conference], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    stamp = utcnow().replace(tzinfo=ZoneInfo("UTC"))
    events = [_event(conference, stamp) for conference in conferences if conference.date is not None]
    if any(conference.date is not None and conference.starts_at is not None for conference in conferences):
        calendar.add_component(Timezone.from_ical(vtimezone(ZONE).to_ical()))  # a copy: the cached one stays
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _event(conference: Conference, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"conference-{conference.slug}@zwk-network")
    event.add("dtstamp", stamp)
    event.add("summary", conference.title)
    if conference.starts_at is not None:
        start, end = local_period(conference)
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", conference.date)
        event.add("dtend", conference.date + timedelta(days=1))
    place = ", ".join(filter(None, [conference.display_venue, conference.venue_address, conference.town]))
    if place:
        event.add("location", place)
    point = point_coordinates(to_geometry(conference.location))
    if point:
        event.add("geo", vGeo((point[1], point[0])))
    text = "\n\n".join(filter(None, [conference.description, conference.registration]))
    if text:
        event.add("description", text)
    event.add("url", site_url("conferences.conference", conference_id=conference.id))
    return event


def calendar_attachment(conference: Conference):
    """The conference as an .ics file for an e-mail: the same VEVENT as the feeds, written when the
    message is (after the commit)."""
    from ..mail import Attachment

    return Attachment(
        f"{conference.slug}.ics", "text/calendar", lambda: calendar_of([conference], conference.title)
    )
