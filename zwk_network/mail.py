"""E-mail: sent through SMTP when a server is configured, else written to the outbox folder.

The outbox (instance/outbox by default) holds one .eml file per message, readable with any
mail program or a text editor; development and tests read the messages from there.
"""

import logging
import re
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from flask import current_app, render_template
from flask_mail import Message

from .extensions import mail
from .timeutil import utcnow

log = logging.getLogger(__name__)


def send_mail(to: str, template: str, **context) -> Message:
    """Send templates/mail/<template>.txt; its first line is 'Betreff: …'.

    Called once the request's change is committed: a message that cannot be sent (the SMTP server
    refuses or is away, an address it cannot take) never fails the request. It is written to the
    outbox instead, where staff can find and resend it, and the failure is logged."""
    text = render_template(f"mail/{template}.txt", **context)
    subject_line, _blank, body = text.partition("\n")
    subject = subject_line.removeprefix("Betreff:").strip()
    message = Message(subject=subject, recipients=[to], body=body.lstrip("\n"), charset="utf-8")
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
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        recipient = re.sub(r"[^A-Za-z0-9.@_-]", "_", message.recipients[0])[:80]
        path = outbox / f"{stamp}-{recipient}.eml"
        path.write_bytes(_as_bytes(message))
    except Exception:
        log.exception("could not write mail to the outbox")
        return None
    return path


def _as_bytes(message: Message) -> bytes:
    """The message as sent; an address Flask-Mail cannot encode (non-ASCII before the @, stored
    before such addresses were refused) is written as SMTPUTF8 (RFC 6532) instead."""
    try:
        return message.as_bytes()
    except UnicodeError:
        fallback = EmailMessage(policy=policy.SMTPUTF8)
        fallback["Subject"] = message.subject
        fallback["From"] = message.sender
        fallback["To"] = ", ".join(message.recipients)
        fallback["Date"] = formatdate(localtime=False)
        fallback.set_content(message.body)
        return fallback.as_bytes()
