"""The radius is decided on a window of candidates: exactly the entries within it, at any latitude."""

from types import SimpleNamespace

import numpy as np
import pytest

from zwk_network.geo.ellipsoid import vincenty_m
from zwk_network.search.backend import SearchQuery
from zwk_network.search.whoosh_search import _distances, _within_radius


@pytest.mark.parametrize("lat", [0.0, 53.8, -45.0, 70.0])
@pytest.mark.parametrize("radius_km", [0.5, 20, 300])
def test_exactly_the_entries_within_the_radius(lat, radius_km):
    rng = np.random.default_rng(7)
    lon = 12.1
    bearings = rng.uniform(0, 2 * np.pi, 3000)
    # most near the edge of the circle (0.97–1.03 radii), some anywhere within three radii
    reach = np.concatenate([rng.uniform(0.97, 1.03, 2000), rng.uniform(0, 3, 1000)]) * radius_km * 1000
    lats = lat + reach * np.cos(bearings) / 111_000
    lons = lon + reach * np.sin(bearings) / (111_000 * np.cos(np.radians(lats)))
    lons, lats = np.append(lons, np.nan), np.append(lats, np.nan)  # an entry without a location
    columns = SimpleNamespace(lon=lons, lat=lats)
    query = SearchQuery(point=(lon, lat), radius_km=radius_km)
    inside = _within_radius(columns, _distances(columns, query), query)
    exact = [
        bool(np.isfinite(x)) and vincenty_m(lon, lat, x, y) <= radius_km * 1000
        for x, y in zip(lons, lats, strict=True)
    ]
    assert inside.tolist() == exact
    assert 0 < sum(exact) < len(exact)
