"""Reading needs, and the planners' saving of one (with its rules: region, point, area)."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..geo.geojson import geometry_element, geometry_from_geojson, load_json, point_element
from ..geo.germany import bounds_in_germany, in_germany
from ..listing import ListFilters, Page, apply_filters, paginate
from ..municipalities.models import Kommune, Region
from ..taxonomy.models import apply_tags
from .location import need_area_sql
from .models import Need
from .schema import NEED


def _needs():
    return select(Need).options(
        selectinload(Need.themes),
        selectinload(Need.target_groups),
        selectinload(Need.help_kinds),
        selectinload(Need.region),
        selectinload(Need.kommune),
        selectinload(Need.conference),
    )


def needs_query():
    """A select of every need (all are public), with what the serializer needs loaded."""
    return _needs()


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


#: The fields save_need stores as given: the declared columns the need form edits (needs/schema.py),
#: and the conference, which the form offers as the planner's choices.
NEED_FIELDS = (*(spec.attribute for spec in NEED.editable_fields()), "conference_id")


def save_need(need: Need | None, data: dict, kommunen: list[Kommune]) -> Need:
    """Create (need=None) or change a need of one of these Kommunen (the planner's) from a form's
    values; returns it, flushed. ValidationFailed names each field that breaks a rule:

    - `kommune` (a slug) is one of `kommunen`; `region` ((slug, Kommune slug) or None) belongs to it;
    - `lat` and `lon` come together and lie in Germany;
    - `area` (GeoJSON text, may be empty) is a Polygon or MultiPolygon in Germany; it wins over the point.

    - the declared fields the need form asks (needs/schema.py: title, description, tags, priority,
      status) keep their declared rules.

    Neither point nor area removes the stored one (the form showed it; emptied, it goes)."""
    clean, errors = NEED.check_all(data, [spec.name for spec in NEED.form_fields()])
    kommune = next((k for k in kommunen if k.slug == data["kommune"]), None)
    if kommune is None:
        errors["kommune"] = _("ist keine Ihrer Kommunen")
    region = _region(data.get("region"), kommune, errors)
    point = _point(data.get("lat"), data.get("lon"), errors)
    area = _area(data["area"], errors) if (data.get("area") or "").strip() else None
    if errors:
        raise ValidationFailed(errors)
    need = need or Need()
    for name in NEED_FIELDS:
        setattr(need, name, clean[name] if name in clean else data[name])
    if "internal_note" in clean:  # private: never public
        need.internal_note = clean["internal_note"] or ""
    need.kommune_id, need.region_id = kommune.id, region.id if region else None
    apply_tags(need, clean)
    if area is not None:
        need.area = geometry_element(area)
    elif point is not None:
        need.area = point_element(*point)
    else:
        need.area = None
    db.session.add(need)
    db.session.flush()
    return need


def _region(key: tuple[str, str] | None, kommune: Kommune | None, errors: dict) -> Region | None:
    if key is None:
        return None
    slug, kommune_slug = key
    region = db.session.scalar(
        select(Region).join(Kommune).where(Region.slug == slug, Kommune.slug == kommune_slug)
    )
    if region is None or kommune is None or region.kommune_id != kommune.id:
        errors["region"] = _("gehört nicht zur gewählten Kommune")
    return region


def _point(lat: float | None, lon: float | None, errors: dict) -> tuple[float, float] | None:
    """(lon, lat) of a chosen point in Germany."""
    if (lat is None) != (lon is None):
        errors["lat"] = _("Breiten- und Längengrad gehören zusammen.")
        return None
    if lat is None:
        return None
    if not in_germany(lon, lat):
        errors["lat"] = _("Der gewählte Ort liegt nicht in Deutschland.")
    return lon, lat


def _area(text: str, errors: dict):
    """A drawn or pasted area: a GeoJSON Polygon or MultiPolygon in Germany."""
    try:
        geometry = geometry_from_geojson(load_json(text))
    except (ValueError, TypeError) as error:
        errors["area"] = _("ist keine gültige GeoJSON-Fläche (%(reason)s)", reason=str(error)[:120])
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        errors["area"] = _("muss eine Fläche sein (Polygon)")
    elif not bounds_in_germany(*geometry.bounds):
        errors["area"] = _("Der gewählte Ort liegt nicht in Deutschland.")
    return geometry
