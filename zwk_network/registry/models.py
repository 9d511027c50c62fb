"""Initiative and MeetingPlace share their location, contact and moderation parts.

The columns of their declared fields (registry/schema.py) are derived from the declaration
(declared_columns.columns_of); the mixins here hold what no form or import states: the point and
what is derived from it, the consent-aware contact reading, the review state and timestamps.
"""

from datetime import datetime
from enum import StrEnum

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, and_, event
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..declared_columns import columns_of
from ..extensions import db
from ..geo.dialect import SRID
from ..taxonomy.models import HelpKind, TaggedMixin, TargetGroup, Theme, tag_table
from ..timeutil import utcnow
from .schema import CONTACT_PARTS, INITIATIVE, MEETING_PLACE


class ModerationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    ARCHIVED = "archived"


STATUS_VALUES = ", ".join(f"'{status.value}'" for status in ModerationStatus)


def publicly_visible(status: str, hidden_as_stale_at: datetime | None) -> bool:
    """THE rule of what the public may see of an initiative or meeting place: approved, and not
    hidden for being unconfirmed too long (moderation/freshness.py sets and clears that flag).
    ModeratedMixin.is_public (Python and SQL) and public_location_of() read it; nothing else decides."""
    return status == ModerationStatus.APPROVED.value and hidden_as_stale_at is None


class LocatedMixin:
    """A point with its derived Kommune, region and gazetteer town (the address is declared)."""

    location = mapped_column(Geometry("POINT", srid=SRID, spatial_index=True), nullable=False)
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    gazetteer_place_id: Mapped[int | None] = mapped_column(ForeignKey("gazetteer_places.id"))

    @declared_attr
    def kommune(cls):
        return relationship("Kommune")

    @declared_attr
    def region(cls):
        return relationship("Region")

    @declared_attr
    def gazetteer_place(cls):
        return relationship("GazetteerPlace")


class ContactMixin:
    """Reading the contact data (declared, each part with its publish_<part> consent flag)."""

    def public_contact(self) -> dict:
        """Only the contact data whose publication was agreed to."""
        return {
            part: getattr(self, part)
            for part in CONTACT_PARTS
            if getattr(self, f"publish_{part}") and getattr(self, part)
        }


class ModeratedMixin:
    """Review state, timestamps and the owner's address (provenance and the demo flag are declared)."""

    status: Mapped[str] = mapped_column(String(20), default=ModerationStatus.PENDING.value, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_confirmed_at: Mapped[datetime | None]
    #: Self-registration: where the edit link goes (never published), review and reminders.
    submitter_email: Mapped[str | None] = mapped_column(String(254), index=True)
    reviewed_at: Mapped[datetime | None]
    rejection_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    reminder_sent_at: Mapped[datetime | None]
    #: When `flask freshness` hid the entry for being unconfirmed too long (None: not hidden); the
    #: owner's confirmation (or a planner's approval) clears it. Nothing is deleted meanwhile.
    hidden_as_stale_at: Mapped[datetime | None]

    @hybrid_property
    def is_public(self) -> bool:
        """Whether the public may see the entry (publicly_visible); in a query, the same as SQL."""
        return publicly_visible(self.status, self.hidden_as_stale_at)

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return and_(cls.status == ModerationStatus.APPROVED.value, cls.hidden_as_stale_at.is_(None))

    def mark_confirmed(self, now: datetime) -> None:
        """Confirmed as current now (by its owner, or a planner's review): no reminder due, and
        shown again if it was hidden for being unconfirmed too long."""
        self.last_confirmed_at = now
        self.reminder_sent_at = None
        self.hidden_as_stale_at = None

    @property
    def confirmed_at(self) -> datetime | None:
        """When the entry was last confirmed as current (never confirmed: when it was created)."""
        return self.last_confirmed_at or self.created_at


class ListingMixin(LocatedMixin, ContactMixin, ModeratedMixin, TaggedMixin):
    """The parts an initiative and a meeting place have in common."""

    #: The location while the entry is public (approved, not hidden as stale), else NULL: its
    #: spatial index holds exactly what the public may see, so public radius queries need no
    #: per-row status check. Kept in step with status, flag and location by public_location_of().
    public_location = mapped_column(Geometry("POINT", srid=SRID, spatial_index=True))


initiative_themes = tag_table("initiatives", "initiative_id", "themes")
initiative_target_groups = tag_table("initiatives", "initiative_id", "target_groups")
meeting_place_themes = tag_table("meeting_places", "meeting_place_id", "themes")
meeting_place_target_groups = tag_table("meeting_places", "meeting_place_id", "target_groups")
initiative_help_kinds = tag_table("initiatives", "initiative_id", "help_kinds")
meeting_place_help_kinds = tag_table("meeting_places", "meeting_place_id", "help_kinds")


class Initiative(columns_of(INITIATIVE), ListingMixin, db.Model):
    """A club, initiative, parish, public body or company that acts locally."""

    __tablename__ = "initiatives"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),
        Index("ix_initiatives_status_name", "status", "name", "id"),  # the public list order
        Index("ix_initiatives_public", "status", "hidden_as_stale_at", "id"),  # is_public, index only
    )
    id: Mapped[int] = mapped_column(primary_key=True)

    themes: Mapped[list[Theme]] = relationship(secondary=initiative_themes)
    target_groups: Mapped[list[TargetGroup]] = relationship(secondary=initiative_target_groups)
    help_kinds: Mapped[list[HelpKind]] = relationship(secondary=initiative_help_kinds)

    def __repr__(self) -> str:
        return f"<Initiative {self.id} {self.name!r}>"


class MeetingPlace(columns_of(MEETING_PLACE), ListingMixin, db.Model):
    """A Begegnungsort: a house or room where people meet, possibly run by an initiative."""

    __tablename__ = "meeting_places"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),
        Index("ix_meeting_places_status_name", "status", "name", "id"),  # the public list order
        Index("ix_meeting_places_public", "status", "hidden_as_stale_at", "id"),  # is_public, index only
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="SET NULL"))

    operator: Mapped[Initiative | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=meeting_place_themes)
    target_groups: Mapped[list[TargetGroup]] = relationship(secondary=meeting_place_target_groups)
    help_kinds: Mapped[list[HelpKind]] = relationship(secondary=meeting_place_help_kinds)

    def __repr__(self) -> str:
        return f"<MeetingPlace {self.id} {self.name!r}>"


def public_location_of(status: str, location, hidden_as_stale_at: datetime | None = None):
    """What public_location must hold for an entry with this status, location and staleness flag."""
    return location if publicly_visible(status, hidden_as_stale_at) else None


@event.listens_for(Initiative, "before_insert")
@event.listens_for(Initiative, "before_update")
@event.listens_for(MeetingPlace, "before_insert")
@event.listens_for(MeetingPlace, "before_update")
def _keep_public_location_in_step(_mapper, _connection, entry) -> None:
    entry.public_location = public_location_of(entry.status, entry.location, entry.hidden_as_stale_at)


#: The declaration of each listing model.
SCHEMA_OF = {Initiative: INITIATIVE, MeetingPlace: MEETING_PLACE}
