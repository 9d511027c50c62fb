"""Freshness: entries unconfirmed for too long are hidden from the public until confirmed.

The yearly reminder (reminders.py) asks after 12 months and again every 30 days; an entry still
unconfirmed after FRESHNESS_HIDE_AFTER_MONTHS (default 18) is hidden: `flask freshness` sets its
`hidden_as_stale_at`, which the one visibility rule reads (registry.models.publicly_visible), so
pages, search, map, matching, API, OGC, feeds and exports of every server drop it with the
commit, through the normal search sync. The owner gets a new edit link to confirm it, the
planners of its Kommune a list of what was hidden; nothing is deleted. A confirmation (or a
planner's approval) clears the flag at once; the job also clears it for an entry confirmed since
in another way. Rerunning the job changes and sends nothing twice: an entry is hidden (and
told) once, and only an entry not hidden yet is considered.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from flask import current_app
from sqlalchemy import and_, select

from ..accounts.models import Role, User
from ..audit.services import SYSTEM, record
from ..entries import BY_TYPE, REGISTERED_MODELS
from ..extensions import db
from ..links import site_url
from ..mail import commit_then_send, queue_mail
from ..municipalities.models import Kommune
from ..registry.models import ModerationStatus
from ..submissions.services import issue_links
from ..timeutil import utcnow
from .services import _scoped, unconfirmed_since

#: How long before hiding the staff start page lists an entry as „wird bald ausgeblendet“.
WARN_BEFORE = timedelta(days=60)


def hide_after_months() -> int:
    return current_app.config["FRESHNESS_HIDE_AFTER_MONTHS"]


def hiding_cutoff(now: datetime | None = None) -> datetime:
    """Entries last confirmed before this moment are hidden."""
    return (now or utcnow()) - relativedelta(months=hide_after_months())


def hidden_on(entry) -> datetime | None:
    """When an entry, unless confirmed before, will be hidden (None: never confirmed nor created)."""
    confirmed = entry.confirmed_at
    return confirmed + relativedelta(months=hide_after_months()) if confirmed else None


def _approved(model):
    return select(model).where(model.status == ModerationStatus.APPROVED.value)


def entries_to_hide(now: datetime | None = None) -> list[tuple[str, object]]:
    """Approved entries, not hidden yet, unconfirmed since the cutoff."""
    cutoff = hiding_cutoff(now)
    due = []
    for kind, model in REGISTERED_MODELS.items():
        query = _approved(model).where(model.hidden_as_stale_at.is_(None), unconfirmed_since(model, cutoff))
        due += [(kind, entry) for entry in db.session.scalars(query.order_by(model.id))]
    return due


def entries_to_show_again(now: datetime | None = None) -> list[tuple[str, object]]:
    """Hidden entries confirmed after the cutoff in some other way (an import, a shorter setting)."""
    cutoff = hiding_cutoff(now)
    found = []
    for kind, model in REGISTERED_MODELS.items():
        confirmed = and_(model.hidden_as_stale_at.is_not(None), ~unconfirmed_since(model, cutoff))
        found += [(kind, entry) for entry in db.session.scalars(select(model).where(confirmed))]
    return found


def show_again(entry) -> None:
    """The entry is current again: visible to the public (if approved) with the commit."""
    entry.hidden_as_stale_at = None


@dataclass
class FreshnessRun:
    hidden: int = 0
    shown_again: int = 0
    owners_told: int = 0
    planners_told: int = 0


def planners_of(kommune_id: int | None) -> list[User]:
    """The active planners of a Kommune; where there is none (or no Kommune), the active admins."""
    planners = []
    if kommune_id is not None:
        planners = list(
            db.session.scalars(
                select(User).where(
                    User.active.is_(True),
                    User.role == Role.PLANNER.value,
                    User.kommunen.any(Kommune.id == kommune_id),
                )
            )
        )
    if planners:
        return planners
    return list(db.session.scalars(select(User).where(User.active.is_(True), User.role == Role.ADMIN.value)))


def apply_freshness(now: datetime | None = None) -> FreshnessRun:
    """Hide what is due (telling its owner and the planners once), show again what was confirmed
    otherwise. One commit per Kommune, then its mails (a failed commit sends nothing)."""
    now = now or utcnow()
    run = FreshnessRun()
    for _kind, entry in entries_to_show_again(now):
        show_again(entry)
        run.shown_again += 1
    if run.shown_again:
        db.session.commit()
    by_kommune: dict[int | None, list[tuple[str, object]]] = defaultdict(list)
    for kind, entry in entries_to_hide(now):
        by_kommune[entry.kommune_id].append((kind, entry))
    for kommune_id, entries in by_kommune.items():
        for kind, entry in entries:
            entry.hidden_as_stale_at = now
            record("ausgeblendet", kind, entry, note="seit langem nicht bestätigt", actor=SYSTEM)
            if entry.submitter_email:
                [(_entry, link)] = issue_links([(kind, entry)])
                queue_mail(entry.submitter_email, "stale_hidden", entry=entry, link=link)
                run.owners_told += 1
        links = [
            (entry, site_url("moderation.review", word=BY_TYPE[kind].word, entry_id=entry.id))
            for kind, entry in entries
        ]
        for planner in planners_of(kommune_id):
            queue_mail(planner.email, "stale_hidden_planner", planner=planner, entries=links)
            run.planners_told += 1
        commit_then_send()
        run.hidden += len(entries)
    return run


@dataclass
class Freshness:
    """What the staff start page shows: entries hidden as stale, and those hidden soon."""

    hidden: list[tuple[str, object, datetime]]  # (kind, entry, when it was hidden)
    soon: list[tuple[str, object, datetime]]  # (kind, entry, when it will be hidden)


def freshness_for(user: User, now: datetime | None = None) -> Freshness:
    """The entries of the account's Kommunen (admins: all) hidden as stale, and those hidden within
    WARN_BEFORE unless confirmed."""
    now = now or utcnow()
    cutoff, soon_cutoff = hiding_cutoff(now), hiding_cutoff(now + WARN_BEFORE)
    hidden, soon = [], []
    for kind, model in REGISTERED_MODELS.items():
        query = _scoped(_approved(model), model, user)
        hidden_query = query.where(model.hidden_as_stale_at.is_not(None)).order_by(model.name)
        hidden += [(kind, entry, entry.hidden_as_stale_at) for entry in db.session.scalars(hidden_query)]
        near = query.where(
            model.hidden_as_stale_at.is_(None),
            unconfirmed_since(model, soon_cutoff),
            ~unconfirmed_since(model, cutoff),
        )
        soon += [(kind, entry, hidden_on(entry)) for entry in db.session.scalars(near)]
    soon.sort(key=lambda item: item[2])
    return Freshness(hidden=hidden, soon=soon)
