"""Subscriptions, the mails sent for them, what each mail held, and the changes seen in the index."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow


class Frequency(StrEnum):
    IMMEDIATE = "sofort"
    DAILY = "taeglich"
    WEEKLY = "woechentlich"


FREQUENCY_VALUES = ", ".join(f"'{value.value}'" for value in Frequency)


class Subscription(db.Model):
    """An address that wants to hear of new and changed public entries matching a filter.

    The address is kept only to send to; lookups and the one-subscription-per-address-and-filter
    rule use its keyed hash. Unsubscribing deletes the row and everything that hangs on it."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint(f"frequency IN ({FREQUENCY_VALUES})", name="frequency"),
        UniqueConstraint("email_hash", "filter_hash", name="uq_subscriptions_email_hash_filter"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    #: The search filter, normalised (filters.normalise_filter): parameter -> value(s).
    filter: Mapped[dict] = mapped_column(JSON)
    filter_hash: Mapped[str] = mapped_column(String(64))
    frequency: Mapped[str] = mapped_column(String(20), default=Frequency.DAILY.value)
    #: „Bedarfe in meiner Nähe“: the initiative whose edit page made it (its reasons are told).
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    #: Random; part of every link, so that a link of a deleted subscription never fits a new one.
    key: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(index=True)
    #: Changes seen up to here were considered for this subscription (the next digest starts here).
    considered_until: Mapped[datetime | None]
    last_mail_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Subscription {self.id} {self.frequency}>"


class SubscriptionMail(db.Model):
    """One digest: written (with its deliveries) before it is sent, marked sent after."""

    __tablename__ = "subscription_mails"
    __table_args__ = (UniqueConstraint("subscription_id", "number", name="uq_subscription_mails_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    number: Mapped[int]  # the subscription's first, second … mail: part of its Message-ID
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)

    subscription: Mapped[Subscription] = relationship()
    deliveries: Mapped[list["SubscriptionDelivery"]] = relationship(
        order_by="SubscriptionDelivery.id", cascade="all, delete-orphan", passive_deletes=True
    )


class SubscriptionDelivery(db.Model):
    """An entry, in one version, told to one subscription: never twice (the unique constraint)."""

    __tablename__ = "subscription_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "entry_key", "version", name="uq_subscription_deliveries_item"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    mail_id: Mapped[int] = mapped_column(ForeignKey("subscription_mails.id", ondelete="CASCADE"), index=True)
    entry_key: Mapped[str] = mapped_column(String(40))  # "need:12", the search document's key
    version: Mapped[str] = mapped_column(String(32))
    is_new: Mapped[bool] = mapped_column(default=True)


class EntryChange(db.Model):
    """The public entries as the last `flask notify` run saw them in the index: when each was first
    seen in its current version. New keys and new versions are what digests and feeds tell."""

    __tablename__ = "entry_changes"
    __table_args__ = (Index("ix_entry_changes_changed_at", "changed_at"),)
    entry_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
