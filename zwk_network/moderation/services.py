"""Review before publication: the queue of a planner's Kommunen, decisions, staff edits.

Planners see and decide only entries of their own Kommunen (admins: all). Each decision is
recorded in the audit log and told to the submitter by e-mail after the commit (see views).
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select

from ..accounts.models import User
from ..accounts.services import require_scope
from ..audit.models import AuditEntry
from ..audit.services import record
from ..entries import REGISTERED_MODELS
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..measures.models import Measure
from ..profiles.models import KeyFigure, SwotItem
from ..registry.models import ModerationStatus
from ..submissions.models import Revision, RevisionStatus
from ..submissions.records import apply_record, differences, record_of
from ..timeutil import utcnow
from .duplicates import similar_entries

STALE_AFTER = timedelta(days=365)
REASON_MAX = 2000


@dataclass
class QueueItem:
    kind: str
    entry: object
    revision: Revision | None = None


@dataclass
class Queue:
    new: list[QueueItem]
    changes: list[QueueItem]
    stale: list[QueueItem]


def queue_for(user: User) -> Queue:
    new, changes, stale = [], [], []
    cutoff = utcnow() - STALE_AFTER
    for kind, model in REGISTERED_MODELS.items():
        scoped = _scoped(select(model), model, user)
        for entry in db.session.scalars(
            scoped.where(model.status == ModerationStatus.PENDING.value).order_by(model.created_at)
        ):
            new.append(QueueItem(kind, entry))
        revisions = db.session.execute(
            _scoped(select(Revision, model), model, user)
            .join(model, model.id == Revision.entry_id)
            .where(Revision.entry_type == kind, Revision.status == RevisionStatus.PENDING.value)
            .order_by(Revision.submitted_at)
        )
        changes += [QueueItem(kind, entry, revision) for revision, entry in revisions]
        old = scoped.where(
            model.status == ModerationStatus.APPROVED.value,
            model.hidden_as_stale_at.is_(None),  # hidden ones have their own list (freshness.py)
            unconfirmed_since(model, cutoff),
        )
        old = old.order_by(model.last_confirmed_at)
        stale += [QueueItem(kind, entry) for entry in db.session.scalars(old.limit(200))]
    return Queue(new=new, changes=changes, stale=stale)


def audit_scope(user: User):
    """The audit lines a planner may read: about entries, measures, SWOT items, key figures and
    imports of their Kommunen, and their own actions (None for admins: every line). A deleted entry's
    lines have no Kommune any more: only admins (and whoever acted) see them."""
    allowed = user.kommune_ids()
    if allowed is None:
        return None
    kinds = {
        **REGISTERED_MODELS,
        "measure": Measure,
        "swot_item": SwotItem,
        "key_figure": KeyFigure,
    }
    in_kommunen = [
        (AuditEntry.entry_type == kind)
        & AuditEntry.entry_id.in_(select(model.id).where(model.kommune_id.in_(allowed or [-1])))
        for kind, model in kinds.items()
    ]
    own_kommunen = (AuditEntry.entry_type == "kommune") & AuditEntry.entry_id.in_(allowed or [-1])
    return or_(AuditEntry.user_id == user.id, own_kommunen, *in_kommunen)


def unconfirmed_since(model, cutoff):
    """A filter: last confirmed (or, never confirmed, created) before the cutoff."""
    never = model.last_confirmed_at.is_(None) & (model.created_at < cutoff)
    return or_(model.last_confirmed_at < cutoff, never)


def is_stale(entry) -> bool:
    confirmed = entry.last_confirmed_at or entry.created_at
    return confirmed is not None and confirmed < utcnow() - STALE_AFTER


def entry_for_review(user: User, kind: str, entry_id: int):
    model = REGISTERED_MODELS.get(kind)
    entry = db.session.get(model, entry_id) if model else None
    if entry is None:
        raise NotFound(f"{kind} {entry_id}")
    require_scope(user, entry.kommune_id, f"{kind} {entry_id}")
    return entry


def revision_for_review(user: User, kind: str, entry, revision_id: int) -> Revision:
    revision = db.session.get(Revision, revision_id)
    if revision is None or revision.entry_type != kind or revision.entry_id != entry.id:
        raise NotFound(f"revision {revision_id}")
    if revision.status != RevisionStatus.PENDING:
        raise InvalidInput({"revision": "ist schon entschieden"})
    return revision


def review_details(kind: str, entry) -> dict:
    return {"duplicates": similar_entries(kind, entry), "stale": is_stale(entry)}


def approve_entry(kind: str, entry) -> None:
    if entry.status == ModerationStatus.APPROVED:
        return
    entry.status = ModerationStatus.APPROVED.value
    entry.rejection_reason = ""
    entry.reviewed_at = utcnow()
    entry.mark_confirmed(entry.reviewed_at)
    record("freigegeben", kind, entry)


def confirm_entry(kind: str, entry) -> None:
    """A planner confirms a published entry as current (e.g. after a phone call): no reminder due,
    and shown again at once if it was hidden for being unconfirmed too long."""
    entry.mark_confirmed(utcnow())
    record("bestätigt", kind, entry, note="im Mitarbeiterbereich als aktuell bestätigt")


def reject_entry(kind: str, entry, reason: str) -> None:
    reason = _reason(reason)
    entry.status = ModerationStatus.REJECTED.value
    entry.rejection_reason = reason
    entry.reviewed_at = utcnow()
    record("abgelehnt", kind, entry, note=reason)


def approve_revision(kind: str, entry, revision: Revision, user: User) -> None:
    changes = apply_record(entry, revision.data)
    revision.status = RevisionStatus.APPROVED.value
    revision.reviewed_at = entry.reviewed_at = utcnow()
    entry.mark_confirmed(entry.reviewed_at)
    revision.reviewed_by_id = user.id
    record("Änderung freigegeben", kind, entry, changes)


def reject_revision(kind: str, entry, revision: Revision, reason: str, user: User) -> None:
    revision.reason = _reason(reason)
    revision.status = RevisionStatus.REJECTED.value
    revision.reviewed_at = utcnow()
    revision.reviewed_by_id = user.id
    record("Änderung abgelehnt", kind, entry, note=revision.reason)


def staff_edit(kind: str, entry, data: dict) -> dict:
    """A planner corrects an entry directly (typos, a better theme); recorded with the changes."""
    changes = apply_record(entry, data)
    record("bearbeitet", kind, entry, changes)
    return changes


def revision_changes(entry, revision: Revision) -> dict:
    return differences(record_of(entry), revision.data)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            {"reason": "Bitte einen Grund angeben; er geht an die Person, die eingetragen hat."}
        )
    if len(reason) > REASON_MAX:
        raise InvalidInput({"reason": f"höchstens {REASON_MAX} Zeichen"})
    return reason


def _scoped(query, model, user: User):
    allowed = user.kommune_ids()
    return query if allowed is None else query.where(model.kommune_id.in_(allowed or [-1]))
