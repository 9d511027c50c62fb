"""the PostgreSQL search engine's table: one row per public entry with its tsvector (PostgreSQL only)

The project's German analysis (search/analysis.py) writes the tsvector, weighted A name, B summary,
C place names and labels, D description; pg_trgm finds similar words for typos; PostGIS measures
radius and bbox; search_postings holds each entry's term frequencies in name, summary and description
for matching's text relevance (an index lookup per term instead of reading every tsvector). On SQLite nothing is created: the Whoosh engine keeps its index in files.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 17:00:00

"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        """
        CREATE TABLE search_entries (
            type varchar(20) NOT NULL,
            entry_id integer NOT NULL,
            version varchar(32) NOT NULL,
            analysis varchar(32) NOT NULL,
            name text NOT NULL,
            summary text NOT NULL DEFAULT '',
            body text NOT NULL DEFAULT '',
            town text NOT NULL DEFAULT '',
            demo boolean NOT NULL DEFAULT false,
            kinds_suggested boolean NOT NULL DEFAULT false,
            sort_name text NOT NULL,
            kommune_id integer,
            region_id integer,
            themes bigint NOT NULL DEFAULT 0,
            groups bigint NOT NULL DEFAULT 0,
            kinds bigint NOT NULL DEFAULT 0,
            lon double precision,
            lat double precision,
            location geography(Point, 4326),
            radius_km real NOT NULL DEFAULT 0,
            vector tsvector NOT NULL,
            CONSTRAINT pk_search_entries PRIMARY KEY (type, entry_id)
        )
        """
    )
    op.execute("CREATE INDEX ix_search_entries_vector ON search_entries USING gin (vector)")
    op.execute("CREATE INDEX ix_search_entries_location ON search_entries USING gist (location)")
    op.execute("CREATE INDEX ix_search_entries_sort_name ON search_entries (sort_name)")
    op.execute(
        """
        CREATE TABLE search_words (
            word text NOT NULL,
            kind char(1) NOT NULL,
            CONSTRAINT pk_search_words PRIMARY KEY (kind, word)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE search_postings (
            lexeme text NOT NULL,
            type varchar(20) NOT NULL,
            entry_id integer NOT NULL,
            name_tf smallint NOT NULL,
            summary_tf smallint NOT NULL,
            body_tf smallint NOT NULL,
            CONSTRAINT pk_search_postings PRIMARY KEY (lexeme, type, entry_id)
        )
        """
    )
    op.execute("CREATE INDEX ix_search_postings_entry ON search_postings (type, entry_id)")
    op.execute("CREATE INDEX ix_search_words_trigram ON search_words USING gist (word gist_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_postings")
    op.execute("DROP TABLE IF EXISTS search_words")
    op.execute("DROP TABLE IF EXISTS search_entries")
