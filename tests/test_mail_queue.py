"""Mail follows the commit: queue_mail() during the work, commit_then_send() commits and then sends.
A commit that fails sends nothing; a message that fails keeps the data (and is logged)."""

import logging

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from tests.factories import make_kommune
from tests.submissions.helpers import outbox, submit
from zwk_network import mail as mail_module
from zwk_network.extensions import db
from zwk_network.mail import commit_then_send, queue_mail
from zwk_network.municipalities.models import Kommune
from zwk_network.registry.models import Initiative


def duplicate_kommune(_session):
    """Breaks a unique constraint at commit time: a second Kommune of the slug "testkreis"."""
    db.session.add(Kommune(slug="testkreis", name="Doppelt", kind="Landkreis", description="", source="test"))


def initiatives() -> int:
    return db.session.scalar(select(func.count(Initiative.id)))


def test_a_registration_whose_commit_fails_mails_no_edit_link(app, client):
    make_kommune()
    session = db.session()
    event.listen(session, "before_commit", duplicate_kommune)
    try:
        with pytest.raises(IntegrityError):
            submit(client)
    finally:
        event.remove(session, "before_commit", duplicate_kommune)
    db.session.rollback()
    assert initiatives() == 0 and outbox(app) == []
    assert submit(client).status_code == 302 and initiatives() == 1 and len(outbox(app)) == 1


def test_a_failed_commit_sends_nothing_and_the_next_one_only_its_own_mail(app):
    make_kommune()
    queue_mail("a@example.org", "deleted", name="Verworfen")
    db.session.add(Kommune(slug="testkreis", name="Doppelt", kind="Landkreis", description="", source="t"))
    with pytest.raises(IntegrityError):
        commit_then_send()
    queue_mail("b@example.org", "deleted", name="Gespeichert")
    commit_then_send()
    assert [message["To"] for message in outbox(app)] == ["b@example.org"]


def test_a_mail_that_cannot_be_written_keeps_the_data_and_the_other_mails(app, client, monkeypatch, caplog):
    make_kommune()
    render = mail_module.render_template

    def broken_for_submitted(template, **context):
        if template == "mail/submitted.txt":
            raise RuntimeError("template broken")
        return render(template, **context)

    monkeypatch.setattr(mail_module, "render_template", broken_for_submitted)
    with caplog.at_level(logging.ERROR, logger="zwk_network.mail"):
        assert submit(client).status_code == 302
    assert initiatives() == 1 and outbox(app) == []
    assert "could not write the 'submitted' mail" in caplog.text
    queue_mail("a@example.org", "submitted-gibt-es-nicht")
    queue_mail("b@example.org", "deleted", name="Chor")
    commit_then_send()
    assert [message["To"] for message in outbox(app)] == ["b@example.org"]


def test_a_refused_message_is_kept_in_the_outbox_and_the_entry_stays(app, client, monkeypatch, caplog):
    make_kommune()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.invalid")

    def refuse(_message):
        raise OSError("connection refused")

    monkeypatch.setattr(mail_module.mail, "send", refuse)
    assert submit(client).status_code == 302
    assert initiatives() == 1 and outbox(app)[-1]["To"] == "leitung@example.org"
    assert "could not send mail" in caplog.text


def test_mail_queued_but_never_committed_is_dropped(app, caplog):
    make_kommune()
    with caplog.at_level(logging.WARNING, logger="zwk_network.mail"), app.test_request_context("/"):
        queue_mail("a@example.org", "deleted", name="Chor")
    assert "not sent: the work was not committed" in caplog.text
    commit_then_send()  # a later commit does not send what an earlier request left
    assert outbox(app) == []
