"""The one serializer: entries to dicts and GeoJSON features, for the API, exports and maps.

audience="public" shows only what may be published (contact data with consent);
audience="export" writes every property of the exchange format, for lossless round trips.
Initiatives, places and needs list the fields of their declarations (registry/schema.py, needs/schema.py).
"""

from datetime import date, time

from .conferences.models import Conference
from .conferences.schema import CONFERENCE
from .entries import kind_of
from .fieldspec import Schema
from .geo.geojson import feature, point_coordinates, to_geometry
from .municipalities.gazetteer import place_label
from .municipalities.models import GazetteerPlace, Kommune, Region
from .needs.location import need_location
from .needs.models import Need
from .needs.schema import NEED
from .registry.models import SCHEMA_OF, Initiative, MeetingPlace


def declared_properties(schema: Schema, entry, audience: str = "public") -> dict:
    """An entry's properties in its declaration's order. "export": every property of the exchange
    format; "public": what may be published, the contact parts with consent as `contact`."""
    if audience == "export":
        return {spec.name: spec.value_of(entry) for spec in schema.exchange_fields()}
    properties = {}
    for spec in schema.exchange_fields():
        if spec.consent and "contact" not in properties:
            properties["contact"] = entry.public_contact()
        if not spec.private and not spec.consent:
            properties[spec.name] = spec.value_of(entry)
    return properties


def listing_properties(entry: Initiative | MeetingPlace, audience: str = "public") -> dict:
    properties = declared_properties(SCHEMA_OF[type(entry)], entry, audience)
    if audience == "public":
        properties.update(
            type=kind_of(entry).type,
            gazetteer_town=entry.gazetteer_place.name if entry.gazetteer_place else None,
            region_name=entry.region.name if entry.region else None,
            updated_at=entry.updated_at.isoformat(timespec="seconds"),
            last_confirmed_at=_iso(entry.confirmed_at),
        )
    return properties


def need_properties(need: Need, audience: str = "public") -> dict:
    properties = declared_properties(NEED, need, audience)
    if audience == "public":
        properties.update(
            type="need",
            region_name=need.region.name if need.region else None,
            updated_at=need.updated_at.isoformat(timespec="seconds"),
        )
    return properties


def conference_properties(conference: Conference) -> dict:
    """A conference: its declared fields (conferences/schema.py), dates and times as ISO text, then
    what follows from them (year, the venue as shown, Kommune, region, the registration state)."""
    declared = {spec.name: _plain(spec.value_of(conference)) for spec in CONFERENCE.public_fields()}
    return {
        "type": "conference",
        "id": conference.id,
        "slug": conference.slug,
        **declared,
        "year": conference.year,
        "venue": conference.display_venue,
        "venue_id": conference.venue_id if conference.venue and conference.venue.is_public else None,
        "kommune": conference.kommune.slug,
        "region": conference.region.slug if conference.region else None,
        "registration": conference.registration,
    }


def _plain(value):
    """A date as YYYY-MM-DD, a time of day as HH:MM, anything else as it is."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def region_properties(region: Region) -> dict:
    return {
        "type": "region",
        "id": region.id,
        "slug": region.slug,
        "name": region.name,
        "kommune": region.kommune.slug,
        "approximate": region.boundary_is_approximate,
        "source": region.boundary_source,
    }


def gazetteer_properties(place: GazetteerPlace) -> dict:
    lon, lat = point_coordinates(to_geometry(place.location))
    return {
        "name": place.name,
        "label": place_label(place),
        "kind": place.kind,
        "gemeinde": place.gemeinde,
        "postcode": place.postcode,
        "postcodes": place.postcodes.split(),
        "kommune": place.kommune.name if place.kommune else None,
        "region": place.region.name if place.region else None,
        "lon": lon,
        "lat": lat,
    }


def kommune_properties(kommune: Kommune) -> dict:
    return {
        "type": "kommune",
        "id": kommune.id,
        "slug": kommune.slug,
        "name": kommune.name,
        "kind": kommune.kind,
        "description": kommune.description,
        "website": kommune.website,
        "regions": [region.slug for region in kommune.regions],
        "phases": [
            {
                "position": p.position,
                "title": p.title,
                "description": p.description,
                "starts_on": _iso(p.starts_on),
            }
            for p in kommune.phases
        ],
    }


def to_feature(entry, audience: str = "public") -> dict:
    """Any entry as a GeoJSON Feature with its geometry and properties."""
    if isinstance(entry, Initiative | MeetingPlace):
        return feature(to_geometry(entry.location), listing_properties(entry, audience), entry.id)
    if isinstance(entry, Need):
        if audience == "export":  # the need's own area only: imported again, the need is as it was
            return feature(to_geometry(entry.area), need_properties(entry, audience), entry.id)
        location = need_location(entry)  # its own area, else its region's or its Kommune's
        properties = need_properties(entry, audience) | {"located_by": location.basis}
        return feature(location.geometry, properties, entry.id)
    if isinstance(entry, Conference):
        return feature(to_geometry(entry.location), conference_properties(entry), entry.id)
    if isinstance(entry, Region):
        return feature(to_geometry(entry.boundary), region_properties(entry), entry.id)
    raise TypeError(f"cannot serialize {type(entry).__name__}")


def _iso(value):
    return value.isoformat() if value is not None else None
