"""Read services for conferences."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..geo.geojson import point_element, to_geometry
from ..listing import ListFilters, Page, apply_filters, paginate
from ..places.locator import Locator
from ..places.models import GazetteerPlace
from ..registry.models import MeetingPlace
from .models import Conference


def _conferences():
    return select(Conference).options(
        selectinload(Conference.kommune), selectinload(Conference.region), selectinload(Conference.venue)
    )


def list_conferences(filters: ListFilters) -> Page:
    """Conferences matching the filters, in the order they took place."""
    query = apply_filters(_conferences(), Conference, filters)
    order = (Conference.year, Conference.round, Conference.date, Conference.id)
    return paginate(query, Conference, filters, order_by=order, point_column=Conference.location)


def all_conferences() -> list[Conference]:
    return list(
        db.session.scalars(_conferences().order_by(Conference.date, Conference.starts_at, Conference.title))
    )


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
