"""Password links: signed, time-limited and good for one use (itsdangerous, no token table).

The token names the account and a fingerprint of its current password hash. Setting a password
changes the hash, so a link stops working once used, and every older link with it; a
deactivated account's links never work."""

import hashlib
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from .models import User

#: How long a link works: a forgotten password's one hour, a new account's first one three days.
VALID_SECONDS = {"reset": 3600, "invitation": 3 * 24 * 3600}
_SALT = "zwk-password-link"
#: Sending password links: per client address, and per account asked for (whoever asks).
RESET_LIMIT = "5 per hour; 20 per day"
RESET_ACCOUNT_LIMIT = "3 per hour"
#: One counter per account for every way a password link is sent (the public form, an admin's button).
RESET_ACCOUNT_SCOPE = "password-link-account"


def password_token(user: User, kind: str = "reset") -> str:
    """A link's token for the account: "reset" (forgotten password) or "invitation" (new account)."""
    assert kind in VALID_SECONDS
    return _serializer().dumps({"user": user.id, "hash": _fingerprint(user), "kind": kind})


def user_for_password_token(token: str) -> User | None:
    """The active account a valid, unexpired, unused token names; None otherwise."""
    try:
        data, signed_at = _serializer().loads(
            token, max_age=max(VALID_SECONDS.values()), return_timestamp=True
        )
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    age = (datetime.now(UTC) - signed_at).total_seconds()
    if age > VALID_SECONDS.get(data.get("kind"), 0):
        return None
    user = db.session.get(User, data["user"])
    if user is None or not user.active or data.get("hash") != _fingerprint(user):
        return None
    return user


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:32]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)
