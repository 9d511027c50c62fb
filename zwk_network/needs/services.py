"""Read services for needs (the planners' workflow comes later)."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..listing import ListFilters, Page, apply_filters, paginate
from ..places.models import Kommune, Region
from .location import need_area_sql
from .models import Need


def _needs():
    return select(Need).options(
        selectinload(Need.themes),
        selectinload(Need.target_groups),
        selectinload(Need.help_kinds),
        selectinload(Need.region),
        selectinload(Need.kommune),
        selectinload(Need.conference),
    )


def list_needs(filters: ListFilters) -> Page:
    """Needs matching the filters, by Kommune and conference; nearest first with a point.

    A need's place is its own area (point or polygon), else its region, else its Kommune (location.py)."""
    where = need_area_sql()
    query = apply_filters(_needs(), Need, filters, geometry_column=where)
    return paginate(query, Need, filters, order_by=(Need.kommune_id, Need.id), geometry_column=where)


def get_need(need_id: int) -> Need:
    need = db.session.scalar(_needs().where(Need.id == need_id))
    if need is None:
        raise NotFound(f"Need {need_id}")
    return need


def needs_of_conference(conference_id: int) -> list[Need]:
    """The needs named at a conference."""
    return list(db.session.scalars(_needs().where(Need.conference_id == conference_id).order_by(Need.id)))


def needs_of_region(region_id: int | None, excluding: list[Need]) -> list[Need]:
    """The needs of a region, except these (for a conference page: its region's other needs)."""
    if region_id is None:
        return []
    skip = [need.id for need in excluding] or [-1]
    query = _needs().where(Need.region_id == region_id, Need.id.not_in(skip)).order_by(Need.title)
    return list(db.session.scalars(query))


def region_names_of_needs(ids) -> dict[int, str]:
    """The region (else Kommune) name of each of these needs: where a need is, in words."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Need.id, func.coalesce(Region.name, Kommune.name))
        .join(Kommune, Kommune.id == Need.kommune_id)
        .outerjoin(Region, Region.id == Need.region_id)
        .where(Need.id.in_(list(ids)))
    )
    return dict(rows.all())


def save_need(need: Need | None, data: dict) -> Need:
    """Create (need=None) or change a need from validated form data; returns it, flushed."""
    from ..geo.geojson import geometry_element, point_element
    from ..taxonomy.models import apply_tags

    need = need or Need()
    for name in ("title", "description", "kommune_id", "region_id", "conference_id", "priority", "status"):
        setattr(need, name, data[name])
    apply_tags(need, data)
    point, area = data.get("point"), data.get("area")
    if area is not None:
        need.area = geometry_element(area)
    elif point is not None:
        need.area = point_element(*point)
    else:  # the form showed the stored point or area: emptied, it is removed
        need.area = None
    db.session.add(need)
    db.session.flush()
    return need
