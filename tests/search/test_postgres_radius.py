"""The PostgreSQL engine's radius from lon/lat finds what ST_DWithin on `location` finds.

search/postgres_search.py asks a radius of lon/lat (a box, then the spheroid's distance of the
point made from them, skipped where a flat distance decides): every point within it – by the
spheroid, as ever – must be inside the box and none outside may pass the flat shortcut, also at
the rim, near a pole and at the antimeridian.
"""

import pytest
from sqlalchemy import text

from zwk_network.extensions import db
from zwk_network.search.postgres_search import POINT, _within_params, _within_sql

#: Centres (lon, lat) and radii: the registry's region, the tropics, far north, a pole, the antimeridian.
CASES = [
    ((11.41, 53.63), 20),
    ((11.41, 53.63), 100),
    ((12.13, 54.09), 5),
    ((-60.0, 10.0), 50),
    ((20.0, 74.9), 100),
    ((20.0, 80.0), 20),
    ((0.0, 89.95), 20),
    ((179.95, -30.0), 20),
    ((11.41, 53.63), 500),
]
#: Points around the centre at 0.8 … 1.2 of the radius in every direction (a degree of latitude is
#: ~111 km; longitude by the latitude's cosine), wrapped into -180 … 180.
POINTS = """
    SELECT (((:lon + d * cos(radians(bearing)) / greatest(cos(radians(:lat)), 0.01)) + 540)::numeric % 360
            - 180)::float8 AS lon,
           least(greatest(:lat + d * sin(radians(bearing)), -90), 90) AS lat
    FROM generate_series(0, 359, 3) AS bearing,
         generate_series(0.8, 1.2, 0.002) AS share,
         LATERAL (SELECT share * :radius_km / 111.0 AS d) AS step
"""


@pytest.mark.parametrize(("centre", "radius_km"), CASES)
def test_the_radius_from_lon_lat_agrees_with_st_dwithin(app, centre, radius_km):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL engine's radius")
    lon, lat = centre
    params = {**_within_params(lon, lat, radius_km), "point_lon": lon, "point_lat": lat}
    within = f"ST_DWithin(CAST(ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geography), {POINT}, :radius_m)"
    sql = f"""
        SELECT count(*) FILTER (WHERE {within}), count(*) FILTER (WHERE NOT {within}),
               count(*) FILTER (WHERE ({_within_sql()}) IS DISTINCT FROM {within})
        FROM ({POINTS}) AS points
    """
    inside, outside, differing = db.session.execute(
        text(sql), {**params, "lon": lon, "lat": lat, "radius_km": radius_km}
    ).one()
    assert inside > 100 and outside > 100  # points on both sides of the rim
    assert differing == 0
