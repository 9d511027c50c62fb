"""The Python geodesics against published values."""

import numpy as np
import pytest

from zwk_network.geo.ellipsoid import local_distances_m, vincenty_m


def test_vincenty_matches_the_flinders_peak_buninyong_example():
    # Geoscience Australia's worked example: 54 972.271 m.
    flinders = (144 + 25 / 60 + 29.52440 / 3600, -(37 + 57 / 60 + 3.72030 / 3600))
    buninyong = (143 + 55 / 60 + 35.38390 / 3600, -(37 + 39 / 60 + 10.15610 / 3600))
    assert vincenty_m(*flinders, *buninyong) == pytest.approx(54_972.271, abs=0.001)
    assert vincenty_m(12.0, 54.0, 12.0, 54.0) == 0.0


def test_local_distances_are_close_to_vincenty():
    rng = np.random.default_rng(5)
    lons, lats = rng.uniform(10.5, 14.5, 2000), rng.uniform(53, 55, 2000)
    local = local_distances_m(lons, lats, 12.5, 54.0)
    exact = np.array([vincenty_m(12.5, 54.0, x, y) for x, y in zip(lons, lats, strict=True)])
    assert np.all(np.abs(local - exact) <= exact * 3e-4 + 0.01)
