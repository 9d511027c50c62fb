"""A measure for one or more needs, with a responsible initiative, partners and progress notes."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..declared_columns import columns_of
from ..extensions import db
from ..municipalities.models import Kommune
from ..needs.models import Need
from ..registry.models import Initiative
from ..timeutil import utcnow
from .schema import MEASURE, MeasureStatus

__all__ = ["Measure", "MeasureStatus", "ProgressNote"]  # the states live in schema.py, beside their labels

_STATUS_VALUES = ", ".join(f"'{s.value}'" for s in MeasureStatus)

measure_needs = Table(
    "measure_needs",
    db.metadata,
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)
measure_partners = Table(
    "measure_partners",
    db.metadata,
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
)


class Measure(columns_of(MEASURE), db.Model):
    """A measure for needs of a Kommune; the columns of its declared fields come from schema.py."""

    __tablename__ = "measures"
    __table_args__ = (CheckConstraint(f"status IN ({_STATUS_VALUES})", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    kommune: Mapped[Kommune] = relationship()
    responsible: Mapped[Initiative | None] = relationship()
    needs: Mapped[list[Need]] = relationship(secondary=measure_needs, order_by=Need.title)
    partners: Mapped[list[Initiative]] = relationship(secondary=measure_partners, order_by=Initiative.name)
    notes: Mapped[list["ProgressNote"]] = relationship(
        back_populates="measure", order_by="ProgressNote.noted_on", cascade="all, delete-orphan"
    )


class ProgressNote(db.Model):
    """A dated note on how a measure is going (internal: never on public pages)."""

    __tablename__ = "measure_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="notes")
