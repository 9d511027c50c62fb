"""Edit links (stored only as hashes) and proposed changes to published entries."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class EditToken(db.Model):
    """A private edit link's token: only its SHA-256 is stored."""

    __tablename__ = "edit_tokens"
    __table_args__ = (Index("ix_edit_tokens_entry", "entry_type", "entry_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_type: Mapped[str] = mapped_column(String(20))  # "initiative" or "place"
    entry_id: Mapped[int]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class RevisionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class Revision(db.Model):
    """A change to a published entry, waiting for review; the published version stays visible."""

    __tablename__ = "entry_revisions"
    __table_args__ = (Index("ix_entry_revisions_entry", "entry_type", "entry_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_type: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[int]
    data: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=RevisionStatus.PENDING.value, index=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
