"""List queries shared by pages and API: filters from the query string, and pagination."""

import math
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .control_characters import CONTROL_CHARACTERS
from .errors import InvalidInput
from .extensions import db
from .geo.dialect import distance_m, intersects_bbox, nearby, within_bbox
from .municipalities.gazetteer import PlaceLookup, describe_unknown_place
from .municipalities.geocoding import find_place
from .municipalities.models import Kommune, Region
from .taxonomy import TARGET_GROUPS, THEMES

MAX_RADIUS_KM = 300.0

#: What people call the list and search parameters: pages name these, never the parameter.
PARAMETER_LABELS = {
    "q": _l("Suchbegriff"),
    "near": _l("Ort"),
    "radius_km": _l("Umkreis"),
    "lat": _l("Punkt auf der Karte"),
    "lon": _l("Punkt auf der Karte"),
    "bbox": _l("Kartenausschnitt"),
    "kommune": _l("Kommune"),
    "region": _l("Region"),
    "theme": _l("Thema"),
    "target_group": _l("Zielgruppe"),
    "type": _l("Art"),
    "help_kind": _l("Art der Hilfe"),
    "sort": _l("Sortierung"),
    "page": _l("Seite"),
    "per_page": _l("Einträge pro Seite"),
    "view": _l("Kartenansicht"),
    "zoom": _l("Zoomstufe"),
}


def parameter_label(name: str) -> str:
    return str(PARAMETER_LABELS.get(name, _l("Angabe")))


@dataclass
class ListFilters:
    kommune: str | None = None
    region: str | None = None
    theme: str | None = None
    target_group: str | None = None
    help_kind: str | None = None  # search and map only (search.services.parse_search)
    point: tuple[float, float] | None = None  # lon, lat
    radius_km: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    place: PlaceLookup | None = None  # the place the point came from (`near`), as understood
    page: int = 1
    per_page: int = 20

    def has_attribute_filters(self) -> bool:
        """Filters on what an entry is, not where: Kommune, region, theme, target group, bbox."""
        return any((self.kommune, self.region, self.theme, self.target_group, self.help_kind, self.bbox))

    def is_empty(self) -> bool:
        return not any(
            (self.kommune, self.region, self.theme, self.target_group, self.help_kind, self.point, self.bbox)
        )


def parse_list_filters(args) -> ListFilters:
    """Read and check the list parameters; InvalidInput names every bad parameter."""
    errors = _control_character_errors(args)
    if errors:
        raise InvalidInput(errors)
    filters = ListFilters(per_page=current_app.config["PER_PAGE"])
    filters.kommune = _slug_param(args, "kommune", errors)
    filters.region = _slug_param(args, "region", errors)
    filters.theme = vocabulary_param(args, "theme", THEMES, errors)
    filters.target_group = vocabulary_param(args, "target_group", TARGET_GROUPS, errors)
    filters.page = _int_param(args, "page", 1, 1, 1_000_000, errors)
    maximum = current_app.config["MAX_PER_PAGE"]
    filters.per_page = _int_param(args, "per_page", filters.per_page, 1, maximum, errors)
    filters.point, filters.place = _point_param(args, errors)
    filters.radius_km = _radius_param(args, filters.point, errors)
    filters.bbox = _bbox_param(args, errors)
    if errors:
        raise InvalidInput(errors)
    return filters


def _control_character_errors(args) -> dict[str, str]:
    """Control characters (NUL, ESC …) are never meaningful in a parameter; refuse them early."""
    return {
        name[:40]: _("enthält Steuerzeichen")
        for name, value in args.items(multi=True)
        if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value)
    }


def _text(args, name: str) -> str | None:
    value = args.get(name, "")
    value = value.strip() if isinstance(value, str) else ""
    return value or None


def _slug_param(args, name, errors):
    value = _text(args, name)
    if value is not None and (len(value) > 120 or not value.replace("-", "").isalnum()):
        errors[name] = _("muss ein Kürzel wie „landkreis-rostock“ sein")
        return None
    return value


def vocabulary_param(args, name, vocabulary, errors):
    value = _text(args, name)
    if value is not None and value not in vocabulary:
        errors[name] = _(
            "unbekannter Wert „%(value)s“; erlaubt: %(allowed)s",
            value=value[:60],
            allowed=", ".join(vocabulary),
        )
        return None
    return value


