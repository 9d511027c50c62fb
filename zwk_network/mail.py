"""E-mail: sent through SMTP when a server is configured, else written to the outbox folder.

The outbox (instance/outbox by default) holds one .eml file per message, readable with any
mail program or a text editor; development and tests read the messages from there.

Mail follows the commit, as in Indico's request handler: during a request (or a job after the
response, or a CLI command) the code queues its messages with queue_mail(); commit_then_send()
commits the work and only then sends them. A commit that fails sends nothing; a message that
fails is kept in the outbox and logged, and the stored data stays. Messages still queued when
the request or context ends were never committed: they are dropped (and logged).
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path

from flask import Flask, current_app, g, render_template
from flask_babel import force_locale
from flask_mail import Message

from .extensions import db, mail
from .timeutil import utcnow

log = logging.getLogger(__name__)
_QUEUE = "zwk_mail_queue"
_ATTACHMENTS = "_attachments"


@dataclass(frozen=True)
class Envelope:
    """Who a message is from besides the configured sender: a person's name shown with the
    sender's address (From stays MAIL_DEFAULT_SENDER's address, so SPF and DKIM hold), and the
    address answers go to (Reply-To)."""

    sender_name: str = ""
    reply_to: str = ""
    #: Further headers (List-Unsubscribe …); names and values are ours, never a user's text.
    headers: tuple[tuple[str, str], ...] = ()
    #: A Message-ID of our own: a message sent again after a crash is recognisably the same one
    #: (and replaces its file in the outbox instead of adding a second).
    message_id: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message; `data` is called when the message is written (after the commit)."""

    filename: str
    content_type: str
    data: Callable[[], bytes]


def queue_mail(
    to: str,
    template: str,
    envelope: Envelope | None = None,
    attachments: tuple[Attachment, ...] = (),
    **context,
) -> None:
    """Send templates/mail/<template>.txt to `to` once this work is committed (commit_then_send).

    The message is written then, from the context as committed (names, links, states)."""
    g.setdefault(_QUEUE, []).append(
        (to, template, envelope or Envelope(), {**context, _ATTACHMENTS: attachments})
    )


#: How headers are written: Flask-Mail's policy.SMTP, with lines up to RFC 5322's limit of 998 characters.
#: At 78 Python's folder turns a long value without spaces – a List-Unsubscribe link – into RFC 2047
#: encoded words, which RFC 2369 does not allow there: mail programs then offer no one-click unsubscribe.
HEADER_POLICY = policy.SMTP.clone(max_line_length=998)


class _Message(Message):
    """Flask-Mail's message, its headers written under HEADER_POLICY (SMTP and outbox alike)."""

    def _message(self):
        built = super()._message()
        built.policy = HEADER_POLICY
        return built


#: The language of a mail whose recipient's language is not stored: German (the texts are German).
MAIL_LANGUAGE = "de"


def render_mail(template: str, language: str | None = None, **context) -> tuple[str, str]:
    """templates/mail/<template>.txt as (subject, body): its first line is 'Betreff: …'. Dates, times
    and numbers go through formats.py (the templates' filters) in the recipient's language when it is
    stored, else in German – never in the language of the page that queued the mail."""
    with force_locale(language or MAIL_LANGUAGE):
        text = render_template(f"mail/{template}.txt", **context)
    subject_line, _blank, body = text.partition("\n")
    return subject_line.removeprefix("Betreff:").strip(), body.lstrip("\n")


def sender_with_name(name: str) -> str:
    """MAIL_DEFAULT_SENDER's address with this name shown („Anna Planer (zwk-network)“)."""
    configured_name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    name = " ".join(name.split())  # one line: no header can be smuggled in
    if not name:
        return current_app.config["MAIL_DEFAULT_SENDER"]
    return formataddr((f"{name} ({configured_name})" if configured_name else name, address))


