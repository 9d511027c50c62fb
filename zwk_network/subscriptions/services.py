"""Subscribing without an account: double opt-in, change, end; unconfirmed ones expire."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from ..email_address import InvalidEmail, normalised_email
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..geo.geojson import point_coordinates, to_geometry
from ..links import site_url
from ..mail import queue_mail
from ..registry.models import Initiative
from ..timeutil import utcnow
from .filters import describe_filter, filter_hash, normalise_filter
from .models import Frequency, Subscription, SubscriptionDelivery, SubscriptionMail
from .tokens import confirm_token, manage_token

FREQUENCY_LABELS = {
    Frequency.IMMEDIATE.value: "sofort",
    Frequency.DAILY.value: "täglich",
    Frequency.WEEKLY.value: "wöchentlich",
}


def email_hash(address: str) -> str:
    """A keyed hash of the stored form of an address: lookups and dedupe without reading addresses."""
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"zwk-subscription-email", "sha256").digest()
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()


def checked_frequency(value: str) -> str:
    if value not in FREQUENCY_LABELS:
        raise InvalidInput({"frequency": _("Bitte „sofort“, „täglich“ oder „wöchentlich“ wählen.")})
    return value


def subscribe(
    address: str, normalised: dict, frequency: str, initiative_id: int | None = None
) -> Subscription:
    """Store an unconfirmed subscription (or find the one this address has for this filter) and
    queue the mail that confirms it; a confirmed one gets its manage link instead. The page says
    the same either way, so nobody learns from it what someone else subscribed to."""
    try:
        address = normalised_email(address)
    except InvalidEmail as error:
        raise InvalidInput({"email": str(error)}) from None
    frequency = checked_frequency(frequency)
    hashed = email_hash(address)
    digest = filter_hash(normalised)
    subscription = db.session.scalar(
        select(Subscription).where(Subscription.email_hash == hashed, Subscription.filter_hash == digest)
    )
    if subscription is None:
        subscription = Subscription(
            email=address,
            email_hash=hashed,
            filter=normalised,
            filter_hash=digest,
            frequency=frequency,
            initiative_id=initiative_id,
            key=secrets.token_hex(16),
            created_at=utcnow(),
        )
        db.session.add(subscription)
        db.session.flush()
    elif subscription.confirmed_at is None:
        subscription.frequency = frequency
    if subscription.confirmed_at is None:
        link = site_url("subscriptions.confirm", token=confirm_token(subscription))
        queue_mail(
            address,
            "subscription_confirm",
            subscription=subscription,
            link=link,
            days=current_app.config["SUBSCRIPTION_CONFIRM_DAYS"],
            **mail_context(subscription),
        )
    else:
        queue_mail(address, "subscription_exists", subscription=subscription, **mail_context(subscription))
    return subscription


def mail_context(subscription: Subscription) -> dict:
    """What every mail of a subscription says about it: the filter, how often, its private links."""
    token = manage_token(subscription)
    return {
        "filter_lines": describe_filter(subscription.filter, in_mail=True),
        "frequency_label": FREQUENCY_LABELS[subscription.frequency],
        "manage_link": site_url("subscriptions.manage", token=token),
        "unsubscribe_link": site_url("subscriptions.unsubscribe", token=token),
    }


def list_unsubscribe_headers(subscription: Subscription) -> tuple[tuple[str, str], ...]:
    """RFC 2369 and RFC 8058: mail programs show an „Abbestellen“ button that POSTs to the link."""
    link = site_url("subscriptions.one_click", token=manage_token(subscription))
    return (("List-Unsubscribe", f"<{link}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))


def confirm_subscription(subscription: Subscription) -> Subscription:
    """Confirm (again: nothing changes); digests start with what changes from now on."""
    if subscription.confirmed_at is None:
        now = utcnow()
        subscription.confirmed_at = now
        subscription.considered_until = now
    return subscription


def change_subscription(subscription: Subscription, frequency: str) -> Subscription:
    subscription.frequency = checked_frequency(frequency)
    return subscription


def end_subscription(subscription: Subscription) -> None:
    """Delete the subscription with its address and everything sent for it."""
    delete_subscriptions([subscription.id])


def delete_subscriptions(ids: list[int]) -> None:
    if not ids:
        return
    db.session.execute(delete(SubscriptionDelivery).where(SubscriptionDelivery.subscription_id.in_(ids)))
    db.session.execute(delete(SubscriptionMail).where(SubscriptionMail.subscription_id.in_(ids)))
    db.session.execute(delete(Subscription).where(Subscription.id.in_(ids)))
    db.session.expire_all()


def purge_unconfirmed() -> int:
    """Delete subscriptions not confirmed within SUBSCRIPTION_UNCONFIRMED_DAYS; how many."""
    cutoff = utcnow() - timedelta(days=current_app.config["SUBSCRIPTION_UNCONFIRMED_DAYS"])
    ids = list(
        db.session.scalars(
            select(Subscription.id).where(
                Subscription.confirmed_at.is_(None), Subscription.created_at < cutoff
            )
        )
    )
    delete_subscriptions(ids)
    return len(ids)


def nearby_needs_filter(initiative: Initiative) -> dict:
    """„Bedarfe in meiner Nähe“: needs within the initiative's service radius (or the default)."""
    lon, lat = point_coordinates(to_geometry(initiative.location))
    radius = initiative.service_radius_km or current_app.config["SUBSCRIPTION_NEARBY_KM"]
    args = {"type": "need", "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "radius_km": f"{min(radius, 300):g}"}
    return normalise_filter(MultiDict(args))


def subscriptions_of_initiative(initiative_id: int) -> list[Subscription]:
    return list(
        db.session.scalars(
            select(Subscription).where(Subscription.initiative_id == initiative_id).order_by(Subscription.id)
        )
    )


def get_initiative(entry_id: int) -> Initiative:
    initiative = db.session.get(Initiative, entry_id)
    if initiative is None:
        raise NotFound(f"Initiative {entry_id}")
    return initiative
