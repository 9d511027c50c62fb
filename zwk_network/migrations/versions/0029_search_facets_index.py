"""the PostgreSQL search engine: a radius's facets and nearest page from one covering index (PostgreSQL only)

A radius without words (/api/search 20 km + theme, with facets) matched ~9 000 rows of the
location's GiST index and read each from the table (~7 000 pages of 8 kB: the tsvector sits in the
row) twice, for the facets and for the page. The radius is now asked of lon/lat (search/
postgres_search.py: a box, then the spheroid's distance of the point made from them, as
`location` is made), so ix_search_entries_matching (0026: lon, lat, then type, id, the bit sets
and radius matching reads) answers it from the index alone once it also holds what the facets
count and filter by: the region and the Kommune. Same name, so matching reads it as before; two
integers more in each index entry. On SQLite nothing is created.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02 18:00:00

"""

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

KEYS = "(lon, lat)"
MATCHING = "type, entry_id, themes, groups, kinds, radius_km"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_entries_matching")
    op.execute(
        f"CREATE INDEX ix_search_entries_matching ON search_entries {KEYS} "
        f"INCLUDE ({MATCHING}, region_id, kommune_id)"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_entries_matching")
    op.execute(f"CREATE INDEX ix_search_entries_matching ON search_entries {KEYS} INCLUDE ({MATCHING})")
