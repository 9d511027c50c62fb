"""Writing and reading the audit log."""

from flask_login import current_user
from sqlalchemy import func, select, update

from ..extensions import db
from .models import AuditEntry

#: Who acted, when no one is signed in.
EDIT_LINK = "Bearbeitungslink"
PUBLIC = "Öffentliches Formular"
SYSTEM = "System"


def record(
    action: str,
    entry_type: str | None,
    entry,
    changes: dict | None = None,
    note: str = "",
    actor: str | None = None,
) -> AuditEntry:
    """One line of the log, in the caller's transaction (it commits with the change it records)."""
    user = current_user if _signed_in() else None
    line = AuditEntry(
        user_id=user.id if user else None,
        actor=actor or (f"{user.name or user.email} <{user.email}>" if user else SYSTEM),
        action=action,
        entry_type=entry_type,
        entry_id=entry.id if entry is not None else None,
        entry_name=(getattr(entry, "name", "") or "")[:200] if entry is not None else "",
        changes=changes or {},
        note=note[:1000],
    )
    db.session.add(line)
    return line


def forget_history(entry_type: str, entry_id: int) -> None:
    """An entry is deleted: its earlier lines keep who did what and when, not what it said
    (changes and notes go); the deletion's own line (recorded next) says only that it happened."""
    db.session.execute(
        update(AuditEntry)
        .where(AuditEntry.entry_type == entry_type, AuditEntry.entry_id == entry_id)
        .values(changes={}, note="")
    )


def audit_page(
    page: int, per_page: int = 50, entry_type: str | None = None, entry_id: int | None = None, scope=None
):
    """One page of the log, newest first; `scope` (a filter on AuditEntry) limits it to what the
    reader may see (moderation.services.audit_scope)."""
    query = select(AuditEntry)
    if scope is not None:
        query = query.where(scope)
    if entry_type:
        query = query.where(AuditEntry.entry_type == entry_type)
    if entry_id:
        query = query.where(AuditEntry.entry_id == entry_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    lines = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(lines), total


def all_audit_lines() -> list[AuditEntry]:
    """Every line of the audit log, newest first (the CSV download)."""
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))


def _signed_in() -> bool:
    try:
        return bool(current_user) and current_user.is_authenticated
    except (AttributeError, RuntimeError):  # no request (CLI)
        return False
