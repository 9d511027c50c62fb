"""Rate limits of the public forms that store or send something: a registration, a conference
registration, a subscription, a barrier report, a request for a new edit link.

A conference puts a room of initiatives behind one Wi-Fi, so one address may send many forms
(ZWK_*_LIMIT_PER_ADDRESS); what a bot cannot vary as cheaply is the e-mail address the edit link or
the confirmation goes to (ZWK_*_LIMIT_PER_EMAIL, counted by its hash); and the honeypot field catches
the simple bots before either. Only what was stored counts (a form with errors costs nothing).
A form over its limit is shown again with everything typed and says when to send it again.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from .extensions import limiter

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class FormLimit:
    """A form's limits: the names of its two settings (ZWK_<setting>)."""

    name: str
    per_address: str
    per_email: str


REGISTRATION = FormLimit("registration", "REGISTRATION_LIMIT_PER_ADDRESS", "REGISTRATION_LIMIT_PER_EMAIL")
CONFERENCE = FormLimit(
    "conference-registration", "CONFERENCE_LIMIT_PER_ADDRESS", "CONFERENCE_LIMIT_PER_EMAIL"
)
SUBSCRIBE = FormLimit("subscription", "SUBSCRIBE_LIMIT_PER_ADDRESS", "SUBSCRIBE_LIMIT_PER_EMAIL")
#: The accessibility statement's feedback form (legal/feedback.py): it stores nothing, but it mails.
FEEDBACK = FormLimit("accessibility-feedback", "FEEDBACK_LIMIT_PER_ADDRESS", "FEEDBACK_LIMIT_PER_EMAIL")
#: „Bearbeitungslink anfordern“: counted whether the address is known or not (the answer is the same).
EDIT_LINK = FormLimit("edit-link", "EDIT_LINK_LIMIT_PER_ADDRESS", "EDIT_LINK_LIMIT_PER_EMAIL")
CONTRIBUTE = FormLimit("contribution", "CONTRIBUTE_LIMIT_PER_ADDRESS", "CONTRIBUTE_LIMIT_PER_EMAIL")


@lru_cache(maxsize=32)
def _items(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text))


def _counters(form: FormLimit, email: str | None):
    """(limit, identifiers) of every counter the form's use touches."""
    config = current_app.config
    address = ("form", form.name, "address", get_remote_address())
    for item in _items(config[form.per_address]):
        yield item, address
    if email:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        for item in _items(config[form.per_email]):
            yield item, ("form", form.name, "email", digest)


def wait_before_storing(form: FormLimit, email: str | None) -> datetime | None:
    """When this client may store with this address again (local time), or None if it may now."""
    if not limiter.enabled:
        return None
    resets = [
        limiter.limiter.get_window_stats(item, *keys).reset_time
        for item, keys in _counters(form, email)
        if not limiter.limiter.test(item, *keys)
    ]
    if not resets:
        return None
    return datetime.fromtimestamp(math.ceil(max(resets)), tz=BERLIN)


def count_stored(form: FormLimit, email: str | None) -> None:
    """Count one stored form (or one the honeypot caught) against the client and the address."""
    if limiter.enabled:
        for item, keys in _counters(form, email):
            limiter.limiter.hit(item, *keys)


def minutes_until(moment: datetime) -> int:
    """Whole minutes from now until the moment (at least 1)."""
    return max(1, math.ceil((moment.timestamp() - time.time()) / 60))


def clock_time(moment: datetime) -> str:
    """The moment as a page says when to try again: "17:52", or "02.12.2026, 17:52" on another day."""
    if moment.date() == datetime.now(BERLIN).date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d.%m.%Y, %H:%M")
