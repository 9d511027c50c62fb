"""The links of a subscription: signed with SECRET_KEY (itsdangerous), no token table.

A confirmation link expires (SUBSCRIPTION_CONFIRM_DAYS); the private manage link, which also
unsubscribes, does not. Each names the subscription and its random key, so a link outlives
nothing: once the subscription is deleted, no later one (which may get the same id) fits it."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from ..extensions import db
from .models import Subscription

_CONFIRM_SALT = "zwk-subscription-confirm"
_MANAGE_SALT = "zwk-subscription-manage"
MAX_TOKEN_CHARS = 200


def confirm_token(subscription: Subscription) -> str:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_CONFIRM_SALT).dumps(
        _payload(subscription)
    )


def manage_token(subscription: Subscription) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_MANAGE_SALT).dumps(
        _payload(subscription)
    )


def subscription_for_confirm_token(token: str) -> Subscription | None:
    """The subscription a valid, unexpired confirmation link names; None otherwise."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    max_age = current_app.config["SUBSCRIPTION_CONFIRM_DAYS"] * 24 * 3600
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_CONFIRM_SALT)
    try:
        data = serializer.loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    return _subscription(data)


def subscription_for_manage_token(token: str) -> Subscription | None:
    """The subscription a valid manage link names; None otherwise (and once it is deleted)."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_MANAGE_SALT).loads(token)
    except BadSignature:
        return None
    return _subscription(data)


def _payload(subscription: Subscription) -> dict:
    return {"s": subscription.id, "k": subscription.key}


def _subscription(data) -> Subscription | None:
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("k"), str):
        return None
    subscription = db.session.get(Subscription, data["s"])
    if subscription is None or subscription.key != data["k"]:
        return None
    return subscription
