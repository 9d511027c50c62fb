"""The collections of the OGC API: the entry kinds of entries.py, and the regions.

Each collection says which rows are public (the services' own queries: approved initiatives and
places, every need and conference, every region), where a feature is (its geometry expression),
what may be filtered on (its queryables) and, for conferences, its time. The queryables of
initiatives, places and needs come from their field declarations (registry/schema.py,
needs/schema.py): the public plain-column fields, named as the serializer names them, typed by
their column. Conferences and regions have no declaration; theirs name the columns behind the
serializer's properties (serialize.conference_properties, region_properties).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric, select
from sqlalchemy.orm import selectinload

from ..conferences.models import Conference
from ..conferences.services import conferences_query
from ..entries import BY_TYPE, EntryKind
from ..fieldspec import Schema
from ..municipalities.models import Kommune, Region
from ..needs.location import need_area_sql
from ..needs.models import Need
from ..needs.schema import NEED
from ..needs.services import needs_query
from ..registry.models import SCHEMA_OF
from ..registry.services import public_listings

#: JSON Schema types of the queryables, and the Python values a filter compares them with.
PYTHON_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "date": (date,),
    "date-time": (datetime,),
}

#: Integers a queryable column holds (32 bits: PostgreSQL's integer); others are refused, not cast.
INTEGER_RANGE = (-(2**31), 2**31 - 1)


@dataclass(frozen=True)
class Queryable:
    name: str  # the property's name in the features
    type: str  # a key of PYTHON_TYPES
    title: object
    column: Callable  # () -> the SQL expression of its value (built inside a request)
    enum: tuple = ()  # the values it takes, where its declaration allows only these

    def json_schema(self) -> dict:
        if self.type in ("date", "date-time"):
            return {"type": "string", "format": self.type, "title": str(self.title)}
        return {"type": self.type, "title": str(self.title)} | (
            {"enum": list(self.enum)} if self.enum else {}
        )


@dataclass(frozen=True)
class Collection:
    id: str
    title: object
    description: object
    model: type
    query: Callable  # () -> a select of the public rows, with what the serializer needs loaded
    geometry: Callable  # () -> the SQL expression of a feature's geometry
    geometry_indexed: bool  # whether that is the model's own column with its spatial index
    geometry_format: str  # JSON Schema format of the geometry (Part 3): "geometry-point" …
    queryables: tuple[Queryable, ...]
    page_endpoint: str | None  # the public HTML page of one feature
    page_argument: str | None
    temporal: Callable | None = None  # () -> the date column `datetime` filters on

    def queryable(self, name: str) -> Queryable | None:
        return next((q for q in self.queryables if q.name == name), None)


def _json_type(column) -> str:
    kind = column.type
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, Float | Numeric):
        return "number"
    if isinstance(kind, DateTime):
        return "date-time"
    if isinstance(kind, Date):
        return "date"
    return "string"


def _column(model, attribute: str):
    return lambda: getattr(model, attribute)


def _kommune_slug(model):
    return lambda: select(Kommune.slug).where(Kommune.id == model.kommune_id).scalar_subquery()


def _region_slug(model):
    return lambda: select(Region.slug).where(Region.id == model.region_id).scalar_subquery()


#: Field widgets whose values are worth comparing (long texts are searched, not filtered).
_FILTERABLE_WIDGETS = ("text", "select", "number", "yes_no")


def declared_queryables(model, schema: Schema) -> tuple[Queryable, ...]:
    """id, the public plain-column fields of the declaration (short ones), Kommune and region."""
    found = [Queryable("id", "integer", _l("Nummer"), _column(model, "id"))]
    for spec in schema.public_fields():
        if spec.name == "kommune":
            found.append(Queryable("kommune", "string", spec.label, _kommune_slug(model)))
        elif spec.name == "region":
            found.append(Queryable("region", "string", spec.label, _region_slug(model)))
        elif spec.attribute is not None and spec.widget in _FILTERABLE_WIDGETS:
            column = getattr(model, spec.attribute)
            found.append(
                Queryable(
                    spec.name,
                    _json_type(column),
                    spec.title,
                    _column(model, spec.attribute),
                    tuple(getattr(spec.parse, "values", ())),
                )
            )
    return tuple(found)


def _listing(kind: EntryKind, description) -> Collection:
    model = kind.model
    return Collection(
        id=kind.collection,
        title=kind.plural,
        description=description,
        model=model,
        query=lambda: public_listings(model),
        geometry=lambda: model.location,
        geometry_indexed=True,
        geometry_format="geometry-point",
        queryables=(
            *declared_queryables(model, SCHEMA_OF[model]),
            Queryable(
                "last_confirmed_at", "date-time", _l("zuletzt bestätigt"), _column(model, "last_confirmed_at")
            ),
        ),
        page_endpoint=kind.endpoint,
        page_argument=kind.id_argument,
    )


def _conference_queryables() -> tuple[Queryable, ...]:
    names = (
        ("id", _l("Nummer")),
        ("title", _l("Titel")),
        ("kind", _l("Art")),
        ("round", _l("Runde")),
        ("year", _l("Jahr")),
        ("date", _l("Datum")),
        ("town", _l("Ort")),
    )
    found = [Queryable(n, _json_type(getattr(Conference, n)), t, _column(Conference, n)) for n, t in names]
    found.append(Queryable("kommune", "string", _l("Kommune"), _kommune_slug(Conference)))
    found.append(Queryable("region", "string", _l("Region"), _region_slug(Conference)))
    return tuple(found)


def _regions_query():
    return select(Region).options(selectinload(Region.kommune))


COLLECTIONS: tuple[Collection, ...] = (
    _listing(BY_TYPE["initiative"], _l("Freigegebene Initiativen, Vereine und Angebote, mit ihrem Ort.")),
    _listing(BY_TYPE["place"], _l("Freigegebene Begegnungsorte: Räume, Treffpunkte und Häuser.")),
    Collection(
        id=BY_TYPE["need"].collection,
        title=BY_TYPE["need"].plural,
        description=_l(
            "Die in den Konferenzen genannten Bedarfe: als Punkt oder Fläche, sonst die Fläche "
            "ihrer Region oder Kommune."
        ),
        model=Need,
        query=needs_query,
        geometry=need_area_sql,
        geometry_indexed=False,
        geometry_format="geometry-any",
        queryables=declared_queryables(Need, NEED),
        page_endpoint=BY_TYPE["need"].endpoint,
        page_argument=BY_TYPE["need"].id_argument,
    ),
    Collection(
        id=BY_TYPE["conference"].collection,
        title=BY_TYPE["conference"].plural,
        description=_l(
            "Die Regional- und Fachkonferenzen der Zukunftswerkstatt, an ihrem Veranstaltungsort."
        ),
        model=Conference,
        query=conferences_query,
        geometry=lambda: Conference.location,
        geometry_indexed=True,
        geometry_format="geometry-point",
        queryables=_conference_queryables(),
        page_endpoint=BY_TYPE["conference"].endpoint,
        page_argument=BY_TYPE["conference"].id_argument,
        temporal=lambda: Conference.date,
    ),
    Collection(
        id="regions",
        title=_l("Regionen"),
        description=_l("Die Regionen der Kommunen mit ihren (genäherten) Grenzen."),
        model=Region,
        query=_regions_query,
        geometry=lambda: Region.boundary,
        geometry_indexed=True,
        geometry_format="geometry-multipolygon",
        queryables=(
            Queryable("id", "integer", _l("Nummer"), _column(Region, "id")),
            Queryable("slug", "string", _l("Kürzel"), _column(Region, "slug")),
            Queryable("name", "string", _l("Name"), _column(Region, "name")),
            Queryable("kommune", "string", _l("Kommune"), _kommune_slug(Region)),
            Queryable(
                "approximate", "boolean", _l("Grenze genähert"), _column(Region, "boundary_is_approximate")
            ),
        ),
        page_endpoint=None,
        page_argument=None,
    ),
)
BY_ID: dict[str, Collection] = {collection.id: collection for collection in COLLECTIONS}
