"""The accessibility statement's feedback mechanism (BITV 2.0 § 7) and its enforcement body.

Who receives a report, and which body the statement names, is configured per installation and per
Kommune (AccessibilityContact, written by admins in /intern/rechtliches): a Kommune's own value,
else the installation's; with no address configured anywhere, the active admins receive it, so
that no report is lost. A report is stored nowhere: it is mailed, and Reply-To is the reporter's
address when one was given. Nothing of it is ever public.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import Role, User
from ..audit.services import record
from ..email_address import InvalidEmail, normalised_email
from ..errors import InvalidInput
from ..extensions import db
from ..legal.markdown import is_allowed_link
from ..mail import Envelope, queue_mail
from ..municipalities.models import Kommune
from ..timeutil import utcnow
from .models import AccessibilityContact

NAME_MAX = 2000
URL_MAX = 500


@dataclass(frozen=True)
class ContactInUse:
    """What a statement shows and where its feedback goes, after falling back part by part."""

    recipients: tuple[str, ...]
    configured: bool  # an address was configured (False: the admins receive it)
    enforcement_name: str
    enforcement_url: str


def stored_contact(kommune: Kommune | None) -> AccessibilityContact | None:
    scope = (
        AccessibilityContact.kommune_id.is_(None)
        if kommune is None
        else AccessibilityContact.kommune_id == kommune.id
    )
    return db.session.scalar(select(AccessibilityContact).where(scope).order_by(AccessibilityContact.id))


def contact_in_use(kommune: Kommune | None) -> ContactInUse:
    """The Kommune's own address and body where it has them, else the installation's."""
    rows = [row for row in (stored_contact(kommune) if kommune else None, stored_contact(None)) if row]
    email = next((row.feedback_email for row in rows if row.feedback_email), "")
    body = next((row for row in rows if row.enforcement_name), None)
    if email:
        recipients = (email,)
    else:
        admins = select(User.email).where(User.active.is_(True), User.role == Role.ADMIN.value)
        recipients = tuple(db.session.scalars(admins.order_by(User.id)))
    return ContactInUse(
        recipients=recipients,
        configured=bool(email),
        enforcement_name=body.enforcement_name if body else "",
        enforcement_url=body.enforcement_url if body else "",
    )


def save_accessibility_contact(
    kommune: Kommune | None, feedback_email: str, enforcement_name: str, enforcement_url: str, user
) -> AccessibilityContact:
    """Write the scope's contact (empty values fall back to the installation's), audit-logged."""
    errors = {}
    feedback_email, enforcement_url = feedback_email.strip(), enforcement_url.strip()
    enforcement_name = enforcement_name.strip()
    if feedback_email:
        try:
            feedback_email = normalised_email(feedback_email)
        except InvalidEmail as error:
            errors["feedback_email"] = str(error)
    if enforcement_url and (
        not enforcement_url.startswith(("https://", "http://")) or not is_allowed_link(enforcement_url)
    ):
        errors["enforcement_url"] = _("Bitte eine Adresse, die mit https:// beginnt.")
    if len(enforcement_url) > URL_MAX:
        errors["enforcement_url"] = _("Höchstens %(n)s Zeichen.", n=URL_MAX)
    if len(enforcement_name) > NAME_MAX:
        errors["enforcement_name"] = _("Höchstens %(n)s Zeichen.", n=NAME_MAX)
    if errors:
        raise InvalidInput(errors)
    contact = stored_contact(kommune) or AccessibilityContact(kommune_id=kommune.id if kommune else None)
    new = {
        "feedback_email": feedback_email,
        "enforcement_name": enforcement_name,
        "enforcement_url": enforcement_url,
    }
    changes = {
        name: [getattr(contact, name, None), value]
        for name, value in new.items()
        if getattr(contact, name, None) != value
    }
    for name, value in new.items():
        setattr(contact, name, value)
    contact.updated_at, contact.updated_by_id = utcnow(), getattr(user, "id", None)
    db.session.add(contact)
    db.session.flush()
    if changes:
        scope = kommune.name if kommune else _("Installation")
        record("Barrierefreiheit-Kontakt geändert", "legal_text", _Named(contact.id, scope), changes=changes)
    return contact


class _Named:
    def __init__(self, entry_id: int, name: str):
        self.id, self.name = entry_id, name


def send_feedback(kommune: Kommune | None, report: dict) -> ContactInUse:
    """Queue the report to the contact in use (sent after the commit); stores nothing."""
    contact = contact_in_use(kommune)
    reply_to = ""
    if report.get("email"):
        reply_to = normalised_email(report["email"])
    for recipient in contact.recipients:
        queue_mail(
            recipient,
            "accessibility_feedback",
            envelope=Envelope(reply_to=reply_to),
            report=report,
            kommune=kommune,
            configured=contact.configured,
        )
    return contact
