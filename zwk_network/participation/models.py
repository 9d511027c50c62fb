"""A resident's contribution and the „Betrifft mich auch“ signals.

The columns of its declared fields (participation/schema.py) are derived from the declaration."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..conferences.models import Conference
from ..declared_columns import columns_of
from ..extensions import db
from ..measures.models import Measure
from ..municipalities.models import GazetteerPlace, Kommune, Region
from ..needs.models import Need
from ..timeutil import utcnow
from .labels import ContributionKind, ContributionStatus
from .schema import CONTRIBUTION

_KINDS = ", ".join(f"'{kind.value}'" for kind in ContributionKind)
_STATES = ", ".join(f"'{status.value}'" for status in ContributionStatus)
SUPPORT_TARGETS = ("contribution", "need")

#: The needs a contribution answers (set by planners; merging or turning into a need adds one).
contribution_needs = Table(
    "contribution_needs",
    db.metadata,
    Column("contribution_id", ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True, index=True),
)
#: The measures that take a contribution up (set by planners; turning it into a measure adds one).
contribution_measures = Table(
    "contribution_measures",
    db.metadata,
    Column("contribution_id", ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Contribution(columns_of(CONTRIBUTION), db.Model):
    """An idea, a need, a remark or an offer to help, sent through /mitmachen without an account."""

    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KINDS})", name="kind"),
        CheckConstraint(f"status IN ({_STATES})", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    gazetteer_place_id: Mapped[int | None] = mapped_column(ForeignKey("gazetteer_places.id"))
    lon: Mapped[float | None]
    lat: Mapped[float | None]
    #: The need it was merged into or became.
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"), index=True)
    #: The conference where it was raised (planners enter ideas collected there).
    conference_id: Mapped[int | None] = mapped_column(
        ForeignKey("conferences.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[datetime | None]

    kommune: Mapped[Kommune] = relationship()
    region: Mapped[Region | None] = relationship()
    gazetteer_place: Mapped[GazetteerPlace | None] = relationship()
    need: Mapped[Need | None] = relationship()
    conference: Mapped[Conference | None] = relationship()
    needs: Mapped[list[Need]] = relationship(secondary=contribution_needs, order_by=Need.title)
    measures: Mapped[list[Measure]] = relationship(secondary=contribution_measures, order_by=Measure.title)

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.kind} {self.status}>"


class Support(db.Model):
    """One browser's „Betrifft mich auch“ for a published contribution or a need: the browser's
    random token is stored only as a keyed hash, and counts once per target."""

    __tablename__ = "supports"
    __table_args__ = (
        CheckConstraint("target_type IN ('contribution', 'need')", name="target_type"),
        UniqueConstraint("target_type", "target_id", "browser_hash", name="uq_supports_once"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(index=True)
    browser_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
