"""needs: the planners' internal note, never public

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 17:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("needs", sa.Column("internal_note", sa.Text(), nullable=False, server_default=""))


def downgrade():
    # Not batch mode: rebuilding the table would lose SpatiaLite's registration of the area column;
    # SQLite ≥ 3.35 and PostgreSQL drop a column in place.
    op.drop_column("needs", "internal_note")
