"""The shapes of the API's answers, as JSON Schema 2020-12 for the OpenAPI description.

The properties of initiatives, places, needs and conferences come from their field declarations
(fieldspec.Field.json_schema: type, limits, allowed values, German title). What the serializer adds
(serialize.py), the envelopes, the search, the map and the matching are pydantic models, and the
matching's own dataclass (matching.ranking.Match) is read by pydantic as it is. Every object is
closed (additionalProperties false) and every member required, so a member the code adds or drops
without its schema fails the schema tests (tests/api/test_openapi.py) instead of drifting.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ..conferences.schema import CONFERENCE
from ..entries import TYPES
from ..field_labels import property_label
from ..fieldspec import Schema
from ..matching.ranking import Match
from ..needs.location import KOMMUNE, OWN_AREA, REGION
from ..needs.schema import NEED
from ..registry.models import SCHEMA_OF, Initiative, MeetingPlace

REF = "#/components/schemas/{model}"


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(Closed):
    """RFC 9457 problem details (application/problem+json)."""

    type: str = Field(description="A URI naming the kind of problem, or about:blank.")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    errors: dict[str, str] = Field(
        default_factory=dict, description="For invalid parameters: parameter → plain-German reason."
    )


class Links(Closed):
    self: str
    next: str = Field(default="", description="The next page; missing on the last.")
    prev: str = Field(default="", description="The previous page; missing on the first.")


class ListingExtras(Closed):
    """What serialize.listing_properties adds to an initiative's or place's declared fields."""

    type: Literal["initiative", "place"]
    gazetteer_town: str | None
    region_name: str | None
    updated_at: str = Field(description="ISO 8601, seconds.")
    last_confirmed_at: str | None


class NeedExtras(Closed):
    type: Literal["need"]
    region_name: str | None
    updated_at: str
    located_by: Literal[OWN_AREA, REGION, KOMMUNE] | None = Field(
        description="Where the geometry comes from: the need's own area, its region's or its Kommune's."
    )


class ConferenceExtras(Closed):
    """serialize.conference_properties around the declared fields."""

    type: Literal["conference"]
    id: int
    slug: str
    year: int
    venue: str | None
    venue_id: int | None
    kommune: str
    region: str | None
    registration: str


class RegionProperties(Closed):
    type: Literal["region"]
    id: int
    slug: str
    name: str
    kommune: str
    approximate: bool
    source: str


class Phase(Closed):
    position: int
    title: str
    description: str
    starts_on: str | None


class KommuneProperties(Closed):
    type: Literal["kommune"]
    id: int
    slug: str
    name: str
    kind: str
    description: str
    website: str | None
    regions: list[str]
    phases: list[Phase]


class Kommunen(Closed):
    items: list[KommuneProperties]
    total: int


class GazetteerPlace(Closed):
    name: str
    label: str
    kind: str
    gemeinde: str | None
    postcode: str | None
    postcodes: list[str]
    kommune: str | None
    region: str | None
    lon: float
    lat: float


class Gazetteer(Closed):
    results: list[GazetteerPlace]


class SearchHit(Closed):
    type: Literal[TYPES]
    id: int
    name: str
    score: float | None
    distance_km: float | None
    snippet: str = Field(description='HTML: the text escaped, matches in <b class="match">.')
    url: str
    town: str | None
    demo: bool
    partial: bool


class Facets(Closed):
    type: dict[str, int]
    theme: dict[str, int]
    target_group: dict[str, int]
    help_kind: dict[str, int]
    region: dict[str, int]


class SearchAnswer(Closed):
    total: int
    notices: list[str]
    page: int
    per_page: int
    pages: int
    suggestion: str | None
    fuzzy: bool
    facets: Facets
    results: list[SearchHit]


class PointGeometry(Closed):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2)


class MapEntry(Closed):
    type: Literal["initiative", "place", "need"]
    id: int
    name: str
    themes: list[str]
    place: str | None
    url: str
    demo: bool


class MapCluster(Closed):
    cluster: Literal[True]
    count: int
    bbox: list[float] = Field(min_length=4, max_length=4)
    types: dict[str, int]


class MapFeature(Closed):
    type: Literal["Feature"]
    geometry: PointGeometry
    properties: MapEntry | MapCluster


class MapListItem(Closed):
    type: Literal["initiative", "place", "need"]
    name: str
    place: str | None
    url: str
    demo: bool
    distance_km: float | None


class MapList(Closed):
    items: list[MapListItem]
    total: int
    more_url: str


class MapAnswer(Closed):
    type: Literal["FeatureCollection"]
    features: list[MapFeature]
    mode: Literal["points", "clusters"]
    total: int
    cluster_zoom: int | None
    notices: list[str]
    list: MapList


class MatchedNeed(Closed):
    id: int
    title: str
    kommune: str
    region: str | None
    themes: list[str]
    target_groups: list[str]


class Coverage(Closed):
    gemeinden_reached: int
    gemeinden: int
    without_offer: list[str]


class MatchAnswer(Closed):
    url: str


class MatchesAnswer(Closed):
    need: MatchedNeed
    gap: bool
    gap_reasons: list[str]
    candidates_in_reach: int
    help_kinds: list[str]
    help_kinds_suggested: bool
    coverage: Coverage | None
    matches: list[dict]


MODELS = (Problem, Links, RegionProperties, Kommunen, KommuneProperties, Gazetteer, SearchAnswer)
MODELS += (MapAnswer, MatchesAnswer)

GEOMETRY = {
    "description": "A GeoJSON geometry (RFC 7946), WGS 84; null where an entry has no place.",
    "type": ["object", "null"],
    "required": ["type"],
    "properties": {
        "type": {
            "enum": [
                *("Point", "MultiPoint", "LineString", "MultiLineString"),
                *("Polygon", "MultiPolygon", "GeometryCollection"),
            ]
        },
        "coordinates": {"type": "array"},
        "geometries": {"type": "array"},
    },
}


def _closed(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    required = [name for name in properties if name not in optional]
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _extras(model: type[BaseModel]) -> dict:
    """A model's properties, titled as pages title them (field_labels.property_label)."""
    properties = model.model_json_schema(ref_template=REF)["properties"]
    return {
        name: _plain_types(schema) | {"title": property_label(name)} for name, schema in properties.items()
    }


