"""Reading features for the OGC API: the items request's parameters, the query, the features.

parse_items_request checks every parameter (unknown ones too: Part 1 wants a 400 for them) and
raises InvalidInput with German reasons; find_features and get_feature query the collection's
public rows and turn them into GeoJSON features with the one serializer (serialize.to_feature),
in the CRS asked for.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, literal, select

from ..control_characters import CONTROL_CHARACTERS
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..geo.dialect import extent_columns, intersects_geometry, within_bbox
from ..serialize import to_feature
from .collections import INTEGER_RANGE, Collection
from .cql2 import filter_clause
from .crs import CRS84, SUPPORTED, OutsideCrs, box_in_crs84, crs_uri, transform_features

DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
MAX_OFFSET = 10_000_000
#: The parameters of /items besides the queryables (Part 1, 2 and 3).
ITEMS_PARAMETERS = (
    "f",
    "limit",
    "offset",
    "bbox",
    "bbox-crs",
    "crs",
    "datetime",
    "filter",
    "filter-lang",
    "filter-crs",
)
FILTER_LANGUAGES = ("cql2-text",)


@dataclass
class ItemsRequest:
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    crs: str = CRS84
    conditions: list = field(default_factory=list)  # SQL conditions, all of which must hold


@dataclass
class FeaturePage:
    features: list[dict]
    number_matched: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.features) < self.number_matched

    @property
    def has_prev(self) -> bool:
        return self.offset > 0


def parse_items_request(collection: Collection, args) -> ItemsRequest:
    """The items request's parameters, checked; InvalidInput names every bad one in German."""
    errors: dict[str, str] = {}
    for name, value in args.items(multi=True):
        if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value):
            errors[name[:40]] = _("enthält Steuerzeichen")
        elif name not in ITEMS_PARAMETERS and collection.queryable(name) is None:
            errors[name[:40]] = _(
                "unbekannter Parameter; möglich sind %(names)s",
                names=", ".join([*ITEMS_PARAMETERS, *(q.name for q in collection.queryables)]),
            )
    if errors:
        raise InvalidInput(errors)
    request = ItemsRequest()
    request.limit = _integer(args, "limit", DEFAULT_LIMIT, 1, None, errors)
    request.limit = min(request.limit, MAX_LIMIT)  # Part 1: a larger limit is answered with the maximum
    request.offset = _integer(args, "offset", 0, 0, MAX_OFFSET, errors)
    request.crs = parse_crs(args, "crs", errors)
    bbox_crs = parse_crs(args, "bbox-crs", errors)
    filter_crs = parse_crs(args, "filter-crs", errors)
    if errors:
        raise InvalidInput(errors)
    conditions = request.conditions
    if args.get("bbox"):
        area = _bbox(args["bbox"], bbox_crs, errors)
        if area is not None:
            conditions.extend(_in_area(collection, area))
    if args.get("datetime"):
        period = _period(args["datetime"], errors)
        if period is not None and collection.temporal is not None:
            conditions.extend(_in_period(collection.temporal(), period))
    for queryable in collection.queryables:
        if queryable.name in args:
            value = _typed(queryable.type, args[queryable.name], queryable.name, errors)
            if value is not None:
                column = queryable.column()
                conditions.append(column == literal(value, type_=column.type))
    language = args.get("filter-lang", "cql2-text")
    if language not in FILTER_LANGUAGES:
        errors["filter-lang"] = _("nur „cql2-text“ wird verstanden")
    if errors:
        raise InvalidInput(errors)
    if args.get("filter"):
        conditions.append(filter_clause(args["filter"], collection, filter_crs))
    return request


def parse_crs(args, name: str, errors: dict) -> str:
    value = args.get(name)
    if not value:
        return CRS84
    uri = crs_uri(value)
    if uri is None:
        errors[name] = _("unbekanntes Koordinatensystem; möglich sind %(crs)s", crs=", ".join(SUPPORTED))
        return CRS84
    return uri


def _integer(args, name, default, low, high, errors) -> int:
    value = args.get(name)
    if value is None or value == "":
        return default
    if not re.fullmatch(r"\d{1,12}", value.strip()):
        errors[name] = _("muss eine ganze Zahl sein")
        return default
    number = int(value)
    if number < low or (high is not None and number > high):
        errors[name] = (
            _("muss mindestens %(low)s sein", low=low)
            if number < low
            else _("darf höchstens %(high)s sein", high=high)
        )
        return default
    return number


