"""contributions: residents' ideas, needs, remarks and offers to help; „Betrifft mich auch“

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 20:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

KINDS = "kind IN ('idee', 'bedarf', 'anregung', 'mitmachen')"
STATES = "status IN ('neu', 'veroeffentlicht', 'zusammengefuehrt', 'bedarf', 'beantwortet', 'abgelehnt')"


def upgrade():
    op.create_table(
        "contributions",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=True),
        sa.Column("target_group", sa.String(length=40), nullable=True),
        sa.Column("town", sa.String(length=120), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("contact", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kommune_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("gazetteer_place_id", sa.Integer(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(KINDS, name=op.f("ck_contributions_kind")),
        sa.CheckConstraint(STATES, name=op.f("ck_contributions_status")),
        sa.ForeignKeyConstraint(
            ["gazetteer_place_id"],
            ["gazetteer_places.id"],
            name=op.f("fk_contributions_gazetteer_place_id_gazetteer_places"),
        ),
        sa.ForeignKeyConstraint(["kommune_id"], ["kommunen.id"], name=op.f("fk_contributions_kommune_id_kommunen")),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_contributions_need_id_needs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_contributions_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributions_kommune_id"), ["kommune_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contributions_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contributions_status"), ["status"], unique=False)

    op.create_table(
        "supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("browser_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("target_type IN ('contribution', 'need')", name=op.f("ck_supports_target_type")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supports")),
        sa.UniqueConstraint("target_type", "target_id", "browser_hash", name="uq_supports_once"),
    )
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supports_target_id"), ["target_id"], unique=False)


def downgrade():
    op.drop_table("supports")
    op.drop_table("contributions")
