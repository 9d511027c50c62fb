"""staff area: the introduction e-mail's text on its connection; deleted entries' history scrubbed

An entry deleted before this revision left its earlier audit lines with what it said (name,
summary, opening times in the changes, reasons in the notes). As for deletions from now on
(audit.services.forget_history), those lines keep only who did what and when.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 17:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SCRUB_DELETED_HISTORY = """
UPDATE audit_log SET changes = '{}', note = ''
WHERE entry_type IN ('initiative', 'place') AND entry_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM audit_log AS deletion
    WHERE deletion.action = 'gelöscht'
      AND deletion.entry_type = audit_log.entry_type
      AND deletion.entry_id = audit_log.entry_id
      AND deletion.id > audit_log.id
)
"""


def upgrade():
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("introduction_text", sa.Text(), server_default="", nullable=False))
    op.execute(SCRUB_DELETED_HISTORY)


def downgrade():
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.drop_column("introduction_text")
