"""connections outlive a deleted entry: its name is kept, the link to it is cut

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_name", sa.String(length=200), server_default="", nullable=False))
        batch_op.alter_column("entry_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM connections WHERE entry_id IS NULL")
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.alter_column("entry_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("entry_name")
