"""Everything that differs between SpatiaLite and PostGIS lives here, and only here.

Distances and radii are metres on both backends, measured on the WGS84 ellipsoid
(PostGIS: geography; SpatiaLite: ST_Distance(..., 1)); they agree to far better than 0.5 %.
Radius queries (nearby) use a spatial index on both: PostGIS the GiST index on the geography
expression, SpatiaLite the R*Tree behind its SpatialIndex. Bbox filters (within_bbox) use
the geometry GiST index on PostGIS and the SpatialIndex virtual table on SpatiaLite.
"""

import math

from sqlalchemy import String, event, func, literal_column, select, table, text
from sqlalchemy import column as sql_column
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from ..config import StartupError
from ..extensions import db
from .ellipsoid import metres_per_degree

SRID = 4326
SPATIALITE_PACKAGE = "libsqlite3-mod-spatialite"
#: Tables on PostgreSQL only: the PostgreSQL search engine's index (migrations 0015, 0020, 0023), not models.
POSTGRES_ONLY_TABLES = frozenset({"search_entries", "search_words", "search_postings", "search_terms"})
#: Indexes that exist on one backend only; migrations create them, autogenerate ignores them.
GEOGRAPHY_INDEX_PREFIX = "gix_"

# Metres per degree of latitude is at least this anywhere; used to widen prefilter boxes safely.
_MIN_METRES_PER_DEGREE_LAT = 110_574.0
_METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320.0


def engine_options(url: str, spatialite_module: str) -> dict:
    """Options for create_engine: SQLite goes through pysqlite3, which can load extensions."""
    if make_url(url).get_backend_name() != "sqlite":
        # PostGIS functions carry high cost estimates that trigger JIT compilation, which costs
        # tens of milliseconds per query and never pays off for these short queries.
        # Parallel workers cost more to start than these short index queries take.
        options = "-c jit=off -c max_parallel_workers_per_gather=0"
        return {"pool_pre_ping": True, "connect_args": {"options": options}}
    try:
        import pysqlite3.dbapi2 as sqlite_dbapi
    except ImportError:
        raise StartupError(
            "the Python package pysqlite3-binary is missing: pip install pysqlite3-binary"
        ) from None
    return {"module": sqlite_dbapi, "connect_args": {"timeout": 30}}


