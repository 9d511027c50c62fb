"""schema.org descriptions of the public detail pages, embedded as JSON-LD.

An initiative is an Organization (NGO, GovernmentOrganization … by its kind), a meeting place a
Place (CivicStructure, Library, CafeOrCoffeeShop), a conference an Event. Only what the page
itself shows goes in: the entries passed here are public ones (the views load them through the
public services), and contact data only with its owner's consent (public_contact). Every
address is absolute, under BASE_URL (links.site_url), never the request's host.

Opening times are free text (registry/schema.py: „jeden Dienstag 15–17 Uhr“), not the structure
that openingHoursSpecification needs, so they are left out rather than guessed at.

The page embeds the result with Jinja's `tojson` filter (partials/structured_data.html), which
writes <, >, & and ' as \\u escapes: no text of a user can end the <script> element or open a
comment in it. A JSON-LD block is data, not a script a browser runs; the CSP needs no change.
"""

from datetime import date

from ..conferences.calendar import local_period
from ..conferences.models import Conference
from ..entries import kind_of
from ..geo.geojson import point_coordinates, to_geometry
from ..links import site_url
from ..registry.models import Initiative, MeetingPlace
from ..registry.schema import MEETING_PLACE
from ..taxonomy import theme_label

CONTEXT = "https://schema.org"
SCHEMA = "https://schema.org/"

#: The schema.org type of an initiative's kind (registry/schema.py); any other kind: Organization.
ORGANIZATION_TYPES = {
    "Verein": "NGO",
    "Initiative": "NGO",
    "Stiftung": "NGO",
    "Netzwerk": "NGO",
    "Öffentliche Einrichtung": "GovernmentOrganization",
    "Unternehmen": "Corporation",
}
#: The schema.org type of a meeting place's kind; any other kind: CivicStructure.
PLACE_TYPES = {"Bibliothek": "Library", "Café": "CafeOrCoffeeShop"}


def structured_data(entry, places_left: int | None = None, today: date | None = None) -> dict | None:
    """The JSON-LD of a public entry's page, or None where there is nothing worth saying (a
    conference whose date was not recorded: an Event needs its start)."""
    if isinstance(entry, Initiative):
        return initiative_data(entry)
    if isinstance(entry, MeetingPlace):
        return place_data(entry)
    if isinstance(entry, Conference):
        return conference_data(entry, places_left, today)
    return None


def initiative_data(entry: Initiative) -> dict:
    """An Organization: name, description, address, location, contact (with consent), themes."""
    page = kind_of(entry).url(entry.id, external=True)
    data = {
        "@context": CONTEXT,
        "@type": ORGANIZATION_TYPES.get(entry.kind, "Organization"),
        "@id": f"{page}#organisation",
        "name": entry.name,
        "url": page,
        **_texts(entry),
        **_address(entry),
        **_contact(entry),
    }
    geo = _geo(entry.location)
    if geo:
        data["location"] = {"@type": "Place", "geo": geo, **_address(entry)}
        if entry.service_radius_km:
            data["areaServed"] = {
                "@type": "GeoCircle",
                "geoMidpoint": geo,
                "geoRadius": round(entry.service_radius_km * 1000),
            }
    themes = [theme_label(slug) for slug in entry.theme_slugs]
    if themes:
        data["knowsAbout"] = themes
    return data


def place_data(entry: MeetingPlace) -> dict:
    """A Place: name, description, address, geo, capacity, accessibility, who runs it."""
    page = kind_of(entry).url(entry.id, external=True)
    data = {
        "@context": CONTEXT,
        "@type": PLACE_TYPES.get(entry.kind, "CivicStructure"),
        "@id": place_id(entry),
        "name": entry.name,
        "url": page,
        **_texts(entry),
        **_address(entry),
        **_contact(entry),
    }
    geo = _geo(entry.location)
    if geo:
        data["geo"] = geo
    if entry.capacity is not None:
        data["maximumAttendeeCapacity"] = entry.capacity
    features = _accessibility(entry)
    if features:
        data["amenityFeature"] = features
    return data


def place_id(entry: MeetingPlace) -> str:
    return kind_of(entry).url(entry.id, external=True) + "#ort"


