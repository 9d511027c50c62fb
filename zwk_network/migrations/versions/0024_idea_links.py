"""idea links: the needs a resident's contribution answers, the measures that take it up, the
conference it was raised at; a contribution can become a measure (state 'massnahme')

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01 23:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

OLD_STATES = "status IN ('neu', 'veroeffentlicht', 'zusammengefuehrt', 'bedarf', 'beantwortet', 'abgelehnt')"
NEW_STATES = "status IN ('neu', 'veroeffentlicht', 'zusammengefuehrt', 'bedarf', 'massnahme', 'beantwortet', 'abgelehnt')"


def upgrade():
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_contributions_status"), type_="check")
        batch_op.create_check_constraint("status", NEW_STATES)
        batch_op.add_column(sa.Column("conference_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_contributions_conference_id_conferences"),
            "conferences",
            ["conference_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_contributions_conference_id"), ["conference_id"], unique=False)
    op.create_table(
        "contribution_needs",
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_contribution_needs_contribution_id_contributions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_contribution_needs_need_id_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("contribution_id", "need_id", name=op.f("pk_contribution_needs")),
    )
    op.create_index(op.f("ix_contribution_needs_need_id"), "contribution_needs", ["need_id"], unique=False)
    op.create_table(
        "contribution_measures",
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_contribution_measures_contribution_id_contributions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_contribution_measures_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contribution_id", "measure_id", name=op.f("pk_contribution_measures")),
    )
    op.create_index(
        op.f("ix_contribution_measures_measure_id"), "contribution_measures", ["measure_id"], unique=False
    )


def downgrade():
    op.drop_table("contribution_measures")
    op.drop_table("contribution_needs")
    op.execute("UPDATE contributions SET status = 'veroeffentlicht' WHERE status = 'massnahme'")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_conference_id"))
        batch_op.drop_constraint(batch_op.f("fk_contributions_conference_id_conferences"), type_="foreignkey")
        batch_op.drop_column("conference_id")
        batch_op.drop_constraint(batch_op.f("ck_contributions_status"), type_="check")
        batch_op.create_check_constraint("status", OLD_STATES)
