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
from .parameters import BoundingBox, Choice, Integer, Number, Slug, Text, decimal, text_of
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
    # The Wegweiser's own names for its filter, and the embeddable map's and OGC's parameters.
    "thema": _l("Thema"),
    "zielgruppe": _l("Zielgruppe"),
    "ohne": _l("Weggelassene Einträge"),
    "format": _l("Format"),
    "size": _l("Größe"),
    "lang": _l("Sprache"),
    "datetime": _l("Zeitraum"),
    "limit": _l("Anzahl"),
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


KOMMUNE = Slug("kommune", "Only entries of this Kommune (its slug, see /api/kommunen).")
REGION = Slug("region", "Only entries of this region (its slug, see /api/regions).")
THEME = Choice("theme", "Only entries with this theme.", values=lambda: tuple(THEMES))
TARGET_GROUP = Choice(
    "target_group", "Only entries for this target group.", values=lambda: tuple(TARGET_GROUPS)
)
PAGE = Integer("page", "The page, from 1.", minimum=1, maximum=1_000_000, default=1)
PER_PAGE = Integer(
    "per_page", "Entries per page.", minimum=1, maximum_setting="MAX_PER_PAGE", default_setting="PER_PAGE"
)
NEAR = Text("near", "A place (town, Ortsteil or postcode): nearest entries first, with their distances.")
LAT = Number("lat", "Latitude (WGS 84) of a point: nearest entries first; together with lon.", -90, 90)
LON = Number("lon", "Longitude (WGS 84) of a point; together with lat.", -180, 180)
RADIUS_KM = Number(
    "radius_km",
    "Only entries within this many kilometres of the place or point.",
    0,
    MAX_RADIUS_KM,
    exclusive_minimum=True,
)
BBOX = BoundingBox("bbox", "Only entries inside min_lon,min_lat,max_lon,max_lat (WGS 84 degrees).")
#: What parse_list_filters reads: the pages and the API's lists take these parameters.
LIST_PARAMETERS = (KOMMUNE, REGION, THEME, TARGET_GROUP, PAGE, PER_PAGE, NEAR, LAT, LON, RADIUS_KM, BBOX)


def parse_list_filters(args) -> ListFilters:
    """Read and check the list parameters (LIST_PARAMETERS); InvalidInput names every bad parameter."""
    errors = _control_character_errors(args)
    if errors:
        raise InvalidInput(errors)
    filters = ListFilters(per_page=current_app.config["PER_PAGE"])
    filters.kommune = KOMMUNE.parse(args, errors)
    filters.region = REGION.parse(args, errors)
    filters.theme = THEME.parse(args, errors)
    filters.target_group = TARGET_GROUP.parse(args, errors)
    filters.page = PAGE.parse(args, errors)
    filters.per_page = PER_PAGE.parse(args, errors)
    filters.point, filters.place = _point_param(args, errors)
    filters.radius_km = _radius_param(args, filters.point, errors)
    filters.bbox = BBOX.parse(args, errors)
    if filters.kommune and filters.region and not _region_of_kommune(filters.region, filters.kommune):
        errors["region"] = _("Diese Region gehört nicht zur gewählten Kommune.")
    if errors:
        raise InvalidInput(errors)
    return filters


def _region_of_kommune(region: str, kommune: str) -> bool:
    """Whether the region is one of the Kommune's (an unknown region or Kommune simply finds nothing)."""
    found = db.session.execute(
        select(Region.kommune_id, Kommune.id)
        .outerjoin(Kommune, Kommune.slug == kommune)
        .where(Region.slug == region)
    ).all()
    return not found or any(kommune_id == own or own is None for kommune_id, own in found)


def _control_character_errors(args) -> dict[str, str]:
    """Control characters (NUL, ESC …) are never meaningful in a parameter; refuse them early."""
    return {
        name[:40]: _("enthält Steuerzeichen")
        for name, value in args.items(multi=True)
        if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value)
    }


def _point_param(args, errors):
    lat_text, lon_text, near = text_of(args, "lat"), text_of(args, "lon"), text_of(args, "near")
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
    lat, lon = LAT.parse(args, errors), LON.parse(args, errors)
    return (None if lat is None or lon is None else (lon, lat)), None


def _radius_param(args, point, errors):
    value = text_of(args, "radius_km")
    if value is None:
        return None
    radius = decimal(value, "radius_km", -math.inf, math.inf, errors)
    if radius is None:
        return None
    if radius > RADIUS_KM.maximum:
        errors["radius_km"] = _("darf höchstens %(max)s km betragen", max=f"{RADIUS_KM.maximum:g}")
        return None
    if radius <= RADIUS_KM.minimum:
        errors["radius_km"] = _("muss größer als 0 sein")
        return None
    if point is None and "near" not in errors:  # an unknown place is said once
        errors["radius_km"] = _("Für einen Umkreis geben Sie bitte einen Ort an.")
    return radius


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
