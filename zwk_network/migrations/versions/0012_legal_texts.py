"""legal texts: Impressum, privacy notice, accessibility statement, Leichte Sprache, DGS per installation and Kommune

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 15:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "legal_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=40), nullable=False),
        sa.Column("kommune_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["kommune_id"], ["kommunen.id"], name=op.f("fk_legal_texts_kommune_id_kommunen"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_legal_texts_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_texts")),
        sa.UniqueConstraint("page", "kommune_id", "language", name=op.f("uq_legal_texts_page")),
    )
    op.create_index("uq_legal_texts_installation", "legal_texts", ["page", "language"], unique=True,
                    sqlite_where=sa.text("kommune_id IS NULL"), postgresql_where=sa.text("kommune_id IS NULL"))


def downgrade():
    op.drop_index("uq_legal_texts_installation", table_name="legal_texts")
    op.drop_table("legal_texts")
