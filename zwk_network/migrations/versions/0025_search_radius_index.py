"""the PostgreSQL search engine: what matching one need reads from indexes alone (PostgreSQL only)

Matching reads only the rows near a need (search/postgres_candidates.py). How near depends on the
largest service radius of all entries: without a btree on radius_km a scan of the whole table
(220 ms at 100 000 entries). Text relevance needs each term's document frequency per field over the
whole index, and the postings of the rows read: without the tf columns in an index, a common
word's postings (tens of thousands of 3.2 million rows) were read from the table, 100–900 ms per
word; covered (lexeme, then type, id and the tf), an index-only scan.
Online offers of an asked kind are within reach everywhere: an index on kinds & 256 (the online
bit of taxonomy/bits.py; should the bit move, the index goes unused, nothing goes wrong) finds them.
On SQLite nothing is created.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 00:00:00

"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_search_entries_radius ON search_entries (radius_km)")
    op.execute(
        "CREATE INDEX ix_search_postings_frequency ON search_postings (lexeme) "
        "INCLUDE (type, entry_id, name_tf, summary_tf, body_tf)"
    )
    op.execute("CREATE INDEX ix_search_entries_online ON search_entries ((kinds & 256))")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_entries_online")
    op.execute("DROP INDEX IF EXISTS ix_search_postings_frequency")
    op.execute("DROP INDEX IF EXISTS ix_search_entries_radius")
