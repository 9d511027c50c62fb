"""subscriptions: filters with a confirmed address, the digests sent, what each told, changes seen

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 20:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "entry_changes",
        sa.Column("entry_key", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entry_key", name=op.f("pk_entry_changes")),
    )
    with op.batch_alter_table("entry_changes", schema=None) as batch_op:
        batch_op.create_index("ix_entry_changes_changed_at", ["changed_at"], unique=False)

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("filter", sa.JSON(), nullable=False),
        sa.Column("filter_hash", sa.String(length=64), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("considered_until", sa.DateTime(), nullable=True),
        sa.Column("last_mail_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "frequency IN ('sofort', 'taeglich', 'woechentlich')", name=op.f("ck_subscriptions_frequency")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_subscriptions_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("email_hash", "filter_hash", name="uq_subscriptions_email_hash_filter"),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscriptions_confirmed_at"), ["confirmed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_subscriptions_email_hash"), ["email_hash"], unique=False)

    op.create_table(
        "subscription_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_subscription_mails_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_mails")),
        sa.UniqueConstraint("subscription_id", "number", name="uq_subscription_mails_number"),
    )
    with op.batch_alter_table("subscription_mails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscription_mails_sent_at"), ["sent_at"], unique=False)

    op.create_table(
        "subscription_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["subscription_mails.id"],
            name=op.f("fk_subscription_deliveries_mail_id_subscription_mails"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_subscription_deliveries_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_deliveries")),
        sa.UniqueConstraint(
            "subscription_id", "entry_key", "version", name="uq_subscription_deliveries_item"
        ),
    )
    with op.batch_alter_table("subscription_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscription_deliveries_mail_id"), ["mail_id"], unique=False)


def downgrade():
    with op.batch_alter_table("subscription_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscription_deliveries_mail_id"))

    op.drop_table("subscription_deliveries")
    with op.batch_alter_table("subscription_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscription_mails_sent_at"))

    op.drop_table("subscription_mails")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscriptions_email_hash"))
        batch_op.drop_index(batch_op.f("ix_subscriptions_confirmed_at"))

    op.drop_table("subscriptions")
    with op.batch_alter_table("entry_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_changes_changed_at")

    op.drop_table("entry_changes")
