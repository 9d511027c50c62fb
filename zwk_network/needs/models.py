"""Need: what residents said is missing, with its themes, target groups and area.

The columns of its declared fields (needs/schema.py) are derived from the declaration
(declared_columns.columns_of); here is what no form or import states as a plain value.
"""

from datetime import datetime

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..conferences.models import Conference
from ..declared_columns import columns_of
from ..extensions import db
from ..geo.dialect import SRID
from ..municipalities.models import Kommune, Region
from ..taxonomy.models import HelpKind, TaggedMixin, TargetGroup, Theme, tag_table
from ..timeutil import utcnow
from .labels import NeedPriority, NeedStatus
from .schema import NEED

__all__ = ["Need", "NeedPriority", "NeedStatus"]  # the states live in labels.py, beside their labels

need_themes = tag_table("needs", "need_id", "themes")
need_target_groups = tag_table("needs", "need_id", "target_groups")
need_help_kinds = tag_table("needs", "need_id", "help_kinds")

_STATUS_VALUES = ", ".join(f"'{s.value}'" for s in NeedStatus)
_PRIORITY_VALUES = ", ".join(f"'{p.value}'" for p in NeedPriority)


class Need(columns_of(NEED), TaggedMixin, db.Model):
    """A Handlungsbedarf. Its area is its region, its own geometry (point or polygon), or both."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_VALUES})", name="status"),
        CheckConstraint(f"priority IN ({_PRIORITY_VALUES})", name="priority"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    area = mapped_column(Geometry("GEOMETRY", srid=SRID, spatial_index=True))
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id"))
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
