"""The bounds of Germany: the one place that says which points an entry may have.

Forms, imports, the planner's need form, the geocoder and the maps all ask here. The box is
Germany's extent (5.87–15.04 °E, 47.27–55.06 °N) with the margin imports have always allowed, so that
every point stored so far stays valid when its entry is edited (the forms used the tight box, the
import this one; an imported entry near the border could not be saved by a form).
"""

from typing import NamedTuple


class Bounds(NamedTuple):
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


GERMANY = Bounds(min_lon=5.5, min_lat=47.2, max_lon=15.6, max_lat=55.1)


def in_germany(lon: float, lat: float) -> bool:
    """Whether a point (WGS84) lies in Germany's box."""
    return GERMANY.min_lon <= lon <= GERMANY.max_lon and GERMANY.min_lat <= lat <= GERMANY.max_lat


def bounds_in_germany(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> bool:
    """Whether a box (an area's bounds) lies wholly in Germany's box."""
    return in_germany(min_lon, min_lat) and in_germany(max_lon, max_lat)


def coordinates_problem(lon: float, lat: float) -> str | None:
    """Why a point cannot be an entry's (in English, for import reports); None when it can."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return f"coordinates out of range: lat {lat:g}, lon {lon:g}"
    if not in_germany(lon, lat):
        return f"the point lat {lat:g}, lon {lon:g} lies outside Germany"
    return None


def leaflet_bounds() -> list[list[float]]:
    """Germany's box as a map library wants it: [[south, west], [north, east]]."""
    return [[GERMANY.min_lat, GERMANY.min_lon], [GERMANY.max_lat, GERMANY.max_lon]]
