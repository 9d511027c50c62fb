"""accessibility statement: where feedback goes and the enforcement body, per installation and Kommune

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 20:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accessibility_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kommune_id", sa.Integer(), nullable=True),
        sa.Column("feedback_email", sa.String(length=254), nullable=False),
        sa.Column("enforcement_name", sa.Text(), nullable=False),
        sa.Column("enforcement_url", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kommune_id"],
            ["kommunen.id"],
            name=op.f("fk_accessibility_contacts_kommune_id_kommunen"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_accessibility_contacts_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accessibility_contacts")),
        sa.UniqueConstraint("kommune_id", name=op.f("uq_accessibility_contacts_kommune_id")),
    )


def downgrade():
    op.drop_table("accessibility_contacts")
