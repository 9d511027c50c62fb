"""Distances in metres, radius and bbox filters, and their spatial indexes, on both backends."""

import math
import random

import pytest
from sqlalchemy import select, text

from zwk_network.extensions import db
from zwk_network.geo import dialect
from zwk_network.registry.models import Initiative

from ..factories import make_kommune, make_listing
from .vincenty import vincenty_m

PAIRS = [
    ((12.1, 54.1), (12.3, 54.0)),  # about 17 km
    ((11.67, 54.03), (12.57, 53.77)),  # Neubukow – Teterow, about 65 km
    ((12.40, 50.51), (12.14, 54.09)),  # Auerbach – Rostock, about 400 km
    ((12.17, 53.79), (12.1701, 53.7901)),  # about 13 m
]
_distances: dict[str, list[float]] = {}


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_distance_is_ellipsoidal_metres(app, a, b):
    make_listing(name="A", lon=a[0], lat=a[1])
    measured = db.session.scalar(select(dialect.distance_m(Initiative.location, *b)))
    reference = vincenty_m(*a, *b)
    assert measured == pytest.approx(reference, rel=0.005)
    assert measured == pytest.approx(reference, rel=1e-5)  # in fact both use the WGS84 ellipsoid


def test_distances_agree_between_backends(app, backend):
    """Both backends measure the same pairs; the second backend to run compares with the first."""
    make_listing(name="A", lon=12.1, lat=54.1)
    values = [db.session.scalar(select(dialect.distance_m(Initiative.location, *b))) for _, b in PAIRS]
    for other, other_values in _distances.items():
        if other != backend:
            for mine, theirs in zip(values, other_values, strict=True):
                assert mine == pytest.approx(theirs, rel=0.005)
    _distances[backend] = values


def _ids_within(lon, lat, radius_m):
    near = dialect.nearby(Initiative, Initiative.location, lon, lat, radius_m)
    return set(db.session.scalars(select(Initiative.name).join(near, Initiative.id == near.c.id)))


def _north_of(lon, lat, metres):
    """The latitude due north of (lon, lat) at this ellipsoidal distance (Newton steps on Vincenty)."""
    target = lat + metres / 111_300
    for _ in range(5):
        target += (metres - vincenty_m(lon, lat, lon, target)) / 111_300
    return target


def test_radius_filter_decides_the_band_exactly(app):
    """Entries a few metres either side of the radius fall in the band where the exact distance decides."""
    for offset in (-3, -1, 1, 3):
        make_listing(name=f"{offset:+d}", lon=12.2, lat=_north_of(12.2, 53.8, 10_000 + offset))
    assert _ids_within(12.2, 53.8, 10_000) == {"-3", "-1"}


def test_radius_filter_is_exact_at_the_edge(app):
    make_kommune()
    centre = (12.2, 53.8)
    # Points due north of the centre at 9.9 km and 10.1 km.
    make_listing(name="inside", lon=12.2, lat=53.8 + 9_900 / 111_300)
    make_listing(name="outside", lon=12.2, lat=53.8 + 10_100 / 111_300)
    make_listing(name="far east inside", lon=12.2 + 9_900 / 65_800, lat=53.8)
    inside_north = vincenty_m(*centre, 12.2, 53.8 + 9_900 / 111_300)
    outside_north = vincenty_m(*centre, 12.2, 53.8 + 10_100 / 111_300)
    assert inside_north < 10_000 < outside_north
    assert _ids_within(*centre, 10_000) == {"inside", "far east inside"}
    assert _ids_within(*centre, 20_000) == {"inside", "outside", "far east inside"}
    assert _ids_within(*centre, 100) == set()


def test_bbox_filter(app):
    make_listing(name="west", lon=12.1, lat=53.8)
    make_listing(name="east", lon=12.3, lat=53.8)
    query = select(Initiative.name).where(
        dialect.within_bbox(Initiative, Initiative.location, (12.0, 53.7, 12.2, 53.9))
    )
    assert set(db.session.scalars(query)) == {"west"}


def test_radius_bbox_contains_the_circle():
    for lat in (0, 47.3, 54.1, 70):
        min_lon, min_lat, max_lon, max_lat = dialect.radius_bbox(12.0, lat, 50_000)
        assert vincenty_m(12.0, lat, 12.0, max_lat) > 50_000
        assert vincenty_m(12.0, lat, max_lon, lat) > 50_000
        assert vincenty_m(12.0, lat, min_lon, lat) > 50_000
        assert vincenty_m(12.0, lat, 12.0, min_lat) > 50_000


def _plan(query, backend) -> str:
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    if backend == "postgis":
        db.session.execute(text("SET enable_seqscan = off"))  # a tiny table would be scanned
        return "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
    return " ".join(str(row[-1]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))


def test_radius_query_uses_the_spatial_index(app, backend):
    make_listing(name="A")
    near = dialect.nearby(Initiative, Initiative.location, 12.1, 53.8, 20_000)
    plan = _plan(select(near.c.id).order_by(near.c.rank), backend)
    expected = (
        "gix_initiatives_location" if backend == "postgis" else "SCAN idx_initiatives_location VIRTUAL TABLE"
    )
    assert expected in plan


def test_bbox_query_uses_the_spatial_index(app, backend):
    make_listing(name="A")
    query = select(Initiative.id).where(
        dialect.within_bbox(Initiative, Initiative.location, (12.0, 53.7, 12.2, 53.9))
    )
    expected = "idx_initiatives_location" if backend == "postgis" else "SpatialIndex"
    assert expected in _plan(query, backend)


def test_rank_approximation_stays_inside_the_band():
    """The rank formula (Python twin of the SQL) against Vincenty, up to 400 km, all over Germany."""
    rng = random.Random(3)
    for _ in range(20_000):
        lat0, lon0 = rng.uniform(47.2, 55.1), rng.uniform(5.5, 15.6)
        distance = rng.uniform(1, 400_000)
        bearing = rng.uniform(0, 2 * math.pi)
        lat = lat0 + distance * math.cos(bearing) / 111_000
        lon = lon0 + distance * math.sin(bearing) / (111_000 * math.cos(math.radians(lat0)))
        approx = math.sqrt(dialect.rank_m2(lon, lat, lon0, lat0))
        exact = vincenty_m(lon0, lat0, lon, lat)
        assert abs(approx - exact) < exact * dialect.RADIUS_BAND_RELATIVE / 2 + 0.5


def test_refresh_statistics_after_large_imports(app, backend):
    make_listing(name="A")
    dialect.refresh_statistics("initiatives", "idx_initiatives_location")
    if backend == "postgis":
        clustered = db.session.scalar(
            text(
                "SELECT indisclustered FROM pg_index WHERE indexrelid = 'idx_initiatives_location'::regclass"
            )
        )
        assert clustered
    else:
        assert db.session.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'initiatives'")) > 0