def commit_then_send() -> None:
    """Commit the session, then send the messages queued since the last commit.

    A commit that fails sends nothing: the queue is dropped, the session rolled back and the error
    raised. A message that cannot be written or sent never fails the work: it is logged (and, if the
    server refused it, kept in the outbox); the stored data stays and the other messages go."""
    queued = g.pop(_QUEUE, [])
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for to, template, envelope, context in queued:
        try:
            _send(to, template, envelope, **context)
        except Exception:  # a template that cannot be rendered: the work is done, say so in the log
            log.exception("could not write the %r mail; the committed data stays", template)


def init_mail_queue(app: Flask) -> None:
    """Drop what a request or context queued but never committed."""

    @app.teardown_request
    def drop_uncommitted_mail(_error=None):
        _drop_queue()

    @app.teardown_appcontext
    def drop_uncommitted_mail_of_context(_error=None):
        _drop_queue()


def _drop_queue() -> None:
    queued = g.pop(_QUEUE, None)
    if queued:
        log.warning("%d queued mail(s) not sent: the work was not committed", len(queued))


def _send(to: str, template: str, envelope: Envelope, **context) -> Message:
    """Send templates/mail/<template>.txt; its first line is 'Betreff: …'.

    A message that cannot be sent (the SMTP server refuses or is away, an address it cannot take)
    is written to the outbox instead, where staff can find and resend it, and the failure is logged."""
    attachments = context.pop(_ATTACHMENTS, ())
    subject, body = render_mail(template, **context)
    message = _Message(subject=subject, recipients=[to], body=body, charset="utf-8")
    if envelope.sender_name:
        message.sender = sender_with_name(envelope.sender_name)
    if envelope.reply_to:
        message.reply_to = envelope.reply_to
    if envelope.headers:
        message.extra_headers = dict(envelope.headers)
    if envelope.message_id:
        message.msgId = envelope.message_id
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content_type, attachment.data())
    if current_app.config["MAIL_SERVER"]:
        try:
            mail.send(message)
        except Exception:  # smtplib, OSError, and UnicodeError for an address the server cannot take
            path = _write_to_outbox(message)
            log.exception("could not send mail through the SMTP server; kept in %s", path)
        return message
    _write_to_outbox(message)
    return message


def _write_to_outbox(message: Message) -> Path | None:
    """The message as an .eml file in the outbox; None (and logged) if even that fails."""
    try:
        outbox = Path(current_app.config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox_path(message)
        path.write_bytes(_as_bytes(message))
    except Exception:
        log.exception("could not write mail to the outbox")
        return None
    return path


def outbox_path(message: Message) -> Path:
    """Where the outbox keeps a message: by time and recipient, or by our own Message-ID."""
    outbox = Path(current_app.config["MAIL_OUTBOX"])
    if message.msgId and message.msgId.startswith("<zwk-"):
        return outbox / (re.sub(r"[^A-Za-z0-9.@_-]", "_", message.msgId.strip("<>"))[:120] + ".eml")
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    recipient = re.sub(r"[^A-Za-z0-9.@_-]", "_", message.recipients[0])[:80]
    return outbox / f"{stamp}-{recipient}.eml"


def _as_bytes(message: Message) -> bytes:
    """The message as sent; an address Flask-Mail cannot encode (non-ASCII before the @, stored
    before such addresses were refused) is written as SMTPUTF8 (RFC 6532) instead."""
    try:
        return message.as_bytes()
    except UnicodeError:
        fallback = EmailMessage(policy=policy.SMTPUTF8)
        fallback["Subject"] = message.subject
        fallback["From"] = message.sender
        if message.reply_to:
            fallback["Reply-To"] = message.reply_to
        fallback["To"] = ", ".join(message.recipients)
        fallback["Date"] = formatdate(localtime=False)
        fallback["Message-ID"] = message.msgId
        for name, value in (message.extra_headers or {}).items():
            fallback[name] = value
        fallback.set_content(message.body)
        for attachment in message.attachments:
            maintype, _slash, subtype = attachment.content_type.partition("/")
            fallback.add_attachment(
                attachment.data,
                maintype=maintype,
                subtype=subtype.split(";")[0],
                filename=attachment.filename,
            )
        return fallback.as_bytes()
