import numpy as np

from zwk_network.geo.clusters import CELL_PIXELS, MAX_CELLS, grid_clusters, grid_zoom, mercator_pixels


def test_mercator_pixels_of_known_points():
    x, y = mercator_pixels(np.array([-180.0, 0.0, 180.0]), np.array([0.0, 0.0, 0.0]), zoom=0)
    assert list(x) == [0.0, 128.0, 256.0] and list(y) == [128.0, 128.0, 128.0]
    _, north = mercator_pixels(np.array([0.0]), np.array([85.05112878]), zoom=0)
    assert abs(north[0]) < 1e-6


def test_points_in_one_cell_become_one_cluster_with_mean_and_bounds():
    lon = np.array([12.0, 12.001, 12.002, 13.5])
    lat = np.array([54.0, 54.001, 54.002, 53.0])
    types = np.array([0, 1, 0, 0], dtype=np.uint8)
    clusters = grid_clusters(lon, lat, types, zoom=8)
    assert [c.count for c in clusters] == [3, 1]
    big = clusters[0]
    assert abs(big.lon - 12.001) < 1e-9 and abs(big.lat - 54.001) < 1e-9
    assert big.bbox == (12.0, 54.0, 12.002, 54.002)
    assert big.counts_by_type == {0: 2, 1: 1}


def test_the_number_of_clusters_is_bounded_by_the_cells_in_view():
    rng = np.random.default_rng(1)
    lon = rng.uniform(10.5, 14.5, 100_000)
    lat = rng.uniform(53.0, 54.7, 100_000)
    clusters = grid_clusters(lon, lat, np.zeros(100_000, dtype=np.uint8), zoom=8)
    x, y = mercator_pixels(np.array([10.5, 14.5]), np.array([54.7, 53.0]), zoom=8)
    cells = (abs(x[1] - x[0]) // CELL_PIXELS + 2) * (abs(y[1] - y[0]) // CELL_PIXELS + 2)
    assert len(clusters) <= cells
    assert sum(c.count for c in clusters) == 100_000


def test_more_zoom_means_more_and_smaller_clusters():
    rng = np.random.default_rng(2)
    lon, lat = rng.uniform(12.0, 12.5, 5000), rng.uniform(53.8, 54.0, 5000)
    types = np.zeros(5000, dtype=np.uint8)
    assert len(grid_clusters(lon, lat, types, zoom=8)) < len(grid_clusters(lon, lat, types, zoom=12))


def test_no_points_no_clusters():
    assert grid_clusters(np.array([]), np.array([]), np.array([], dtype=np.uint8), zoom=5) == []


def test_a_view_of_screen_size_keeps_its_zoom():
    lon, lat = np.array([12.05, 12.2]), np.array([54.05, 54.11])  # 1 750 × 1 120 px at zoom 14
    assert grid_zoom(lon, lat, zoom=14) == 14
    one_spot = np.array([12.1, 12.1]), np.array([54.0, 54.0])
    assert grid_zoom(*one_spot, zoom=20) == 20


def test_a_view_far_larger_than_a_screen_gets_a_coarser_grid_of_at_most_max_cells():
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(-180, 180, 100_000), rng.uniform(-85, 85, 100_000)
    zoom = grid_zoom(lon, lat, zoom=18)
    assert zoom < 5
    clusters = grid_clusters(lon, lat, np.zeros(100_000, dtype=np.uint8), zoom)
    assert len(clusters) <= MAX_CELLS and sum(c.count for c in clusters) == 100_000
    state = rng.uniform(10, 15, 20_000), rng.uniform(53, 55, 20_000)  # the reviewer's 5° × 2° at zoom 18
    zoom = grid_zoom(*state, zoom=18)
    assert 8 <= zoom <= 11 and len(grid_clusters(*state, np.zeros(20_000, dtype=np.uint8), zoom)) <= MAX_CELLS
    assert len(grid_clusters(*state, np.zeros(20_000, dtype=np.uint8), zoom + 1)) > MAX_CELLS  # the finest
