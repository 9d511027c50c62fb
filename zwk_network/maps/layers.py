"""What the public map draws from the database: region boundaries, need areas, residents' published
ideas and needs, bounds."""

from flask import url_for
from flask_babel import gettext as _
from shapely import simplify
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..geo.geojson import feature, feature_collection, to_geometry
from ..municipalities.models import Kommune, Region
from ..needs.models import Need
from ..participation.ideas import progress_of, published_with_location
from ..participation.labels import KIND_LABELS, PROGRESS_LABELS
from ..participation.services import short_title

#: Boundaries are drawn at county scale: 0.0005° (≈ 50 m) keeps their shape at a fraction of the size.
BOUNDARY_TOLERANCE = 0.0005


def region_boundaries() -> dict:
    """Every region's boundary, simplified for drawing, with its name and Kommune."""
    regions = db.session.scalars(select(Region).options(joinedload(Region.kommune)).order_by(Region.id))
    return feature_collection(
        [
            feature(_simplified(region.boundary), _region_properties(region), feature_id=region.slug)
            for region in regions
            if region.boundary is not None
        ]
    )


def _region_properties(region: Region) -> dict:
    return {"name": region.name, "kommune": region.kommune.slug}


def need_areas() -> dict:
    """The areas of needs that have an area of their own (lines and polygons; points are markers)."""
    needs = db.session.scalars(select(Need).where(Need.area.is_not(None)).order_by(Need.id))
    features = []
    for need in needs:
        geometry = to_geometry(need.area)
        if geometry.geom_type not in ("Point", "MultiPoint"):
            features.append(feature(_simplified(need.area), {"name": need.title}, feature_id=need.id))
    return feature_collection(features)


def resident_ideas() -> dict:
    """Residents' published ideas and needs that have a place, as points: what they say (shortened),
    how far they came, and their place on the idea board. Nothing unpublished is read."""
    features = []
    for contribution in published_with_location():
        label = _(
            "%(kind)s: %(text)s (Stand: %(progress)s)",
            kind=KIND_LABELS[contribution.kind],
            text=short_title(" ".join(contribution.text.split()), 80),
            progress=PROGRESS_LABELS[progress_of(contribution)],
        )
        properties = {
            "label": label,
            "progress": progress_of(contribution),
            "url": url_for("participation.board", _anchor=f"beitrag-{contribution.id}"),
        }
        point = {"type": "Point", "coordinates": [contribution.lon, contribution.lat]}
        features.append(
            {"type": "Feature", "id": contribution.id, "geometry": point, "properties": properties}
        )
    return feature_collection(features)


def view_bounds() -> dict:
    """[[south, west], [north, east]] of every Kommune and region (by slug), for zooming to them."""
    bounds = {"kommune": {}, "region": {}}
    kommunen = db.session.scalars(select(Kommune).options(joinedload(Kommune.regions))).unique()
    for kommune in kommunen:
        boxes = []
        for region in kommune.regions:
            if region.boundary is not None:
                box = to_geometry(region.boundary).bounds
                bounds["region"][region.slug] = _leaflet_bounds(box)
                boxes.append(box)
        if boxes:
            west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
            east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
            bounds["kommune"][kommune.slug] = _leaflet_bounds((west, south, east, north))
    return bounds


def _simplified(element):
    return simplify(to_geometry(element), BOUNDARY_TOLERANCE, preserve_topology=True)


def _leaflet_bounds(box: tuple[float, float, float, float]) -> list[list[float]]:
    min_lon, min_lat, max_lon, max_lat = box
    return [[round(min_lat, 5), round(min_lon, 5)], [round(max_lat, 5), round(max_lon, 5)]]
