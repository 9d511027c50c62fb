"""Need: what residents said is missing, with its themes, target groups and area."""

from datetime import datetime
from enum import StrEnum

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..conferences.models import Conference
from ..extensions import db
from ..geo.dialect import SRID
from ..municipalities.models import Kommune, Region
from ..taxonomy.models import HelpKind, TaggedMixin, TargetGroup, Theme, tag_table
from ..timeutil import utcnow


class NeedStatus(StrEnum):
    OPEN = "offen"
    IN_PROGRESS = "in_bearbeitung"
    DONE = "erledigt"


class NeedPriority(StrEnum):
    HIGH = "hoch"
    MEDIUM = "mittel"
    LOW = "niedrig"


need_themes = tag_table("needs", "need_id", "themes")
need_target_groups = tag_table("needs", "need_id", "target_groups")
need_help_kinds = tag_table("needs", "need_id", "help_kinds")

_STATUS_VALUES = ", ".join(f"'{s.value}'" for s in NeedStatus)
_PRIORITY_VALUES = ", ".join(f"'{p.value}'" for p in NeedPriority)


class Need(TaggedMixin, db.Model):
    """A Handlungsbedarf. Its area is its region, its own geometry (point or polygon), or both."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_VALUES})", name="status"),
        CheckConstraint(f"priority IN ({_PRIORITY_VALUES})", name="priority"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    area = mapped_column(Geometry("GEOMETRY", srid=SRID, spatial_index=True))
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id"))
    priority: Mapped[str] = mapped_column(String(20), default=NeedPriority.MEDIUM.value)
    status: Mapped[str] = mapped_column(String(20), default=NeedStatus.OPEN.value, index=True)
    source: Mapped[str] = mapped_column(Text, default="")
    #: The planners' note: never public (no page, API, export, search index, feed or matching reason).
    internal_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    kommune: Mapped[Kommune] = relationship()
    region: Mapped[Region | None] = relationship()
    conference: Mapped[Conference | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=need_themes)
    target_groups: Mapped[list[TargetGroup]] = relationship(secondary=need_target_groups)
    help_kinds: Mapped[list[HelpKind]] = relationship(secondary=need_help_kinds)

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.title!r}>"
