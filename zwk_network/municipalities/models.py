"""Kommune, Region, GazetteerPlace and ProjectPhase."""

from datetime import date

from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..geo.dialect import SRID


class Kommune(db.Model):
    """A participating municipality, district or town alliance."""

    __tablename__ = "kommunen"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")

    regions: Mapped[list["Region"]] = relationship(back_populates="kommune", order_by="Region.name")
    phases: Mapped[list["ProjectPhase"]] = relationship(
        back_populates="kommune", order_by="ProjectPhase.position"
    )

    def __repr__(self) -> str:
        return f"<Kommune {self.slug}>"


class Region(db.Model):
    """A part of a Kommune; its boundary decides which region an entry belongs to."""

    __tablename__ = "regions"
    __table_args__ = (UniqueConstraint("kommune_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    boundary = mapped_column(Geometry("MULTIPOLYGON", srid=SRID, spatial_index=True))
    boundary_is_approximate: Mapped[bool] = mapped_column(default=True)
    boundary_source: Mapped[str] = mapped_column(Text, default="")

    kommune: Mapped[Kommune] = relationship(back_populates="regions")

    def __repr__(self) -> str:
        return f"<Region {self.slug}>"


class GazetteerPlace(db.Model):
    """A town, Gemeinde or Ortsteil: resolves place names and postcodes to points; its region is
    derived from the point. `name_key` is the folded name the look-up compares (places/gazetteer.py)."""

    __tablename__ = "gazetteer_places"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_key: Mapped[str] = mapped_column(String(200), index=True, default="", server_default="")
    kind: Mapped[str] = mapped_column(String(40), default="Gemeinde")
    #: The Gemeinde an Ortsteil belongs to (a Gemeinde names itself), to tell same-named villages apart.
    gemeinde: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))  # the main one
    #: Every postcode of the place, space-separated (a town can have several).
    postcodes: Mapped[str] = mapped_column(String(200), default="", server_default="")
    source: Mapped[str] = mapped_column(Text, default="", server_default="")
    location = mapped_column(Geometry("POINT", srid=SRID, spatial_index=True), nullable=False)
    location_is_approximate: Mapped[bool] = mapped_column(default=True)
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)

    kommune: Mapped[Kommune | None] = relationship()
    region: Mapped[Region | None] = relationship()

    def __repr__(self) -> str:
        return f"<GazetteerPlace {self.name}>"


@event.listens_for(GazetteerPlace, "before_insert")
@event.listens_for(GazetteerPlace, "before_update")
def _fold_name(_mapper, _connection, place: GazetteerPlace) -> None:
    from .gazetteer import place_key

    place.name_key = place_key(place.name)
    if place.postcode and place.postcode not in (place.postcodes or "").split():
        place.postcodes = " ".join(filter(None, [place.postcode, place.postcodes or ""]))


class ProjectPhase(db.Model):
    """One part of a Kommune's Zukunftswerkstatt process (kick-off, profile, workshop …)."""

    __tablename__ = "project_phases"
    __table_args__ = (UniqueConstraint("kommune_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]

    kommune: Mapped[Kommune] = relationship(back_populates="phases")
