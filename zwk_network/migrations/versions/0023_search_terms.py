"""the PostgreSQL search engine's document frequencies: rows per lexeme, for idf in ranking (PostgreSQL only)

ts_rank_cd weighs a common word („Hilfe“, in every fifth entry) as much as a rare one
(„Smartphone“): search_terms counts, per lexeme, the rows whose tsvector holds it (the empty
lexeme counts the rows), kept in the transaction that writes the rows (search/postgres_terms.py).
Counted here from the rows there are. On SQLite nothing is created.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 23:45:00

"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE TABLE search_terms (
            lexeme text NOT NULL,
            entries integer NOT NULL,
            CONSTRAINT pk_search_terms PRIMARY KEY (lexeme)
        )
        """
    )
    op.execute(
        """
        INSERT INTO search_terms (lexeme, entries)
        SELECT lexeme, count(*) FROM search_entries
        CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(vector), '')) AS lexeme
        GROUP BY lexeme
        """
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_terms")
