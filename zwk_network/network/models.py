"""A connection between a need and an initiative or meeting place, as the planner records it."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..declared_columns import columns_of
from ..extensions import db
from ..needs.models import Need
from ..timeutil import utcnow
from .schema import ACTIVE_STATES, CONNECTION, ConnectionStatus

__all__ = ["ACTIVE_STATES", "Connection", "ConnectionStatus"]  # the states live in schema.py
_STATUS_VALUES = ", ".join(f"'{status.value}'" for status in ConnectionStatus)


class Connection(columns_of(CONNECTION), db.Model):
    """The columns of its declared fields (state, notes, dates) come from schema.py."""

    __tablename__ = "connections"
    __table_args__ = (
        UniqueConstraint("need_id", "entry_type", "entry_id", name="need_entry"),
        CheckConstraint(f"status IN ({_STATUS_VALUES})", name="status"),
        Index("ix_connections_entry", "entry_type", "entry_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    entry_type: Mapped[str] = mapped_column(String(20))  # "initiative" or "place"
    entry_id: Mapped[int | None]  # None once the entry deleted itself: the connection stays as a record
    entry_name: Mapped[str] = mapped_column(String(200), default="", server_default="")  # kept from then
    score: Mapped[float | None]  # the match score when it was confirmed
    introduced_at: Mapped[datetime | None]  # when the introduction e-mail went out
    #: The introduction as sent, "Betreff: …", a blank line, the text (the planner may have edited it).
    introduction_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    need: Mapped[Need] = relationship()
