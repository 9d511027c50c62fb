"""The coordinate reference systems the OGC API offers (Part 2), and transforming into them.

Stored geometries are WGS84 longitude/latitude (CRS84), which is also the storage CRS we declare.
EPSG:25833 (ETRS89 / UTM zone 33N) is the CRS Mecklenburg-Vorpommern and Sachsen keep their
data in. Features are transformed in Python after the one serializer made them (geo/utm.py says
why neither PROJ nor SQL's ST_Transform does it), so both backends give the same coordinates.
"""

import numpy
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..geo.utm import from_utm33, to_utm33

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_25833 = "http://www.opengis.net/def/crs/EPSG/0/25833"
SUPPORTED = (CRS84, EPSG_25833)
#: Other spellings clients send for the same CRS (safe CURIEs and URNs).
ALIASES = {
    "[OGC:CRS84]": CRS84,
    "urn:ogc:def:crs:OGC:1.3:CRS84": CRS84,
    "[EPSG:25833]": EPSG_25833,
    "urn:ogc:def:crs:EPSG::25833": EPSG_25833,
}
STORAGE_CRS = CRS84
#: Decimals written per CRS: about 0.1 m in degrees, 1 mm in metres.
DECIMALS = {CRS84: 6, EPSG_25833: 3}
_FORWARD = {EPSG_25833: to_utm33}
_INVERSE = {EPSG_25833: from_utm33}
#: Coordinates a CRS can take at all (min x, min y, max x, max y): UTM 33N well beyond its zone.
VALID = {CRS84: (-180.0, -90.0, 180.0, 90.0), EPSG_25833: (-2_000_000.0, 0.0, 3_000_000.0, 9_400_000.0)}


class OutsideCrs(ValueError):
    """Coordinates that the CRS cannot have (degrees given as metres, or the reverse)."""


def crs_uri(value: str) -> str | None:
    """The canonical URI of a supported CRS given in any of its spellings; None if not supported."""
    value = value.strip()
    value = ALIASES.get(value, value)
    return value if value in SUPPORTED else None


def transform_geometry(geometry: BaseGeometry, source: str, target: str) -> BaseGeometry:
    """A Shapely geometry from one supported CRS into another."""
    if source == target:
        return geometry
    min_x, min_y, max_x, max_y = VALID[source]
    coordinates = shapely.get_coordinates(geometry)
    inside = (coordinates[:, 0] >= min_x) & (coordinates[:, 0] <= max_x)
    inside &= (coordinates[:, 1] >= min_y) & (coordinates[:, 1] <= max_y)
    if not inside.all():
        raise OutsideCrs(source)
    if source == CRS84:
        project = _FORWARD[target]
    elif target == CRS84:
        project = _INVERSE[source]
    else:
        return transform_geometry(transform_geometry(geometry, source, CRS84), CRS84, target)
    return shapely.transform(geometry, lambda xy: numpy.column_stack(project(xy[:, 0], xy[:, 1])))


def transform_features(features: list[dict], target: str) -> None:
    """Put the features' GeoJSON geometries (CRS84) into the target CRS: every position of the page
    is gathered into one array and projected in one NumPy pass, then written back in place."""
    if target == CRS84:
        return
    holders: list[list] = []  # the innermost lists: [x, y]
    for feature in features:
        if feature.get("geometry") is not None:
            feature["geometry"] = {**feature["geometry"]}
            feature["geometry"]["coordinates"] = _positions(feature["geometry"]["coordinates"], holders)
    if not holders:
        return
    xy = numpy.array([position[:2] for position in holders], dtype=float)
    east, north = _FORWARD[target](xy[:, 0], xy[:, 1])
    decimals = DECIMALS[target]
    for position, x, y in zip(holders, east.tolist(), north.tolist(), strict=True):
        position[0], position[1] = round(x, decimals), round(y, decimals)


def _positions(coordinates, holders: list) -> list:
    """A copy of GeoJSON coordinates as lists, its positions recorded in holders."""
    if coordinates and isinstance(coordinates[0], int | float):
        position = list(coordinates)
        holders.append(position)
        return position
    return [_positions(part, holders) for part in coordinates]


def box_in_crs84(bounds: tuple[float, float, float, float], source: str) -> BaseGeometry:
    """A box given in a supported CRS as a CRS84 polygon (its edges densified, so that it keeps
    its area through the transformation)."""
    polygon = box(*bounds)
    if source == CRS84:
        return polygon
    min_x, min_y, max_x, max_y = bounds
    step = max(max_x - min_x, max_y - min_y, 1.0) / 50
    if not all(numpy.isfinite(bounds)):
        raise OutsideCrs(source)
    return transform_geometry(shapely.segmentize(polygon, step), source, CRS84)