def _int_param(args, name, default, minimum, maximum, errors):
    value = _text(args, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        errors[name] = _("muss eine ganze Zahl sein")
        return default
    if not minimum <= number <= maximum:
        errors[name] = _("muss zwischen %(low)s und %(high)s liegen", low=minimum, high=maximum)
        return default
    return number


def _float(value: str, name: str, low: float, high: float, errors) -> float | None:
    try:
        number = float(value)
    except ValueError:
        errors[name] = _("muss eine Dezimalzahl sein")
        return None
    if not math.isfinite(number) or not low <= number <= high:
        errors[name] = _("muss zwischen %(low)s und %(high)s liegen", low=f"{low:g}", high=f"{high:g}")
        return None
    return number


def _point_param(args, errors):
    lat_text, lon_text, near = _text(args, "lat"), _text(args, "lon"), _text(args, "near")
    if lat_text is None and lon_text is None:
        if near is None:
            return None, None
        lookup = find_place(near)
        if not lookup.found:
            errors["near"] = describe_unknown_place(lookup)
            return None, lookup
        return lookup.point, lookup
    if lat_text is None or lon_text is None:
        errors["lat" if lat_text is None else "lon"] = _("Breiten- und Längengrad gehören zusammen.")
        return None, None
    lat = _float(lat_text, "lat", -90, 90, errors)
    lon = _float(lon_text, "lon", -180, 180, errors)
    return (None if lat is None or lon is None else (lon, lat)), None


def _radius_param(args, point, errors):
    value = _text(args, "radius_km")
    if value is None:
        return None
    radius = _float(value, "radius_km", 0, float("inf"), errors)
    if radius is None:
        return None
    if radius > MAX_RADIUS_KM:
        errors["radius_km"] = _("darf höchstens %(max)s km betragen", max=f"{MAX_RADIUS_KM:g}")
        return None
    if radius == 0:
        errors["radius_km"] = _("muss größer als 0 sein")
        return None
    if point is None and "near" not in errors:  # an unknown place is said once
        errors["radius_km"] = _("Für einen Umkreis geben Sie bitte einen Ort an.")
    return radius


def _bbox_param(args, errors):
    value = _text(args, "bbox")
    if value is None:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        errors["bbox"] = _("muss min_lon,min_lat,max_lon,max_lat sein")
        return None
    numbers = []
    for index, part in enumerate(parts):
        low, high = (-180, 180) if index % 2 == 0 else (-90, 90)
        number = _float(part.strip(), "bbox", low, high, errors)
        if number is None:
            return None
        numbers.append(number)
    if numbers[0] >= numbers[2] or numbers[1] >= numbers[3]:
        errors["bbox"] = _("die min-Werte müssen kleiner als die max-Werte sein")
        return None
    return tuple(numbers)


def apply_filters(query, model, filters: ListFilters, geometry_column=None):
    """Restrict a select of model (which has kommune, region, themes …) by the filters."""
    if filters.kommune:
        query = query.where(model.kommune_id.in_(select(Kommune.id).where(Kommune.slug == filters.kommune)))
    if filters.region:
        query = query.where(model.region_id.in_(select(Region.id).where(Region.slug == filters.region)))
    if filters.theme and hasattr(model, "themes"):
        query = query.where(_tagged(model.themes, filters.theme))
    if filters.target_group and hasattr(model, "target_groups"):
        query = query.where(_tagged(model.target_groups, filters.target_group))
    column = geometry_column if geometry_column is not None else getattr(model, "location", None)
    if column is None or not filters.bbox:
        return query
    if _is_indexed_column(model, column):
        return query.where(within_bbox(model, column, filters.bbox))
    return query.where(intersects_bbox(column, filters.bbox))


def _is_indexed_column(model, column) -> bool:
    """A geometry column of the model itself (with its spatial index), not a derived expression."""
    return getattr(column, "class_", None) is model and hasattr(column.type, "geometry_type")


def _tagged(relationship, slug: str):
    """model.id IN (ids tagged with slug): one look-up in the tag table's (slug, owner) index."""
    tags = relationship.property.secondary
    owner = next(column for column in tags.c if column.name != "slug")
    return relationship.property.parent.class_.id.in_(select(owner).where(tags.c.slug == slug))


def _km(metres: float | None) -> float | None:
    return None if metres is None else round(metres / 1000, 3)


@dataclass
class Page:
    items: list  # entries, or (entry, distance_km) pairs when a point was given
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def paginate(query, model, filters: ListFilters, order_by, geometry_column=None, point_column=None) -> Page:
    """One page of results: nearest first when a point is given, else by order_by.

    geometry_column: where an entry is, for distances and bbox (default: model.location).
    point_column: an indexed point column that is NULL exactly for the rows `query` leaves out
    (when no attribute filter applies); radius queries then run on its spatial index alone.
    """
    column = geometry_column if geometry_column is not None else getattr(model, "location", None)
    if filters.point and column is not None:
        return _paginate_by_distance(query, model, column, point_column, filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    offset = (filters.page - 1) * filters.per_page
    page_query = query.order_by(*order_by).offset(offset).limit(filters.per_page)
    items = list(db.session.scalars(page_query).unique())
    return Page(items=items, total=total, page=filters.page, per_page=filters.per_page)


def _paginate_by_distance(query, model, column, point_column, filters: ListFilters) -> Page:
    """Entries as (entry, distance_km) pairs, nearest first.

    The first query finds the page's ids and the total in one pass over the candidates;
    the second loads just those entries with their exact distances.
    """
    lon, lat = filters.point
    if filters.radius_km and point_column is not None:
        near = nearby(model, point_column, lon, lat, filters.radius_km * 1000)
        if filters.has_attribute_filters():
            ids_query = query.with_only_columns(model.id).join(near, model.id == near.c.id)
        else:  # the index alone answers: no row of the table is read before the page is known
            ids_query = select(near.c.id)
        rank, tiebreak = near.c.rank, near.c.id
    else:
        rank, tiebreak = distance_m(column, lon, lat), model.id
        ids_query = query.with_only_columns(model.id)
        if filters.radius_km:  # areas, and tables without a point index: measured exactly
            ids_query = ids_query.where(rank <= filters.radius_km * 1000)
    rows = db.session.execute(
        ids_query.add_columns(func.count().over().label("total"))
        .order_by(rank.is_(None), rank, tiebreak)  # entries without a geometry come last
        .offset((filters.page - 1) * filters.per_page)
        .limit(filters.per_page)
    ).all()
    if rows:
        total = rows[0].total
    else:
        total = db.session.scalar(select(func.count()).select_from(ids_query.order_by(None).subquery()))
    ids = [row[0] for row in rows]
    loaded = db.session.execute(query.add_columns(distance_m(column, lon, lat)).where(model.id.in_(ids)))
    by_id = {entry.id: (entry, _km(metres)) for entry, metres in loaded.unique()}
    items = [by_id[entry_id] for entry_id in ids]
    return Page(items=items, total=total, page=filters.page, per_page=filters.per_page)
