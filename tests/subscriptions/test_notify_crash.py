"""`flask notify` killed between sending a digest and recording it as sent: the rerun sends no mail
twice and loses none.

The kill lands deterministically at that point: the digest's outbox file is a FIFO, so the child
has committed the digest once it opens it; the test then holds the database's write lock, reads
the message (the send is done) and kills the child, which cannot have recorded anything.
"""

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import select

from tests.factories import make_listing
from tests.search.test_crash import flask, kill
from tests.submissions.helpers import body
from zwk_network.extensions import db
from zwk_network.subscriptions.models import SubscriptionDelivery, SubscriptionMail
from zwk_network.subscriptions.notify import run_notify

from .helpers import digests_to, subscribe, subscription_of


@contextmanager
def write_lock(app):
    """Hold what the child's „mark sent“ needs: SQLite's write lock, PostgreSQL's table lock."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
    else:
        connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        connection.execute("LOCK TABLE subscription_mails IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()


def test_a_crash_after_sending_before_recording_sends_nothing_twice_and_loses_nothing(client, app, kreis):
    subscribe(client, app, "theme=begegnung")
    make_listing(name="Dorfcafé", kommune_id=kreis.id)
    make_listing(name="Nachbarschaftstreff", kommune_id=kreis.id)
    subscription = subscription_of("leser@example.org")
    outbox = Path(app.config["MAIL_OUTBOX"])
    path = outbox / f"zwk-subscription-{subscription.key}-1@127.0.0.1.eml"
    os.mkfifo(path)
    child = flask(app, "notify")
    # The FIFO opens once the child writes to it: its digest is committed by then.
    with open(path, "rb") as fifo, write_lock(app):
        message = fifo.read()  # the child's send completes
        kill(child)
        child.wait()
    path.unlink()
    path.write_bytes(message)  # what the child delivered
    db.session.expire_all()
    mail = db.session.scalar(select(SubscriptionMail))
    assert mail.sent_at is None  # sent, not recorded
    assert len(db.session.scalars(select(SubscriptionDelivery)).all()) == 2

    report = run_notify()
    assert report.resent == 1 and report.sent == 0
    [digest] = digests_to(app, "leser@example.org")  # one file: the same Message-ID
    assert "Dorfcafé" in body(digest) and "Nachbarschaftstreff" in body(digest)
    db.session.expire_all()
    assert db.session.scalar(select(SubscriptionMail)).sent_at is not None
    run_notify()
    assert len(digests_to(app, "leser@example.org")) == 1
