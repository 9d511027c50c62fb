"""Our UTM 33 formulas (geo/utm.py) against PROJ, which runs in a process of its own.

pyproj's PROJ and SpatiaLite's PROJ must not meet in one process (geo/utm.py), so the reference
coordinates come from a child Python that imports pyproj and nothing of ours.
"""

import json
import subprocess
import sys

import numpy
import pytest

from zwk_network.geo.utm import from_utm33, to_utm33

PROJ_SCRIPT = """
import json, sys
from pyproj import Transformer
points = json.load(sys.stdin)
forward = Transformer.from_crs("OGC:CRS84", "EPSG:25833", always_xy=True)
east, north = forward.transform([p[0] for p in points], [p[1] for p in points])
print(json.dumps([list(east), list(north)]))
"""


def proj_utm33(lons, lats):
    points = [[float(lon), float(lat)] for lon, lat in zip(lons, lats, strict=True)]
    result = subprocess.run(
        [sys.executable, "-c", PROJ_SCRIPT],
        input=json.dumps(points),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and "No module named 'pyproj'" in result.stderr:
        pytest.skip("pyproj is not installed (pip install -e '.[dev]')")
    assert result.returncode == 0, result.stderr
    east, north = json.loads(result.stdout)
    return numpy.array(east), numpy.array(north)


def test_utm33_agrees_with_proj_to_a_millimetre_across_germany():
    lons, lats = numpy.meshgrid(numpy.linspace(5.8, 15.1, 25), numpy.linspace(47.2, 55.1, 25))
    lons, lats = lons.ravel(), lats.ravel()
    east, north = to_utm33(lons, lats)
    proj_east, proj_north = proj_utm33(lons, lats)
    assert numpy.max(numpy.abs(east - proj_east)) < 0.001
    assert numpy.max(numpy.abs(north - proj_north)) < 0.001
    back_lon, back_lat = from_utm33(proj_east, proj_north)
    # 1e-8 degrees are about a millimetre.
    assert numpy.max(numpy.abs(back_lon - lons)) < 1e-8 and numpy.max(numpy.abs(back_lat - lats)) < 1e-8


def test_a_known_point_near_guestrow():
    east, north = to_utm33(12.1, 53.8)
    assert 309_000 < float(east) < 309_100 and 5_965_100 < float(north) < 5_965_200