def _plain_types(schema: dict) -> dict:
    """pydantic's anyOf of plain types (`str | None`, `Literal[…] | None`) as one list of types (and
    one list of values), as GIS clients read it."""
    parts = schema.get("anyOf", ())
    if not parts or not all("type" in part and set(part) <= {"type", "enum"} for part in parts):
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    merged = rest | {"type": [part["type"] for part in parts]}
    valued = [part for part in parts if part["type"] != "null"]
    if any("enum" in part for part in valued):
        if not all("enum" in part for part in valued):
            return schema
        values = [value for part in valued for value in part["enum"]]
        merged["enum"] = values + ([None] if len(valued) < len(parts) else [])
    return merged


def contact_schema(schema: Schema) -> dict:
    """The contact parts whose owner agreed to publish them (each may be missing)."""
    parts = {spec.name: spec.json_schema() | {"type": "string"} for spec in schema.consent_fields()}
    return _closed(parts, optional=tuple(parts)) | {"title": property_label("contact")}


def declared_schema(schema: Schema) -> dict:
    """The public properties of serialize.declared_properties: the declared fields, `contact`."""
    properties = {}
    for spec in schema.exchange_fields():
        if spec.consent and "contact" not in properties:
            properties["contact"] = contact_schema(schema)
        if not spec.private and not spec.consent:
            properties[spec.name] = spec.json_schema()
    return properties


def conference_fields() -> dict:
    """serialize.conference_properties' declared part: dates and times as text (serialize._plain)."""
    return {spec.name: spec.json_schema() for spec in CONFERENCE.public_fields()}


def entity_properties() -> dict[str, dict]:
    """Name → the (closed) JSON Schema of the properties of each kind of feature."""
    listing = _extras(ListingExtras)
    distance = {
        "distance_km": {
            "title": property_label("distance_km"),
            "type": ["number", "null"],
            "description": "With a place or point given.",
        }
    }
    return {
        "InitiativeProperties": _closed(
            declared_schema(SCHEMA_OF[Initiative]) | listing | distance, ("distance_km",)
        ),
        "PlaceProperties": _closed(
            declared_schema(SCHEMA_OF[MeetingPlace]) | listing | distance, ("distance_km",)
        ),
        "NeedProperties": _closed(declared_schema(NEED) | _extras(NeedExtras) | distance, ("distance_km",)),
        "ConferenceProperties": _closed(
            _extras(ConferenceExtras) | conference_fields() | distance, ("distance_km",)
        ),
        "RegionProperties": _closed(_extras(RegionProperties)),
    }


#: The OGC API's collections and the schema of their features' properties.
COLLECTION_SCHEMAS = {
    "initiatives": "InitiativeProperties",
    "places": "PlaceProperties",
    "needs": "NeedProperties",
    "conferences": "ConferenceProperties",
    "regions": "RegionProperties",
}


def collection_properties(collection_id: str) -> dict:
    """Property name → JSON Schema (type, German title, allowed values) of a collection's features
    (the OGC API's, which the same serializer writes; a distance is the JSON API's only)."""
    schema = entity_properties()[COLLECTION_SCHEMAS[collection_id]]
    return {name: value for name, value in schema["properties"].items() if name != "distance_km"}


def components() -> dict:
    """Every schema the paths refer to, by name."""
    found: dict[str, dict] = {}
    for model in MODELS:
        schema = model.model_json_schema(ref_template=REF)
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    match = TypeAdapter(Match).json_schema(ref_template=REF)
    match["properties"] |= _extras(MatchAnswer)
    match["required"] = list(match["properties"])
    match["additionalProperties"] = False
    found["Match"] = match
    matches = {"type": "array", "items": {"$ref": REF.format(model="Match")}}
    found["MatchesAnswer"]["properties"]["matches"] = matches
    found["Geometry"] = GEOMETRY
    found.update(entity_properties())
    return found
