"""A registration for a conference."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..conferences.models import Conference
from ..extensions import db
from ..timeutil import utcnow


class RegistrationStatus(StrEnum):
    CONFIRMED = "bestaetigt"
    WAITING = "warteliste"
    CANCELLED = "storniert"


_STATUS_VALUES = ", ".join(f"'{s.value}'" for s in RegistrationStatus)
#: Registrations that hold a place or a spot on the waiting list (a cancelled one frees the address).
ACTIVE = text(f"status != '{RegistrationStatus.CANCELLED.value}'")


class Registration(db.Model):
    __tablename__ = "conference_registrations"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_VALUES})", name="status"),
        # One active registration per address (stored normalised, see services.normalised_email).
        Index(
            "uq_conference_registrations_active_email",
            "conference_id",
            "email",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=RegistrationStatus.CONFIRMED.value, index=True)
    cancel_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]

    conference: Mapped[Conference] = relationship()
