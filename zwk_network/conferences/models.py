"""Conference: a Regionalkonferenz or kick-off of a Kommune, with date, time, region and venue."""

from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..declared_columns import columns_of
from ..extensions import db
from ..geo.dialect import SRID
from ..municipalities.models import Kommune, Region
from ..registry.models import MeetingPlace
from .schema import CONFERENCE


class Conference(columns_of(CONFERENCE), db.Model):
    """The columns of what a planner writes (conferences/schema.py) come from its declaration."""

    __tablename__ = "conferences"
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    year: Mapped[int]
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_places.id"))
    location = mapped_column(Geometry("POINT", srid=SRID, spatial_index=True))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    registration: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")

    kommune: Mapped[Kommune] = relationship()
    region: Mapped[Region | None] = relationship()
    venue: Mapped[MeetingPlace | None] = relationship()

    @property
    def display_venue(self) -> str | None:
        if self.venue is not None and self.venue.is_public:
            return self.venue.name
        return self.venue_name

    def __repr__(self) -> str:
        return f"<Conference {self.id} {self.title!r}>"