def prepare_engine(engine: Engine, spatialite_module: str) -> None:
    """Make every new connection spatial: load SpatiaLite on SQLite; check PostGIS is there."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _spatialite_connect_hook(spatialite_module))
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.execute(text("SELECT spatialite_version()"))
    except _SpatialiteMissing:
        raise StartupError(
            f"the SpatiaLite module {spatialite_module!r} could not be loaded: "
            f"install the Debian package {SPATIALITE_PACKAGE} "
            f"(apt-get install {SPATIALITE_PACKAGE})"
        ) from None
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        where = engine.url.render_as_string(hide_password=True)
        raise StartupError(f"the database {where} cannot be reached ({reason}); is it running?") from None


class _SpatialiteMissing(Exception):
    pass


def _spatialite_connect_hook(spatialite_module: str):
    def on_connect(dbapi_connection, _record):
        try:
            dbapi_connection.enable_load_extension(True)
            dbapi_connection.load_extension(spatialite_module)
            dbapi_connection.enable_load_extension(False)
        except Exception as error:
            raise _SpatialiteMissing(str(error)) from error
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages per connection
        cursor.execute("PRAGMA mmap_size = 268435456")  # read through the OS page cache
        cursor.execute("SELECT CheckSpatialMetaData()")
        if cursor.fetchone()[0] < 1:
            # Only the WGS84 reference systems: fast, and all we use.
            cursor.execute("SELECT InitSpatialMetaData(1, 'WGS84')")
        cursor.close()

    return on_connect


def is_postgres(bind) -> bool:
    return bind.dialect.name == "postgresql"


def make_point(lon: float, lat: float):
    """A point expression in WGS84."""
    return func.ST_SetSRID(func.ST_MakePoint(lon, lat), SRID) if _pg() else func.MakePoint(lon, lat, SRID)


def _pg() -> bool:
    return is_postgres(db.session.get_bind())


def distance_m(column, lon: float, lat: float):
    """Ellipsoidal distance in metres between a point column and (lon, lat)."""
    if _pg():
        return func.ST_Distance(_geography(column), _geography(make_point(lon, lat)))
    return func.ST_Distance(column, make_point(lon, lat), 1)


#: Entries whose approximate distance is this close to the radius are measured exactly.
#: The approximation below is within 0.03 % of the ellipsoidal distance up to 400 km (tested).
RADIUS_BAND_RELATIVE = 0.001
RADIUS_BAND_METRES = 2.0


def nearby(model, column, lon: float, lat: float, radius_m: float):
    """The entries whose point `column` lies within radius_m metres of (lon, lat), exactly.

    Returns a subquery with the columns id and rank; rank orders by distance (a squared
    local-ellipsoid distance in m², within 0.03 % of the ellipsoidal distance up to 400 km).
    Candidates come from the column's spatial index; the rank decides all but a thin band around
    the radius, where the exact ellipsoidal distance decides. Rows whose `column` is NULL are
    not in the index and never returned.
    PostGIS: the geography GiST index of the column. SpatiaLite: the R*Tree behind its
    SpatialIndex, read directly: its coordinates give the rank without reading the table.
    """
    band = radius_m * RADIUS_BAND_RELATIVE + RADIUS_BAND_METRES
    if _pg():
        rank = _rank(func.ST_X(column), func.ST_Y(column), lon, lat)
        # Boxes against a circle polygon computed once per query, padded by 1 % so that its
        # box surely covers the circle: no per-row geography conversion.
        circle = func.ST_Buffer(_geography(make_point(lon, lat)), (radius_m + band) * 1.01)
        ranked = (
            select(model.id.label("id"), rank.label("rank"))
            .where(_geography(column).op("&&")(circle))
            .cte("ranked")
            .prefix_with("MATERIALIZED")  # the rank is computed once per candidate
        )
    else:
        rtree = table(f"idx_{model.__table__.name}_{column.key}", *(sql_column(c) for c in _RTREE_COLUMNS))
        x, y = (rtree.c.xmin + rtree.c.xmax) / 2, (rtree.c.ymin + rtree.c.ymax) / 2
        min_lon, min_lat, max_lon, max_lat = radius_bbox(lon, lat, radius_m + band)
        ranked = (
            select(rtree.c.pkid.label("id"), _rank(x, y, lon, lat).label("rank"))
            .where(rtree.c.xmin <= max_lon, rtree.c.xmax >= min_lon)
            .where(rtree.c.ymin <= max_lat, rtree.c.ymax >= min_lat)
            .cte("ranked")
            .prefix_with("MATERIALIZED")  # the rank is computed once per candidate
        )
    exact = model.__table__.alias("exact")
    in_band_and_within = (
        select(_within_exact(exact.c[column.key], lon, lat, radius_m))
        .where(exact.c.id == ranked.c.id)
        .scalar_subquery()
    )
    return (
        select(ranked.c.id, ranked.c.rank)
        .where(ranked.c.rank <= (radius_m + band) ** 2)
        .where((ranked.c.rank <= max(radius_m - band, 0) ** 2) | in_band_and_within)
        .subquery("nearby")
    )


_RTREE_COLUMNS = ("pkid", "xmin", "xmax", "ymin", "ymax")


def _rank(x, y, lon: float, lat: float):
    """Squared distance in m² on the local ellipsoid at the mid-latitude: plain arithmetic."""
    kx, ky = metres_per_degree(lat)
    dx = (x - lon) * func.cos(func.radians((y + lat) / 2)) * kx
    dy = (y - lat) * ky
    return func.power(dx, 2) + func.power(dy, 2)  # power(): each coordinate is read once


def rank_m2(x: float, y: float, lon: float, lat: float) -> float:
    """The rank formula in Python, for tests of its accuracy."""
    kx, ky = metres_per_degree(lat)
    dx = (x - lon) * math.cos(math.radians((y + lat) / 2)) * kx
    dy = (y - lat) * ky
    return dx * dx + dy * dy


def _within_exact(column, lon: float, lat: float, radius_m: float):
    if _pg():
        return func.ST_DWithin(_geography(column), _geography(make_point(lon, lat)), radius_m)
    return func.ST_Distance(column, make_point(lon, lat), 1) <= radius_m


def within_bbox(model, column, bbox: tuple[float, float, float, float]):
    """A filter: the column's geometry intersects the box (min_lon, min_lat, max_lon, max_lat)."""
    if _pg():
        envelope = func.ST_MakeEnvelope(*bbox, SRID)
        return column.op("&&")(envelope) & func.ST_Intersects(column, envelope)
    return _spatialite_index_prefilter(model, column, bbox) & (
        func.ST_Intersects(column, func.BuildMbr(*bbox, SRID)) == 1
    )


