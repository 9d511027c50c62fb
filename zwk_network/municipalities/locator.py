"""Derives Kommune, region and gazetteer town of a point (point in polygon, nearest town).

The same Python code runs on both backends, so both derive the same answer.
"""

import math
from dataclasses import dataclass

from shapely import STRtree
from shapely.geometry import Point
from shapely.prepared import prep

from ..extensions import db
from ..geo.geojson import to_geometry
from .gazetteer import KIND_ORDER
from .models import GazetteerPlace, Region

#: A gazetteer town farther away than this is not "the town" of an entry.
MAX_TOWN_DISTANCE_KM = 12.0
_KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class Location:
    kommune_id: int | None
    region_id: int | None
    gazetteer_place_id: int | None


class Locator:
    """Built once from the regions and the gazetteer; then answers many points quickly."""

    def __init__(self, regions, places):
        self._regions = [(region_id, kommune_id, prep(g), g) for region_id, kommune_id, g in regions]
        self._region_tree = STRtree([g for _, _, _, g in self._regions])
        self._places = list(places)  # (place_id, kommune_id, lon, lat, rank: Stadt 0, Gemeinde 1, Ortsteil 2)
        self._place_tree = STRtree([self._projected(lon, lat) for _, _, lon, lat, _ in self._places])

    @classmethod
    def from_database(cls) -> "Locator":
        regions = [
            (region.id, region.kommune_id, to_geometry(region.boundary))
            for region in db.session.scalars(db.select(Region)).all()
            if region.boundary is not None
        ]
        places = []
        for place in db.session.scalars(db.select(GazetteerPlace)).all():
            point = to_geometry(place.location)
            places.append((place.id, place.kommune_id, point.x, point.y, KIND_ORDER.get(place.kind, 3)))
        return cls(regions, places)

    def region_at(self, lon: float, lat: float) -> tuple[int, int] | None:
        """(region_id, kommune_id) of the region containing the point, if any."""
        point = Point(lon, lat)
        for index in self._region_tree.query(point):
            region_id, kommune_id, prepared, _ = self._regions[index]
            if prepared.covers(point):
                return region_id, kommune_id
        return None

    def nearest_place(self, lon: float, lat: float) -> tuple[int, int | None] | None:
        """(place_id, kommune_id) of the nearest gazetteer town within MAX_TOWN_DISTANCE_KM; of places
        at the same point (a village that has only its Gemeinde's point) the town or Gemeinde."""
        if not self._places:
            return None
        nearest = self._place_tree.query_nearest(self._projected(lon, lat), all_matches=True)
        place_id, kommune_id, place_lon, place_lat, _ = min(
            (self._places[i] for i in nearest), key=lambda p: p[4]
        )
        if approximate_distance_km(lon, lat, place_lon, place_lat) > MAX_TOWN_DISTANCE_KM:
            return None
        return place_id, kommune_id

    def locate(self, lon: float, lat: float) -> Location:
        region = self.region_at(lon, lat)
        place = self.nearest_place(lon, lat)
        kommune_id = region[1] if region else (place[1] if place else None)
        return Location(
            kommune_id=kommune_id,
            region_id=region[0] if region else None,
            gazetteer_place_id=place[0] if place else None,
        )

    @staticmethod
    def _projected(lon: float, lat: float) -> Point:
        # Equirectangular at 54°N: good enough to pick the nearest town within Germany.
        return Point(lon * math.cos(math.radians(54.0)), lat)


def approximate_distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine distance; for choosing towns, not for anything shown as a measurement."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
