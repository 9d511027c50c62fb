"""one active registration per e-mail address and conference

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 11:30:00.000000

Simultaneous registrations could store the same address several times. Before the unique
index is created, such duplicates are cancelled (not deleted): of each set the registration
that holds a place, else the earliest, stays. Waiting registrations are not moved up here;
the planners' list shows any place this frees.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ACTIVE = "status != 'storniert'"


def upgrade():
    op.execute(f"""
        UPDATE conference_registrations SET status = 'storniert', cancelled_at = CURRENT_TIMESTAMP
        WHERE {ACTIVE} AND EXISTS (
            SELECT 1 FROM conference_registrations AS better
            WHERE better.conference_id = conference_registrations.conference_id
              AND better.email = conference_registrations.email
              AND better.{ACTIVE}
              AND ((better.status = 'bestaetigt' AND conference_registrations.status = 'warteliste')
                   OR (better.status = conference_registrations.status
                       AND (better.created_at < conference_registrations.created_at
                            OR (better.created_at = conference_registrations.created_at
                                AND better.id < conference_registrations.id))))
        )
    """)
    op.create_index('uq_conference_registrations_active_email', 'conference_registrations',
                    ['conference_id', 'email'], unique=True,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))


def downgrade():
    op.drop_index('uq_conference_registrations_active_email', table_name='conference_registrations')
