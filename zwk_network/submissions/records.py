"""An entry as a record (the import format plus its point), and applying a record to an entry."""

from ..geo.geojson import point_coordinates, point_element, to_geometry
from ..municipalities.locator import Locator
from ..registry.models import CONTACT_PARTS, SCHEMA_OF
from ..taxonomy.models import apply_tags


def fields_of(model) -> tuple[str, ...]:
    """The plain columns an owner edits (the declaration's editable fields)."""
    return tuple(spec.name for spec in SCHEMA_OF[model].editable_fields())


def record_of(entry) -> dict:
    """Everything the owner of an entry entered, with lon and lat."""
    record = {name: getattr(entry, name) for name in fields_of(type(entry))}
    record.update(entry.tag_slugs())
    record["publish"] = [part for part in CONTACT_PARTS if getattr(entry, f"publish_{part}")]
    record["submitter_email"] = entry.submitter_email
    record["lon"], record["lat"] = point_coordinates(to_geometry(entry.location))
    return record


def apply_record(entry, record: dict) -> dict:
    """Write a record into an entry; returns what changed as {field: [before, after]}."""
    before = record_of(entry)
    for spec in SCHEMA_OF[type(entry)].editable_fields():
        setattr(entry, spec.attribute, spec.stored(record.get(spec.name)))
    published = set(record.get("publish") or ())
    for part in CONTACT_PARTS:
        setattr(entry, f"publish_{part}", part in published)
    if record.get("submitter_email"):
        entry.submitter_email = record["submitter_email"]
    apply_tags(entry, record)
    lon, lat = record["lon"], record["lat"]
    if (lon, lat) != (before["lon"], before["lat"]):
        location = Locator.from_database().locate(lon, lat)
        entry.location = point_element(lon, lat)
        entry.kommune_id, entry.region_id = location.kommune_id, location.region_id
        entry.gazetteer_place_id = location.gazetteer_place_id
    after = record_of(entry) | {"lon": lon, "lat": lat}
    return differences(before, after)


def differences(before: dict, after: dict) -> dict:
    """{key: [before, after]} of the keys whose value changed. Nothing is nothing: None, "" and []
    are the same value (a form sends "" for a field the entry never had), so they are no change."""
    return {
        key: [before.get(key), after.get(key)]
        for key in after
        if _value(before.get(key)) != _value(after.get(key))
    }


def _value(value):
    return None if value in (None, "", []) else value
