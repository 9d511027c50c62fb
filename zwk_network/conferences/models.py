"""Conference: a Regionalkonferenz or kick-off of a Kommune, with date, time, region and venue."""

from datetime import date, time

from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..geo.dialect import SRID
from ..municipalities.models import Kommune, Region
from ..registry.models import MeetingPlace


class Conference(db.Model):
    __tablename__ = "conferences"
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(80), default="Regionalkonferenz")
    round: Mapped[int] = mapped_column(default=1)
    year: Mapped[int]
    date: Mapped[date | None]
    starts_at: Mapped[time | None]
    ends_at: Mapped[time | None]
    town: Mapped[str | None] = mapped_column(String(200))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_places.id"))
    venue_name: Mapped[str | None] = mapped_column(String(200))
    venue_address: Mapped[str | None] = mapped_column(String(300))
    location = mapped_column(Geometry("POINT", srid=SRID, spatial_index=True))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    registration: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None]  # places for online registration; None: no limit
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
