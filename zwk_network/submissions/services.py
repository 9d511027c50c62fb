"""Self-registration: new entries under review, changes through the edit link, deletion.

Every function here changes the database and records the change in the audit log; the
caller commits (views and CLI), after which the e-mails go out.
"""

from flask_babel import gettext as _
from sqlalchemy import select, update

from ..audit.services import EDIT_LINK, PUBLIC, forget_history, record
from ..conferences.models import Conference
from ..email_address import email_for_lookup
from ..entries import REGISTERED_MODELS
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..geo.germany import in_germany
from ..links import site_url
from ..measures.services import note_measures_of_deleted
from ..municipalities.gazetteer import describe_unknown_place
from ..municipalities.geocoding import find_place, geocode_address
from ..municipalities.locator import Locator
from ..municipalities.models import GazetteerPlace, Kommune, Region
from ..network.services import forget_entry
from ..registry.models import ModerationStatus
from ..registry.services import create_listing
from ..timeutil import utcnow
from .models import Revision, RevisionStatus
from .records import apply_record, differences, record_of
from .tokens import issue_token, revoke_tokens, token_target

SELF_REGISTERED = "Selbsteintrag"


def resolve_location(
    lat: float | None,
    lon: float | None,
    town: str | None,
    street: str | None = None,
    postcode: str | None = None,
) -> tuple[float, float]:
    """The entry's point: from the map picker's fields; else from the address through the geocoding
    service, when one is configured (geocoding.py); else from the town via the gazetteer.

    InvalidInput when there is none, when it lies outside Germany, or outside every Kommune
    of this registry."""
    if lat is not None and lon is not None:
        if not in_germany(lon, lat):
            raise InvalidInput({"lat": _("Der gewählte Ort liegt nicht in Deutschland.")})
    elif lat is not None or lon is not None:
        raise InvalidInput({"lat": _("Breiten- und Längengrad gehören zusammen.")})
    elif town:
        lon, lat = _point_of_address(street, postcode, town)
    else:
        raise InvalidInput({"lat": _("Bitte wählen Sie den Ort auf der Karte oder geben Sie einen Ort an.")})
    if Locator.from_database().region_at(lon, lat) is None:
        raise InvalidInput({"lat": _("Der Ort liegt außerhalb der Kommunen, die dieses Register führt.")})
    return round(lon, 6), round(lat, 6)


def place_of_point(lon: float, lat: float) -> dict:
    """Where a point is, in words, for the check step: the nearest gazetteer town (within
    locator.MAX_TOWN_DISTANCE_KM), the region and the Kommune; each None when there is none."""
    location = Locator.from_database().locate(lon, lat)
    place_id, region_id, kommune_id = location.gazetteer_place_id, location.region_id, location.kommune_id
    town = db.session.get(GazetteerPlace, place_id) if place_id else None
    region = db.session.get(Region, region_id) if region_id else None
    kommune = db.session.get(Kommune, kommune_id) if kommune_id else None
    return {
        "town": town.name if town else None,
        "region": region.name if region else None,
        "kommune": kommune.name if kommune else None,
    }


def _point_of_address(street: str | None, postcode: str | None, town: str) -> tuple[float, float]:
    """Without a map (no JavaScript): the street address through the geocoding service, when one is
    configured and finds it within a Kommune of the registry; else the town (gazetteer, then service)."""
    if street:
        address = geocode_address(f"{street}, {' '.join(filter(None, [postcode, town]))}")
        if address is not None and Locator.from_database().region_at(address.lon, address.lat) is not None:
            return address.lon, address.lat
    lookup = find_place(town)
    if not lookup.found:
        raise InvalidInput({"town": describe_unknown_place(lookup)})
    if lookup.guessed:  # a typo: say what we understood, and let the person confirm it
        message = _("Meinten Sie %(name)s? Dann schreiben Sie den Ort bitte so.", name=lookup.place.name)
        raise InvalidInput({"town": message})
    return lookup.point


