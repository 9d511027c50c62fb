"""Where a need is: one rule, said in Python (for an entry in hand) and in SQL (for lists), side by side.

A need is where its own area is (the point or polygon a planner gave it). Without one it stands
for its region (the region's boundary); without a region – or when the region has no boundary –
for its whole Kommune (the union of the boundaries of the Kommune's regions). A Kommune without
any region boundary leaves the need nowhere (None in Python, NULL in SQL).

Search, matching, the lists and their filters, the API, the mini-map, the network and gap maps
and the reports all take a need's place from here; tests/needs/test_location.py checks that the
two answers agree on both backends. Exports write the need's own area only (`need.area`), so
that an exported need is imported as it was.
"""

from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from sqlalchemy import func, select

from ..geo.geojson import to_geometry
from ..municipalities.models import Region
from .models import Need

#: What a need's place comes from.
OWN_AREA, REGION, KOMMUNE = "area", "region", "kommune"


@dataclass(frozen=True)
class NeedLocation:
    geometry: BaseGeometry | None
    basis: str | None  # OWN_AREA, REGION or KOMMUNE; None when the need is nowhere


def need_location(need: Need) -> NeedLocation:
    """Where a need is, and what that comes from (see the module docstring)."""
    if need.area is not None:
        return NeedLocation(to_geometry(need.area), OWN_AREA)
    if need.region is not None and need.region.boundary is not None:
        return NeedLocation(to_geometry(need.region.boundary), REGION)
    boundaries = [to_geometry(r.boundary) for r in need.kommune.regions if r.boundary is not None]
    return NeedLocation(unary_union(boundaries), KOMMUNE) if boundaries else NeedLocation(None, None)


def need_geometry(need: Need) -> BaseGeometry | None:
    """Where a need is, as a Shapely geometry (None: nowhere)."""
    return need_location(need).geometry


def need_area_sql():
    """Where a need is, as an SQL expression over the `needs` table (for filters and distances).

    The same rule as need_location: coalesce(own area, region boundary, union of the Kommune's
    region boundaries). ST_Union is an aggregate of that name in PostGIS and SpatiaLite alike."""
    region_boundary = select(Region.boundary).where(Region.id == Need.region_id).scalar_subquery()
    kommune_union = (
        select(func.ST_Union(Region.boundary))
        .where(Region.kommune_id == Need.kommune_id, Region.boundary.is_not(None))
        .scalar_subquery()
    )
    return func.coalesce(Need.area, region_boundary, kommune_union, type_=Need.area.type)
