"""`flask notify` killed between sending a digest and recording it as sent: the rerun sends no mail
twice and loses none.

The kill lands deterministically at that point: the digest's outbox file is a FIFO, so the child
has committed the digest once it opens it; the test then holds the database's write lock, reads
the message (the send is done) and kills the child, which cannot have recorded anything.
"""

import fcntl
import os
import select as io_select
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

F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)  # Linux


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
    for number in range(40):  # a digest larger than the FIFO's buffer: the child waits in its write
        make_listing(name=f"Nachbarschaftstreff {number}", kommune_id=kreis.id, summary="Treffen " * 25)
    subscription = subscription_of("leser@example.org")
    outbox = Path(app.config["MAIL_OUTBOX"])
    path = outbox / f"zwk-subscription-{subscription.key}-1@127.0.0.1.eml"
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    fcntl.fcntl(reader, F_SETPIPE_SZ, 4096)
    child = flask(app, "notify")
    io_select.select([reader], [], [], 120)  # the first bytes: the child's digest is committed
    with write_lock(app):
        os.set_blocking(reader, True)
        message = b"".join(iter(lambda: os.read(reader, 65536), b""))  # the send completes
        kill(child)
        child.wait()
    os.close(reader)
    path.unlink()
    path.write_bytes(message)  # what the child delivered
    db.session.expire_all()
    mail = db.session.scalar(select(SubscriptionMail))
    assert mail.sent_at is None  # sent, not recorded
    assert len(db.session.scalars(select(SubscriptionDelivery)).all()) == 41

    report = run_notify()
    assert report.resent == 1 and report.sent == 0
    [digest] = digests_to(app, "leser@example.org")  # one file: the same Message-ID
    assert "Dorfcafé" in body(digest) and "Nachbarschaftstreff 39" in body(digest)
    db.session.expire_all()
    assert db.session.scalar(select(SubscriptionMail)).sent_at is not None
    run_notify()
    assert len(digests_to(app, "leser@example.org")) == 1
