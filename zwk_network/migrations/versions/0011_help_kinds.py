"""kinds of help (Art der Hilfe) for initiatives, meeting places and needs

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 14:20:00

"""

import sqlalchemy as sa
from alembic import op

from zwk_network.taxonomy import HELP_KINDS

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OWNERS = (("initiatives", "initiative_id"), ("meeting_places", "meeting_place_id"), ("needs", "need_id"))


def upgrade():
    op.create_table(
        "help_kinds",
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_help_kinds")),
    )
    for owner, key in OWNERS:
        name = f"{owner}_help_kinds"
        op.create_table(
            name,
            sa.Column(key, sa.Integer(), nullable=False),
            sa.Column("slug", sa.String(length=40), nullable=False),
            sa.ForeignKeyConstraint([key], [f"{owner}.id"], name=op.f(f"fk_{name}_{key}_{owner}"),
                                    ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["slug"], ["help_kinds.slug"], name=op.f(f"fk_{name}_slug_help_kinds")),
            sa.PrimaryKeyConstraint(key, "slug", name=op.f(f"pk_{name}")),
        )
        op.create_index(f"ix_{name}_slug", name, ["slug", key])
    vocabulary = sa.table("help_kinds", sa.column("slug", sa.String), sa.column("position", sa.Integer))
    op.bulk_insert(vocabulary, [{"slug": s, "position": i} for i, s in enumerate(HELP_KINDS)])


def downgrade():
    for owner, _key in OWNERS:
        op.drop_table(f"{owner}_help_kinds")
    op.drop_table("help_kinds")
