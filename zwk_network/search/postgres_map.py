"""The PostgreSQL engine's map: every located match, as points or grid clusters, in one statement.

The answer means what the Whoosh engine's does (whoosh_search.run_map_view, geo/clusters.py): up
to `detail_limit` located matches come as entries, more as one cluster per occupied cell of
CELL_PIXELS on the Web Mercator grid of the zoom (coarser for a view far larger than a screen).

One statement answers both: a probe counts the matches no further than detail_limit + 1, and
PostgreSQL runs either the branch of the points or that of the clusters (a one-time filter on the
probe). The cells are grouped on each entry's cell at zoom 20 the table stores (map_column, map_row,
migration 0027), shifted to the grid's zoom, read with lon/lat from ix_search_entries_lon_lat
alone: no row of the table, no sine, logarithm or float per entry; a count per type only for the
types asked. The grid's zoom comes from the view when the view fits the grid (a map
always sends one of screen size); only a larger view or none makes the matches' extent decide,
as grid_zoom() does, with one statement more.
"""

import numpy as np
from sqlalchemy import text

from ..entries import TYPES
from ..geo.clusters import CELL_PIXELS, grid_zoom
from ..taxonomy.bits import THEME_BITS, slugs_of
from .backend import LocatedEntry, MapCluster, MapView, SearchQuery
from .postgres_search import select

#: Columns of a row of the statement: a point fills the first ones, a cluster the others.
POINT_COLUMNS = "type, entry_id, name, themes, lon, lat, demo"
CLUSTER_COLUMNS = "count, sum_lon, sum_lat, min_lon, min_lat, max_lon, max_lat"
#: The zoom and cell of map_column and map_row (migration 0027): a cell at zoom z is theirs >> (20 − z).
CELLS_ZOOM, CELLS_PIXELS = 20, 80


def run_map_view(session, query: SearchQuery, zoom: int, detail_limit: int) -> MapView:
    """Every located match: the entries when there are few enough, else grid clusters."""
    selection = select(session, query)
    condition = f"{selection.condition()} AND lon IS NOT NULL"
    params = dict(selection.params)
    cluster_zoom = view_grid_zoom(query.bbox, zoom)
    if cluster_zoom is None:  # no view, or one larger than the grid allows: the matches' extent decides
        total, *extent = session.execute(
            text(
                "SELECT count(*), min(lon), max(lon), min(lat), max(lat) "
                f"FROM search_entries WHERE {condition}"
            ),
            params,
        ).one()
        if total <= detail_limit:
            return MapView(total=total, entries=_points(session, condition, params))
        min_lon, max_lon, min_lat, max_lat = extent
        cluster_zoom = grid_zoom(np.array([min_lon, max_lon]), np.array([min_lat, max_lat]), zoom)
    kinds = [kind for kind in TYPES if not query.types or kind in query.types] or list(TYPES)
    return _points_or_clusters(session, condition, params, cluster_zoom, detail_limit, kinds)


def view_grid_zoom(bbox: tuple[float, float, float, float] | None, zoom: int) -> int | None:
    """The zoom of the grid when the view itself fits the grid at `zoom`, else None.

    The matches lie in the view, so their extent spans no more cells than the view: grid_zoom()
    of the matches is then `zoom` too, and the extent need not be read."""
    if bbox is None:
        return None
    min_lon, min_lat, max_lon, max_lat = bbox
    fits = grid_zoom(np.array([min_lon, max_lon]), np.array([min_lat, max_lat]), zoom) == zoom
    return zoom if fits else None


def _points(session, condition: str, params: dict) -> list[LocatedEntry]:
    sql = f"SELECT {POINT_COLUMNS} FROM search_entries WHERE {condition}"
    return [_located(row) for row in session.execute(text(sql), params).mappings()]


def _points_or_clusters(
    session, condition: str, params: dict, cluster_zoom: int, detail_limit: int, kinds: list[str]
) -> MapView:
    """One statement: the points when at most detail_limit match, else the clusters, largest first
    (of as many, west first, then north first: as grid_clusters() orders them).

    `kinds` are the types the matches can have: a count per type of them only."""
    if CELL_PIXELS != CELLS_PIXELS or not 0 <= cluster_zoom <= CELLS_ZOOM:
        raise ValueError(f"the stored cells serve zooms 0–{CELLS_ZOOM} of {CELLS_PIXELS}-pixel cells")
    by_type = ", ".join(f"count(*) FILTER (WHERE type = '{kind}') AS n_{kind}" for kind in kinds)
    no_cluster = ", ".join(f"NULL::bigint AS n_{kind}" for kind in kinds)
    no_point = "NULL, NULL::integer, NULL, NULL::bigint, NULL::float8, NULL::float8, NULL::boolean"
    sql = f"""
        WITH probe AS (
            SELECT count(*) AS found FROM (
                SELECT 1 FROM search_entries WHERE {condition} LIMIT :over
            ) AS found_rows
        )
        SELECT * FROM (
            SELECT {POINT_COLUMNS}, NULL::bigint AS count, NULL::float8 AS sum_lon, NULL::float8 AS sum_lat,
                   NULL::float8 AS min_lon, NULL::float8 AS min_lat, NULL::float8 AS max_lon,
                   NULL::float8 AS max_lat, {no_cluster},
                   NULL::integer AS cell_column, NULL::integer AS cell_row
            FROM search_entries WHERE {condition} AND (SELECT found FROM probe) <= :detail_limit
            UNION ALL
            SELECT {no_point}, count(*), sum(lon), sum(lat), min(lon), min(lat), max(lon), max(lat),
                   {by_type}, map_column >> :shift, map_row >> :shift
            FROM search_entries WHERE {condition} AND (SELECT found FROM probe) > :detail_limit
            GROUP BY map_column >> :shift, map_row >> :shift
        ) AS answer
        ORDER BY count DESC NULLS LAST, cell_column, cell_row
    """
    shift = CELLS_ZOOM - cluster_zoom
    params = {**params, "over": detail_limit + 1, "detail_limit": detail_limit, "shift": shift}
    rows = session.execute(text(sql), params).mappings().all()
    if not rows or rows[0]["count"] is None:
        return MapView(total=len(rows), entries=[_located(row) for row in rows])
    clusters = [_cluster(row, kinds) for row in rows]
    total = sum(cluster.count for cluster in clusters)
    return MapView(total=total, entries=None, clusters=clusters, cluster_zoom=cluster_zoom)


def _located(row) -> LocatedEntry:
    return LocatedEntry(
        type=row["type"],
        entry_id=row["entry_id"],
        name=row["name"],
        themes=slugs_of(int(row["themes"]), THEME_BITS),
        lon=row["lon"],
        lat=row["lat"],
        demo=row["demo"],
    )


def _cluster(row, kinds: list[str]) -> MapCluster:
    count = int(row["count"])
    return MapCluster(
        lon=float(row["sum_lon"]) / count,
        lat=float(row["sum_lat"]) / count,
        count=count,
        bbox=(float(row["min_lon"]), float(row["min_lat"]), float(row["max_lon"]), float(row["max_lat"])),
        counts_by_type={kind: int(row[f"n_{kind}"]) for kind in kinds if row[f"n_{kind}"]},
    )
