"""initiatives, meeting places: hidden from the public while unconfirmed too long (flask freshness)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 20:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TABLES = ("initiatives", "meeting_places")


def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column("hidden_as_stale_at", sa.DateTime(), nullable=True))


def downgrade():
    # Not batch mode: rebuilding the table would lose SpatiaLite's registration of the point columns;
    # SQLite ≥ 3.35 and PostgreSQL drop a column in place.
    for table in TABLES:
        op.drop_column(table, "hidden_as_stale_at")
