"""One line of the audit log. Entries are referred to by type and id, so a line outlives
the entry it is about (a deletion stays on record, without the deleted personal data)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..timeutil import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entry", "entry_type", "entry_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(200))  # "Anna Planer <anna@…>", "Bearbeitungslink", "System"
    action: Mapped[str] = mapped_column(String(40))
    entry_type: Mapped[str | None] = mapped_column(String(20))
    entry_id: Mapped[int | None]
    entry_name: Mapped[str] = mapped_column(String(200), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> [before, after]
    note: Mapped[str] = mapped_column(String(1000), default="")

    user: Mapped[User | None] = relationship()
