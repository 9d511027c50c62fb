"""The one serializer between stored geometries and GeoJSON, used by API, exports and maps."""

import json
import math
import sys

from geoalchemy2.elements import WKTElement
from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import MultiPolygon, Point, mapping, shape
from shapely.geometry.base import BaseGeometry

from .dialect import SRID

COORDINATE_DECIMALS = 6  # about 0.1 m; enough for a registry, and stable in round trips
#: Deepest nesting accepted in GeoJSON text. A FeatureCollection of MultiPolygons needs 8 levels
#: (collection, features, feature, geometry, coordinates, polygon, ring, position).
MAX_JSON_DEPTH = 20


def to_geometry(element) -> BaseGeometry | None:
    """A stored geometry as a Shapely geometry (None stays None)."""
    return None if element is None else to_shape(element)


def point_element(lon: float, lat: float) -> WKTElement:
    """A WGS84 point ready to be stored."""
    return WKTElement(f"POINT({lon!r} {lat!r})", srid=SRID)


def geometry_element(geometry: BaseGeometry):
    """A Shapely geometry ready to be stored."""
    return from_shape(geometry, srid=SRID)


def as_multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    """Polygons become one-part multipolygons; anything else is refused."""
    if geometry.geom_type == "MultiPolygon":
        return geometry
    if geometry.geom_type == "Polygon":
        return MultiPolygon([geometry])
    raise ValueError(f"expected a Polygon or MultiPolygon, got {geometry.geom_type}")


def geometry_to_geojson(geometry: BaseGeometry | None) -> dict | None:
    if geometry is None:
        return None
    return _rounded(mapping(geometry))


def load_json(text: str, max_depth: int | None = MAX_JSON_DEPTH):
    """Parse JSON text; raises json.JSONDecodeError for bad syntax, ValueError for anything else.

    Nesting deeper than max_depth (None: as deep as the parser goes) is refused: the parser
    itself stops at the interpreter's recursion limit, and the check below holds the bound for
    everything that walks the document afterwards.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ValueError(f"the JSON is nested more than {max_depth or MAX_JSON_DEPTH} levels deep") from None
    except ValueError:  # the only other case: an integer literal too long to convert
        raise ValueError(
            f"a number in the JSON has more than {sys.get_int_max_str_digits()} digits"
        ) from None
    if max_depth is not None and nested_deeper_than(document, max_depth):
        raise ValueError(f"the JSON is nested more than {max_depth} levels deep")
    return document


def nested_deeper_than(value, max_depth: int) -> bool:
    """Whether lists and objects in a parsed JSON value nest more than max_depth levels (iteratively)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                return True
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def geometry_from_geojson(data: dict) -> BaseGeometry:
    """Parse a GeoJSON geometry object; raises ValueError with a readable reason."""
    if not isinstance(data, dict) or "type" not in data:
        raise ValueError("geometry must be a GeoJSON object with a type")
    try:
        geometry = shape(data)
    except Exception as error:  # shapely raises several types for malformed input
        raise ValueError(f"malformed {data.get('type')} geometry: {error}") from None
    if geometry.is_empty:
        raise ValueError("geometry is empty")
    if not geometry.is_valid:
        raise ValueError("geometry is not valid (self-intersecting or unclosed)")
    return geometry


def feature(geometry: BaseGeometry | None, properties: dict, feature_id=None) -> dict:
    """A GeoJSON Feature."""
    result = {"type": "Feature"}
    if feature_id is not None:
        result["id"] = feature_id
    result["geometry"] = geometry_to_geojson(geometry)
    result["properties"] = properties
    return result


def feature_collection(features: list[dict], **members) -> dict:
    """A GeoJSON FeatureCollection; extra members (pagination) go beside the features."""
    return {"type": "FeatureCollection", "features": features, **members}


def point_coordinates(geometry: BaseGeometry | None) -> tuple[float, float] | None:
    if geometry is None:
        return None
    point = geometry if isinstance(geometry, Point) else geometry.representative_point()
    return round(point.x, COORDINATE_DECIMALS), round(point.y, COORDINATE_DECIMALS)


def _rounded(value):
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS) if math.isfinite(value) else value
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value
