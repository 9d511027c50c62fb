"""E-mail: sent through SMTP when a server is configured, else written to the outbox folder.

The outbox (instance/outbox by default) holds one .eml file per message, readable with any
mail program or a text editor; development and tests read the messages from there.
"""

import logging
import re
import smtplib
from pathlib import Path

from flask import current_app, render_template
from flask_mail import Message

from .extensions import mail
from .timeutil import utcnow

log = logging.getLogger(__name__)


def send_mail(to: str, template: str, **context) -> Message:
    """Send templates/mail/<template>.txt; its first line is 'Betreff: …'."""
    text = render_template(f"mail/{template}.txt", **context)
    subject_line, _blank, body = text.partition("\n")
    subject = subject_line.removeprefix("Betreff:").strip()
    message = Message(subject=subject, recipients=[to], body=body.lstrip("\n"), charset="utf-8")
    if current_app.config["MAIL_SERVER"]:
        try:
            mail.send(message)
        except (smtplib.SMTPException, OSError):
            # The change is stored already; keep the message where staff can find and resend it.
            path = _write_to_outbox(message)
            log.exception("could not send mail to the SMTP server; kept in %s", path)
    else:
        _write_to_outbox(message)
    return message


def _write_to_outbox(message: Message) -> Path:
    outbox = Path(current_app.config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    recipient = re.sub(r"[^A-Za-z0-9.@_-]", "_", message.recipients[0])[:80]
    path = outbox / f"{stamp}-{recipient}.eml"
    path.write_bytes(message.as_bytes())
    return path