def _bbox(text: str, crs: str, errors: dict):
    """The box as a CRS84 polygon; min_x,min_y,max_x,max_y (or six numbers with heights)."""
    parts = text.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (4, 6) or not all(math.isfinite(n) for n in numbers):
        errors["bbox"] = _("muss vier Zahlen haben: min_x,min_y,max_x,max_y")
        return None
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    min_x, min_y, max_x, max_y = numbers
    if min_x > max_x or min_y > max_y:
        errors["bbox"] = _("die min-Werte müssen kleiner als die max-Werte sein")
        return None
    if crs == CRS84 and not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        errors["bbox"] = _("Längen- und Breitengrade liegen zwischen -180 und 180 bzw. -90 und 90")
        return None
    try:
        area = box_in_crs84((min_x, min_y, max_x, max_y), crs)
    except OutsideCrs:
        area = None
    if area is None or not area.is_valid:
        errors["bbox"] = _("liegt außerhalb des Koordinatensystems von bbox-crs")
        return None
    return area


def _in_area(collection: Collection, area) -> list:
    geometry = collection.geometry()
    exact = intersects_geometry(geometry, area)
    if collection.geometry_indexed:  # the spatial index finds the candidates first
        return [within_bbox(collection.model, geometry, area.bounds), exact]
    return [exact]


_INSTANT = r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"


def _period(text: str, errors: dict):
    """(start, end) dates of an instant or interval („2026-05-01“, „2026-01-01/..“, „../2026-12-31“)."""
    parts = text.split("/")
    if len(parts) > 2 or not all(p in ("", "..") or re.fullmatch(_INSTANT, p) for p in parts):
        errors["datetime"] = _(
            "muss ein Datum oder Zeitraum sein, z. B. 2026-05-01 oder 2026-01-01/2026-06-30"
        )
        return None
    try:
        bounds = [None if p in ("", "..") else _date_of(p) for p in parts]
    except ValueError:
        errors["datetime"] = _("enthält ein Datum, das es nicht gibt")
        return None
    start, end = (bounds[0], bounds[0]) if len(bounds) == 1 else bounds
    if len(bounds) == 1 and start is None:
        errors["datetime"] = _(
            "muss ein Datum oder Zeitraum sein, z. B. 2026-05-01 oder 2026-01-01/2026-06-30"
        )
        return None
    if start and end and start > end:
        errors["datetime"] = _("der Zeitraum endet, bevor er beginnt")
        return None
    return start, end


def _date_of(text: str) -> date:
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


def _in_period(column, period) -> list:
    start, end = period
    conditions = [column.is_not(None)]
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def _typed(kind: str, text: str, name: str, errors: dict):
    """A simple query parameter's value as its queryable's type."""
    try:
        if kind == "integer":
            number = int(text)
            if not INTEGER_RANGE[0] <= number <= INTEGER_RANGE[1]:
                raise ValueError
            return number
        if kind == "number":
            number = float(text)
            if not math.isfinite(number):
                raise ValueError
            return number
        if kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError
            return text == "true"
        if kind == "date":
            return date.fromisoformat(text)
        if kind == "date-time":
            return datetime.fromisoformat(text)
    except ValueError:
        errors[name] = _("passt nicht zum Typ der Eigenschaft (%(kind)s)", kind=kind)
        return None
    return text


def find_features(collection: Collection, request: ItemsRequest) -> FeaturePage:
    """One page of the collection's public features matching the request, in id order."""
    query = collection.query().where(*request.conditions)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(
        query.order_by(collection.model.id).offset(request.offset).limit(request.limit)
    ).unique()
    features = [to_feature(entry) for entry in rows]
    transform_features(features, request.crs)
    return FeaturePage(features, total, request.offset, request.limit)


def get_feature(collection: Collection, feature_id: str, crs: str) -> dict:
    """One public feature; NotFound for any other id (pending, rejected, unknown …)."""
    if not re.fullmatch(r"\d{1,10}", feature_id) or int(feature_id) > INTEGER_RANGE[1]:
        raise NotFound(f"{collection.id} {feature_id[:40]}")
    entry = db.session.scalar(collection.query().where(collection.model.id == int(feature_id)))
    if entry is None:
        raise NotFound(f"{collection.id} {feature_id}")
    feature = to_feature(entry)
    transform_features([feature], crs)
    return feature


def collection_extent(collection: Collection) -> list[float] | None:
    """The CRS84 bounds of the collection's public features, or None while it has none."""
    geometry = collection.geometry()
    inner = collection.query().with_only_columns(geometry.label("g")).order_by(None).subquery()
    bounds = db.session.execute(select(*extent_columns(inner.c.g))).one()
    if any(value is None for value in bounds):
        return None
    return [round(float(value), 6) for value in bounds]
