"""Yearly reminders: entries not confirmed for 12 months get a confirm-or-edit link."""

from datetime import timedelta

from sqlalchemy import or_, select

from ..audit.services import SYSTEM, record
from ..entries import REGISTERED_MODELS
from ..extensions import db
from ..mail import commit_then_send, queue_mail
from ..registry.models import ModerationStatus
from ..submissions.services import issue_links
from ..timeutil import utcnow
from .services import STALE_AFTER, unconfirmed_since

#: A reminder is not repeated within this time.
REMIND_AGAIN_AFTER = timedelta(days=30)


def entries_to_remind() -> list[tuple[str, object]]:
    now = utcnow()
    cutoff = now - STALE_AFTER
    due = []
    for kind, model in REGISTERED_MODELS.items():
        query = select(model).where(
            model.status == ModerationStatus.APPROVED.value,
            model.submitter_email.is_not(None),
            unconfirmed_since(model, cutoff),
            or_(model.reminder_sent_at.is_(None), model.reminder_sent_at < now - REMIND_AGAIN_AFTER),
        )
        due += [(kind, entry) for entry in db.session.scalars(query)]
    return due


def send_reminders() -> int:
    """Send each due entry's contact a new edit link; returns how many were sent."""
    due = entries_to_remind()
    sent = 0
    for kind, entry in due:
        [(_entry, link)] = issue_links([(kind, entry)])
        entry.reminder_sent_at = utcnow()
        record("erinnert", kind, entry, note="Bestätigungslink gesendet", actor=SYSTEM)
        queue_mail(entry.submitter_email, "reminder", entry=entry, link=link)
        commit_then_send()
        sent += 1
    return sent
