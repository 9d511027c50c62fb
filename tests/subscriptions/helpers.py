"""Subscribing like a browser does, and reading what the notifier sent."""

import re

from sqlalchemy import select

from tests.submissions.helpers import body, outbox, post_form
from zwk_network.extensions import db
from zwk_network.subscriptions.models import Subscription

CONFIRM = re.compile(r"https?://\S+(/benachrichtigen/bestaetigen/[A-Za-z0-9_.-]+)")
MANAGE = re.compile(r"https?://\S+(/benachrichtigung/[A-Za-z0-9_.-]+)")


def subscribe(client, app, query: str, address="leser@example.org", frequency="sofort") -> str:
    """Subscribe to the filter of `query` and confirm; returns the manage path."""
    url = f"/benachrichtigen?{query}"
    response = post_form(client, url, {"email": address, "frequency": frequency, "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    confirm = CONFIRM.search(body(mails_to(app, address)[-1])).group(1)
    confirmed = post_form(client, confirm, {})
    assert confirmed.status_code == 302
    return confirmed.headers["Location"].split("?")[0].removeprefix("http://localhost")


def mails_to(app, address: str) -> list:
    return [message for message in outbox(app) if address in message["To"]]


def digests_to(app, address: str) -> list:
    return [message for message in mails_to(app, address) if message["List-Unsubscribe"]]


def subscription_of(address: str) -> Subscription:
    return db.session.scalar(select(Subscription).where(Subscription.email == address))