def intersects_bbox(expression, bbox: tuple[float, float, float, float]):
    """A filter without an index, for derived geometries: the expression intersects the box."""
    if _pg():
        return func.ST_Intersects(expression, func.ST_MakeEnvelope(*bbox, SRID))
    return func.ST_Intersects(expression, func.BuildMbr(*bbox, SRID)) == 1


def intersects_geometry(expression, geometry):
    """A filter without an index: the expression intersects a Shapely geometry (WGS84), which
    reaches the database as WKT in a bound parameter."""
    literal = func.ST_GeomFromText(geometry.wkt, SRID)
    if _pg():
        return func.ST_Intersects(expression, literal)
    return func.ST_Intersects(expression, literal) == 1


def extent_columns(expression):
    """Aggregates giving the bounds of the expression's geometries: min x, min y, max x, max y."""
    if _pg():
        box = func.ST_Extent(expression)
        return func.ST_XMin(box), func.ST_YMin(box), func.ST_XMax(box), func.ST_YMax(box)
    return (
        func.min(func.MbrMinX(expression)),
        func.min(func.MbrMinY(expression)),
        func.max(func.MbrMaxX(expression)),
        func.max(func.MbrMaxY(expression)),
    )


def radius_bbox(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """A lon/lat box that surely contains the circle; used only as an index prefilter."""
    dlat = radius_m / _MIN_METRES_PER_DEGREE_LAT * 1.01
    edge_lat = min(89.9, abs(lat) + dlat)
    dlon = radius_m / (_METRES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(edge_lat))) * 1.01
    return (lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def _geography(expression):
    return func.Geography(expression)


def _spatialite_index_prefilter(model, column, bbox):
    table = model.__table__.name
    candidates = (
        select(literal_column("ROWID"))
        .select_from(text("SpatialIndex"))
        .where(
            literal_column("f_table_name", String) == table,
            literal_column("f_geometry_column", String) == column.key,
            literal_column("search_frame") == func.BuildMbr(*bbox, SRID),
        )
    )
    return model.id.in_(candidates)


def refresh_statistics(table_name: str, spatial_index: str | None = None) -> None:
    """After a large import: refresh the planner's statistics; on PostGIS also put the rows in
    the order of the spatial index (CLUSTER), so that nearby entries share disk pages.

    CLUSTER locks the table while it runs (about 2 s for 100 000 initiatives)."""
    if db.engine.dialect.name != "postgresql":
        with db.engine.connect() as connection:
            connection.execute(text(f"ANALYZE {table_name}"))
            connection.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if spatial_index:
            connection.execute(text(f"CLUSTER {table_name} USING {spatial_index}"))
        connection.execute(text(f"VACUUM (ANALYZE) {table_name}"))


def create_geography_index(op, table: str, column: str) -> None:
    """Migration helper: the GiST index on column::geography that radius queries use (PostGIS)."""
    if is_postgres(op.get_bind()):
        op.execute(
            f"CREATE INDEX {GEOGRAPHY_INDEX_PREFIX}{table}_{column} "
            f"ON {table} USING gist ((({column})::geography))"
        )


def ensure_spatial_extension(op) -> None:
    """Migration helper: install PostGIS (SpatiaLite is loaded per connection instead)."""
    if is_postgres(op.get_bind()):
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
