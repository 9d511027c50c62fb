"""Read services for needs (the planners' workflow comes later)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..listing import ListFilters, Page, apply_filters, paginate
from .models import Need


def _needs():
    return select(Need).options(
        selectinload(Need.themes),
        selectinload(Need.target_groups),
        selectinload(Need.region),
        selectinload(Need.kommune),
        selectinload(Need.conference),
    )


def list_needs(filters: ListFilters) -> Page:
    """Needs matching the filters, newest conference first."""
    query = apply_filters(_needs(), Need, filters, geometry_column=Need.area)
    return paginate(query, Need, filters, order_by=(Need.kommune_id, Need.id), geometry_column=Need.area)


def get_need(need_id: int) -> Need:
    need = db.session.scalar(_needs().where(Need.id == need_id))
    if need is None:
        raise NotFound(f"Need {need_id}")
    return need


def needs_of_conference(conference_id: int) -> list[Need]:
    """The needs named at a conference."""
    return list(db.session.scalars(_needs().where(Need.conference_id == conference_id).order_by(Need.id)))