def conference_data(conference: Conference, places_left: int | None, today: date | None) -> dict | None:
    """An Event: start and end with their offset from UTC, the venue with its address, the
    Kommune as organiser, attendance in person, and the online registration as an offer while it
    is open (its availability from the places left; None: no limit)."""
    if conference.date is None:
        return None
    page = site_url("conferences.conference", conference_id=conference.id)
    start, end = _event_times(conference)
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": f"{page}#veranstaltung",
        "name": conference.title,
        "url": page,
        "startDate": start,
        "endDate": end,
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": _venue(conference),
        "organizer": _organizer(conference),
    }
    if conference.description:
        data["description"] = conference.description
    if conference.capacity is not None:
        data["maximumAttendeeCapacity"] = conference.capacity
        if places_left is not None:
            data["remainingAttendeeCapacity"] = places_left
    if today is None or conference.date >= today:
        data["offers"] = {
            "@type": "Offer",
            "url": site_url("registrations.register_form", conference_id=conference.id),
            "price": 0,
            "priceCurrency": "EUR",
            "availability": SCHEMA + ("SoldOut" if places_left == 0 else "InStock"),
        }
    return data


def _event_times(conference: Conference) -> tuple[str, str]:
    """ISO 8601: with the time and its offset (+01:00 in winter, +02:00 in summer), or the day alone."""
    if conference.starts_at is None:
        return conference.date.isoformat(), conference.date.isoformat()
    start, end = local_period(conference)  # as the calendars have it
    return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")


def _venue(conference: Conference) -> dict:
    venue = conference.venue if conference.venue is not None and conference.venue.is_public else None
    place = {"@type": "Place", "name": conference.display_venue or conference.town or conference.kommune.name}
    if venue is not None:
        place["@id"] = place_id(venue)
        place["url"] = kind_of(venue).url(venue.id, external=True)
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    if conference.venue_address:
        address["streetAddress"] = conference.venue_address
    locality = conference.town or (venue.town if venue is not None else None)
    if locality:
        address["addressLocality"] = locality
    if venue is not None and venue.postcode:
        address["postalCode"] = venue.postcode
    place["address"] = address
    geo = _geo(conference.location)
    if geo:
        place["geo"] = geo
    return place


def _organizer(conference: Conference) -> dict:
    kommune = conference.kommune
    organizer = {"@type": "GovernmentOrganization", "name": kommune.name}
    organizer["url"] = kommune.website or site_url("municipalities.kommune", slug=kommune.slug)
    return organizer


def _texts(entry) -> dict:
    description = entry.description or entry.summary
    return {"description": description} if description else {}


def _address(entry) -> dict:
    if not (entry.street or entry.postcode or entry.town):
        return {}
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    if entry.street:
        address["streetAddress"] = entry.street
    if entry.postcode:
        address["postalCode"] = entry.postcode
    if entry.town:
        address["addressLocality"] = entry.town
    return {"address": address}


def _contact(entry) -> dict:
    """Only the parts whose publication the owner agreed to; the person as a ContactPoint. A Place
    has no e-mail address in schema.org (an Organization has): a meeting place's stays on its page."""
    contact = entry.public_contact()
    data = {}
    if contact.get("email") and isinstance(entry, Initiative):
        data["email"] = contact["email"]
    if contact.get("phone"):
        data["telephone"] = contact["phone"]
    if contact.get("website"):
        data["sameAs"] = contact["website"]
    if contact.get("contact_person") and isinstance(entry, Initiative):
        point = {"@type": "ContactPoint", "name": contact["contact_person"]}
        point.update({key: data[key] for key in ("email", "telephone") if key in data})
        data["contactPoint"] = point
    return data


def _accessibility(entry: MeetingPlace) -> list[dict]:
    """Step-free access (yes or no, where known) and the notes on accessibility, named by their
    field labels (registry/schema.py) in the page's language."""
    values = {"step_free": entry.step_free, "accessibility_notes": entry.accessibility_notes or None}
    return [
        {"@type": "LocationFeatureSpecification", "name": str(MEETING_PLACE[name].label), "value": value}
        for name, value in values.items()
        if value is not None
    ]


def _geo(element) -> dict | None:
    point = point_coordinates(to_geometry(element))
    if point is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": point[1], "longitude": point[0]}
