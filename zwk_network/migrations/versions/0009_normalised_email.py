"""e-mail addresses in their normalised form: NFC, lower case, IDNA domain

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00.000000

Addresses were stored stripped and in lower case only, so `dup@exämple.org` and
`dup@xn--exmple-cua.org` (or an NFC and an NFD spelling) were different addresses, and the
unique index of 0006 let one person register twice. Now every address is stored as
zwk_network/email_address.py normalises it; this brings stored addresses into that form.

Registrations that become duplicates of one another are cancelled (not deleted) as 0006 did:
of each set the one holding a place, else the earliest, stays. An account whose address would
become that of another account keeps its address (and is named in the log). An address that
cannot be normalised (a part before the @ that is not ASCII, accepted before) keeps its
letters: NFC, lower case, its domain IDNA-encoded where possible. Downgrade changes nothing back.

The normalisation is copied here (and not imported) so that this migration keeps doing what it
did when the code changes.
"""
import logging
import unicodedata

import idna
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
RANK = {"bestaetigt": 0, "warteliste": 1}


def normalised(address):
    if address is None:
        return None
    text = unicodedata.normalize("NFC", address.strip())
    local, at, domain = text.rpartition("@")
    if at and domain:
        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            domain = domain.lower()
        return f"{local.lower()}@{domain}"
    return text.lower()


def upgrade():
    connection = op.get_bind()
    _registrations(connection)
    for table in ("initiatives", "meeting_places"):
        for column in ("email", "submitter_email"):
            _simple(connection, table, column)
    _users(connection)


def _registrations(connection):
    table = sa.table("conference_registrations", sa.column("id"), sa.column("conference_id"),
                     sa.column("email"), sa.column("status"), sa.column("created_at"),
                     sa.column("cancelled_at"))
    rows = connection.execute(sa.select(table.c.id, table.c.conference_id, table.c.email, table.c.status,
                                        table.c.created_at)).all()
    active = {}
    for row in rows:
        if row.status in RANK:
            active.setdefault((row.conference_id, normalised(row.email)), []).append(row)
    cancelled = set()
    for group in active.values():
        group.sort(key=lambda row: (RANK[row.status], row.created_at, row.id))
        cancelled.update(row.id for row in group[1:])
    if cancelled:
        connection.execute(table.update().where(table.c.id.in_(sorted(cancelled)))
                           .values(status="storniert", cancelled_at=sa.func.current_timestamp()))
        log.info("cancelled %d registrations that repeat an address in another spelling", len(cancelled))
    for row in rows:  # the duplicates are cancelled now: the unique index allows every update
        if normalised(row.email) != row.email:
            connection.execute(table.update().where(table.c.id == row.id).values(email=normalised(row.email)))


def _simple(connection, name, column):
    table = sa.table(name, sa.column("id"), sa.column(column))
    for id_, address in connection.execute(sa.select(table.c.id, table.c[column])).all():
        if address is not None and normalised(address) != address:
            connection.execute(table.update().where(table.c.id == id_).values({column: normalised(address)}))


def _users(connection):
    table = sa.table("users", sa.column("id"), sa.column("email"))
    rows = connection.execute(sa.select(table.c.id, table.c.email)).all()
    taken = {address.lower() for _id, address in rows}
    for id_, address in rows:
        new = normalised(address)
        if new == address:
            continue
        if new in taken and new != address.lower():
            log.warning("account %s keeps its address: its normalised form belongs to another account", id_)
            continue
        connection.execute(table.update().where(table.c.id == id_).values(email=new))
        taken.add(new)


def downgrade():
    pass
