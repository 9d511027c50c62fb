"""the PostgreSQL search engine: matching reads a need's candidates from one index, its terms' postings kept while current (PostgreSQL only)

One need's candidates are the rows near it that fit it in some part (search/postgres_candidates.py):
at 100 000 synthetic entries ~38 000 rows of a dense region. Their kinds of help, target groups and
service radii were read from the table (a scan of its 110 MB: the tsvector sits in the row), though
the lon/lat btree of the map (0020) held the rest. Covered (lon, lat, then type, id and the bit sets
and radius matching reads), an index-only scan of ~6 MB; the text condition now reads postings
(0025) instead of the tsvector.
A worker keeps the postings of the terms it read lately (search/postgres_candidates.py): a term's
row in search_terms (0023) gets a new `version` from a sequence whenever a commit changes postings
of that term – also when its count stays the same (a word moved from the description to the name) –
so every server sees in one small read which of its postings are still current. On SQLite
nothing is created.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 00:00:00

"""

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX ix_search_entries_matching ON search_entries (lon, lat) "
        "INCLUDE (type, entry_id, themes, groups, kinds, radius_km)"
    )
    # Not owned by the column: a value once given is never given again, whatever empties the table.
    op.execute("CREATE SEQUENCE search_terms_version")
    op.execute(
        "ALTER TABLE search_terms ADD COLUMN version bigint NOT NULL DEFAULT nextval('search_terms_version')"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_terms DROP COLUMN IF EXISTS version")
    op.execute("DROP SEQUENCE IF EXISTS search_terms_version")
    op.execute("DROP INDEX IF EXISTS ix_search_entries_matching")
