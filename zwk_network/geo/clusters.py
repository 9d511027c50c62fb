"""Grid clustering on the server: many points become a few hundred clusters per view.

Points are binned into square cells of CELL_PIXELS on the Web Mercator pixel grid of the
requested zoom level, so a cluster covers the same screen area at every zoom and the number
of features is bounded by the number of cells in view, whatever the number of entries.

A view far larger than a screen at its zoom (the whole world at zoom 18) would have millions
of cells: grid_zoom() lowers the zoom of the grid until the points' extent spans at most
MAX_CELLS cells. A map sends a screen-sized view, which is never coarsened.
"""

from dataclasses import dataclass

import numpy as np

CELL_PIXELS = 80
TILE_PIXELS = 256
MAX_LATITUDE = 85.05112878  # Web Mercator's limit
#: Cells a grid may span: a 4K screen (3840 × 2160 CSS pixels) touches at most 49 × 28 = 1 372.
MAX_CELLS = 1600


@dataclass
class Cluster:
    lon: float  # mean position of its points (where its marker sits)
    lat: float
    count: int
    bbox: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
    counts_by_type: dict[int, int]  # type code -> count


def mercator_pixels(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Global pixel coordinates at a zoom level (the y axis points south, as on screen)."""
    size = TILE_PIXELS * 2.0**zoom
    x = (lon + 180.0) / 360.0 * size
    sin_lat = np.sin(np.radians(np.clip(lat, -MAX_LATITUDE, MAX_LATITUDE)))
    y = (0.5 - np.log((1 + sin_lat) / (1 - sin_lat)) / (4 * np.pi)) * size
    return x, y


def grid_zoom(
    lon: np.ndarray, lat: np.ndarray, zoom: int, max_cells: int | None = None, cell_pixels: int = CELL_PIXELS
) -> int:
    """The finest zoom up to `zoom` at which the points' extent spans at most `max_cells` cells.

    The points lie in the requested view, so a view of screen size keeps its zoom. At zoom 0 the
    whole world spans 4 × 4 cells: there is always an answer."""
    if len(lon) == 0:
        return zoom
    max_cells = MAX_CELLS if max_cells is None else max_cells
    corners_lon = np.array([lon.min(), lon.max()])
    corners_lat = np.array([lat.max(), lat.min()])  # north first: pixel rows grow southwards
    for level in range(zoom, 0, -1):
        x, y = mercator_pixels(corners_lon, corners_lat, level)
        columns, rows = np.floor(x / cell_pixels), np.floor(y / cell_pixels)
        if (columns[1] - columns[0] + 1) * (rows[1] - rows[0] + 1) <= max_cells:
            return level
    return 0


def grid_clusters(
    lon: np.ndarray, lat: np.ndarray, type_code: np.ndarray, zoom: int, cell_pixels: int = CELL_PIXELS
) -> list[Cluster]:
    """One cluster per occupied grid cell, largest first."""
    if len(lon) == 0:
        return []
    x, y = mercator_pixels(lon, lat, zoom)
    column = np.floor(x / cell_pixels).astype(np.int64)
    row = np.floor(y / cell_pixels).astype(np.int64)
    cells = column * (1 << 31) + row
    order = np.argsort(cells, kind="stable")
    sorted_cells = cells[order]
    starts = np.flatnonzero(np.r_[True, sorted_cells[1:] != sorted_cells[:-1]])
    counts = np.diff(np.r_[starts, len(order)])
    lon_sorted, lat_sorted, types_sorted = lon[order], lat[order], type_code[order]
    mean_lon = np.add.reduceat(lon_sorted, starts) / counts
    mean_lat = np.add.reduceat(lat_sorted, starts) / counts
    bounds = [
        np.minimum.reduceat(lon_sorted, starts),
        np.minimum.reduceat(lat_sorted, starts),
        np.maximum.reduceat(lon_sorted, starts),
        np.maximum.reduceat(lat_sorted, starts),
    ]
    type_counts = _type_counts(types_sorted, starts, counts)
    clusters = [
        Cluster(
            lon=float(mean_lon[i]),
            lat=float(mean_lat[i]),
            count=int(counts[i]),
            bbox=(float(bounds[0][i]), float(bounds[1][i]), float(bounds[2][i]), float(bounds[3][i])),
            counts_by_type=type_counts[i],
        )
        for i in range(len(starts))
    ]
    clusters.sort(key=lambda cluster: -cluster.count)
    return clusters


def _type_counts(types_sorted: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> list[dict[int, int]]:
    group = np.repeat(np.arange(len(starts)), counts)
    kinds = np.unique(types_sorted)
    per_kind = {
        int(kind): np.bincount(group, weights=types_sorted == kind, minlength=len(starts)) for kind in kinds
    }
    return [
        {kind: int(values[i]) for kind, values in per_kind.items() if values[i]} for i in range(len(starts))
    ]
