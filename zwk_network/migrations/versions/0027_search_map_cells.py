"""the PostgreSQL search engine's map grid as integers: each entry's cell at zoom 20 (PostgreSQL only)

The map's clusters are cells of CELL_PIXELS (80) on the Web Mercator pixel grid of a zoom
(geo/clusters.py). 0022 stored the position (map_x, map_y) and each request grouped on
floor(map_x * 256 * 2^zoom / 80): a float product, a floor and a float hash per match. map_column
and map_row are that cell at zoom 20 (the map's finest, maps/features.MAX_ZOOM), so a cell at zoom
z is map_column >> (20 − z): floor(floor(q) / 2^k) = floor(q / 2^k), and the float quotient at zoom
z is the one at zoom 20 divided by 2^k exactly, so the cells are those of before, bit for bit. They
are computed with the operations of map_x * size / 80 in the same order (the same doubles).
The map index carries them in place of map_x and map_y, before the name (read last, by the points
only); map_x and map_y go. On SQLite nothing is created.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 15:00:00

"""

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

#: Web Mercator's limit (geo/clusters.MAX_LATITUDE), as the migration's own constant.
LIMIT = "85.05112878"
SINE = f"sin(radians(least(greatest(lat, -{LIMIT}), {LIMIT})))"
MAP_X = "((lon + 180) / 360)"
MAP_Y = f"(0.5 - ln((1 + {SINE}) / (1 - {SINE})) / (4 * pi()))"
#: Pixels across the world at zoom 20 (256 · 2^20), and a cell's (geo/clusters.CELL_PIXELS).
WORLD_PIXELS = "268435456"
CELL = "80"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_entries_lon_lat")
    op.execute(
        "ALTER TABLE search_entries DROP COLUMN IF EXISTS map_x, DROP COLUMN IF EXISTS map_y, "
        "ADD COLUMN map_column integer GENERATED ALWAYS AS "
        f"(floor({MAP_X} * {WORLD_PIXELS} / {CELL})) STORED, "
        "ADD COLUMN map_row integer GENERATED ALWAYS AS "
        f"(floor({MAP_Y} * {WORLD_PIXELS} / {CELL})) STORED"
    )
    op.execute(
        "CREATE INDEX ix_search_entries_lon_lat ON search_entries (lon, lat) "
        "INCLUDE (type, map_column, map_row, themes, demo, entry_id, name)"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_entries_lon_lat")
    op.execute(
        "ALTER TABLE search_entries DROP COLUMN IF EXISTS map_column, DROP COLUMN IF EXISTS map_row, "
        f"ADD COLUMN map_x double precision GENERATED ALWAYS AS {MAP_X} STORED, "
        f"ADD COLUMN map_y double precision GENERATED ALWAYS AS {MAP_Y} STORED"
    )
    op.execute(
        "CREATE INDEX ix_search_entries_lon_lat ON search_entries (lon, lat) "
        "INCLUDE (type, entry_id, themes, demo, name, map_x, map_y)"
    )
