"""Reading conferences, and the planners' saving of one."""

import re
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..geo.geojson import point_element, to_geometry
from ..listing import ListFilters, Page, apply_filters, paginate
from ..municipalities.locator import Locator
from ..municipalities.models import GazetteerPlace
from ..needs.models import Need
from ..registry.models import MeetingPlace
from ..taxonomy.models import Theme
from ..timeutil import local_today, period_errors
from .models import Conference
from .schema import CONFERENCE


def _conferences():
    return select(Conference).options(
        selectinload(Conference.kommune), selectinload(Conference.region), selectinload(Conference.venue)
    )


def conferences_query():
    """A select of every conference (all are public), with what the serializer needs loaded."""
    return _conferences()


def list_conferences(filters: ListFilters, today: date | None = None) -> Page:
    """Conferences matching the filters: the coming ones first (the next at the top), then those
    that took place (the latest first), then those whose date was not recorded (by year)."""
    today = today or local_today()
    query = apply_filters(_conferences(), Conference, filters)
    coming = Conference.date >= today
    order = (
        case((coming, 0), (Conference.date.is_not(None), 1), else_=2),
        case((coming, Conference.date), else_=None),
        Conference.date.desc(),
        Conference.starts_at,
        Conference.year.desc(),
        Conference.round.desc(),
        Conference.id,
    )
    return paginate(query, Conference, filters, order_by=order, point_column=Conference.location)


def calendar_conferences(filters: ListFilters) -> list[Conference]:
    """The conferences of a calendar feed, in date order: of a Kommune and region, and with `theme`
    those at which needs of that theme were named (a conference has no themes of its own)."""
    query = apply_filters(_conferences(), Conference, filters)
    if filters.theme:
        about = select(Need.conference_id).where(Need.themes.any(Theme.slug == filters.theme))
        query = query.where(Conference.id.in_(about))
    return list(db.session.scalars(query.order_by(Conference.date, Conference.starts_at, Conference.title)))


def conferences_of_kommunen(kommune_ids, today: date) -> tuple[list[Conference], list[Conference]]:
    """The conferences of these Kommunen: (upcoming or undated, soonest first; past, latest first)."""
    query = _conferences().where(Conference.kommune_id.in_(list(kommune_ids) or [-1]))
    found = list(db.session.scalars(query.order_by(Conference.date, Conference.starts_at, Conference.id)))
    past = [c for c in found if c.date is not None and c.date < today]
    return [c for c in found if c not in past], past[::-1]


def get_conference(conference_id: int) -> Conference:
    conference = db.session.scalar(_conferences().where(Conference.id == conference_id))
    if conference is None:
        raise NotFound(f"Conference {conference_id}")
    return conference


def conferences_at_venue(place_id: int) -> list[Conference]:
    """The conferences held at a meeting place, in the order they took place."""
    query = _conferences().where(Conference.venue_id == place_id).order_by(Conference.year, Conference.date)
    return list(db.session.scalars(query))


def upcoming_conferences(today: date, limit: int = 5) -> list[Conference]:
    query = _conferences().where(Conference.date >= today).order_by(Conference.date).limit(limit)
    return list(db.session.scalars(query))


def recent_conferences(today: date, limit: int = 4) -> list[Conference]:
    query = _conferences().where(Conference.date < today).order_by(Conference.date.desc()).limit(limit)
    return list(db.session.scalars(query))


def place_conference(conference: Conference, locator: Locator) -> None:
    """Locate a conference at its venue, else at its town; its region follows from the point."""
    point = None
    if conference.venue_name:
        venue = db.session.scalar(select(MeetingPlace).where(MeetingPlace.name == conference.venue_name))
        if venue is not None:
            conference.venue = venue
            point = to_geometry(venue.location)
    if point is None and conference.town:
        town = db.session.scalar(select(GazetteerPlace).where(GazetteerPlace.name == conference.town))
        point = to_geometry(town.location) if town is not None else None
    if point is not None:
        conference.location = point_element(point.x, point.y)
        found = locator.region_at(point.x, point.y)
        conference.region_id = found[0] if found else None


def save_conference(conference: Conference | None, data: dict, kommune_id: int) -> Conference:
    """Create (conference=None) or change a conference of a Kommune from the form's values; it is
    located at its venue or town and its region follows. Returns it, flushed. ValidationFailed
    names each declared field (conferences/schema.py) that breaks its rule, and the end if it
    ends before it starts."""
    clean, errors = CONFERENCE.check_all(data, CONFERENCE.names())
    if not errors:
        errors = period_errors(clean["starts_at"], clean["ends_at"], "ends_at")
    if errors:
        raise ValidationFailed(errors)
    conference = conference or Conference(source="Eingetragen vom Sozialamt")
    for spec in CONFERENCE.column_fields():
        setattr(conference, spec.attribute, clean[spec.name])
    conference.kommune_id = kommune_id
    conference.year = conference.date.year
    if conference.slug is None:
        conference.slug = _free_slug(f"{conference.date.isoformat()}-{conference.title}")
    conference.venue, conference.location, conference.region_id = None, None, None
    place_conference(conference, Locator.from_database())
    db.session.add(conference)
    db.session.flush()
    return conference


def _free_slug(text: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100]
    taken = set(db.session.scalars(select(Conference.slug).where(Conference.slug.like(base + "%"))))
    return base if base not in taken else f"{base}-{len(taken) + 1}"