def submit_entry(kind: str, data: dict, lon: float, lat: float):
    """A new entry, pending review, with its first edit link; returns (entry, token)."""
    model = REGISTERED_MODELS[kind]
    entry = create_listing(
        model, data | {"source": SELF_REGISTERED}, lon, lat, status=ModerationStatus.PENDING.value
    )
    entry.submitter_email = data["submitter_email"]
    token = issue_token(kind, entry.id)
    record("eingereicht", kind, entry, note=_("neuer Eintrag, wartet auf Prüfung"), actor=PUBLIC)
    return entry, token


def entry_for_token(token: str):
    """(kind, entry) for a valid edit link; NotFound for a wrong or expired one."""
    target = token_target(token)
    entry = db.session.get(REGISTERED_MODELS[target[0]], target[1]) if target else None
    if entry is None:
        raise NotFound("edit link")
    return target[0], entry


def pending_revision(kind: str, entry_id: int) -> Revision | None:
    return db.session.scalar(
        select(Revision).where(
            Revision.entry_type == kind,
            Revision.entry_id == entry_id,
            Revision.status == RevisionStatus.PENDING.value,
        )
    )


def change_entry(kind: str, entry, data: dict) -> str:
    """Apply a change from the edit link. A published entry keeps its published version until
    a planner approves the change ("review"); one not yet published changes at once ("updated")."""
    if entry.status == ModerationStatus.APPROVED:
        earlier = pending_revision(kind, entry.id)
        if earlier is not None:
            earlier.status = RevisionStatus.SUPERSEDED.value
        db.session.add(Revision(entry_type=kind, entry_id=entry.id, data=data))
        record("Änderung eingereicht", kind, entry, differences(record_of(entry), data), actor=EDIT_LINK)
        return "review"
    changes = apply_record(entry, data)
    if entry.status == ModerationStatus.REJECTED:
        entry.status = ModerationStatus.PENDING.value
        entry.rejection_reason = ""
    record("bearbeitet", kind, entry, changes, note=_("vor der Prüfung"), actor=EDIT_LINK)
    return "updated"


def confirm_current(kind: str, entry) -> None:
    """The owner confirms the entry is current: shown again at once if it was hidden as stale."""
    entry.mark_confirmed(utcnow())
    record("bestätigt", kind, entry, note=_("als aktuell bestätigt"), actor=EDIT_LINK)


def delete_entry(kind: str, entry, actor: str = EDIT_LINK) -> list:
    """Delete an entry with its links and pending changes; the audit log keeps that it happened,
    its connections to needs stay as records (without contact data) and measures it was part of
    get a note. Returns the planners to tell (network.services.DeletedPartner), after the commit."""
    forget_history(kind, entry.id)
    record("gelöscht", kind, entry, note=_("auf Wunsch gelöscht"), actor=actor)
    if kind == "initiative":
        note_measures_of_deleted(entry)
    revoke_tokens(kind, entry.id)
    db.session.execute(
        update(Revision)
        .where(Revision.entry_type == kind, Revision.entry_id == entry.id)
        .values(status=RevisionStatus.SUPERSEDED.value, data={})
    )
    if kind == "place":
        db.session.execute(update(Conference).where(Conference.venue_id == entry.id).values(venue_id=None))
    told = forget_entry(kind, entry)
    db.session.delete(entry)
    return told


def export_entry(kind: str, entry) -> dict:
    """Everything stored about an entry, for its owner (DSGVO Art. 15 / 20)."""
    revision = pending_revision(kind, entry.id)
    return {
        "type": kind,
        "id": entry.id,
        "status": entry.status,
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat() if entry.updated_at else None,
        "last_confirmed_at": entry.last_confirmed_at.isoformat() if entry.last_confirmed_at else None,
        "data": record_of(entry),
        "pending_change": revision.data if revision else None,
    }


def entries_of_submitter(email: str) -> list[tuple[str, object]]:
    email = email_for_lookup(email)
    found = []
    for kind, model in REGISTERED_MODELS.items():
        found += [
            (kind, entry) for entry in db.session.scalars(select(model).where(model.submitter_email == email))
        ]
    return found


def issue_links(entries: list[tuple[str, object]]) -> list[tuple[object, str]]:
    """A new edit link for each entry: [(entry, url)]."""
    return [(entry, edit_url(issue_token(kind, entry.id))) for kind, entry in entries]


def edit_url(token: str) -> str:
    return site_url("submissions.manage", token=token)
