"""`flask notify`: digests of new and changed public entries for every due subscription.

What is public is what the search index holds (search.documents.is_indexable, the one visibility
rule), and a subscription's filter is matched by the search itself. A run:

1. records which indexed entries are new or changed since the last run (entry_changes, by the
   documents' content versions);
2. sends again every digest a crashed run wrote but did not mark sent;
3. for each due subscription, writes a digest with its deliveries (one per entry and version:
   a unique constraint) and commits; then sends it (mail.commit_then_send); then marks it sent.

A crash before 3's commit leaves nothing (the rerun finds the same entries); one after it leaves a
digest not marked sent, which 2 sends again – with the same Message-ID, so the outbox keeps one
file and a mail program sees the same message. Nothing is lost and no entry is told twice.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import delete, func, insert, or_, select, update

from ..conferences.models import Conference
from ..entries import KINDS, entry_kind, entry_url
from ..errors import InvalidInput
from ..extensions import db
from ..mail import Envelope, commit_then_send, queue_mail
from ..matching.ranking import why_entry_fits
from ..matching.services import candidate_snapshot, need_profile
from ..needs.models import Need
from ..search.documents import document_key
from ..search.engine import search_backend
from ..timeutil import utcnow
from .filters import parsed_filter
from .models import EntryChange, Frequency, Subscription, SubscriptionDelivery, SubscriptionMail
from .services import list_unsubscribe_headers, mail_context, purge_unconfirmed

log = logging.getLogger(__name__)

#: Changes known before notifications began: never told as news.
BEFORE_NOTIFICATIONS = datetime(1970, 1, 1)
INTERVAL_HOURS = {Frequency.IMMEDIATE.value: 0, Frequency.DAILY.value: 24, Frequency.WEEKLY.value: 7 * 24}
#: A daily run started a little earlier than yesterday's still counts as a day later.
SLACK = timedelta(minutes=30)
#: Sent digests and their deliveries are kept this long (they are needed only against a rerun).
KEEP_SENT = timedelta(days=90)
BATCH = 200


@dataclass
class NotifyReport:
    new: int = 0
    changed: int = 0
    removed: int = 0
    purged: int = 0
    resent: int = 0
    sent: int = 0
    considered: int = 0
    filters: int = 0
    refused: list[int] = field(default_factory=list)  # subscriptions whose stored filter no longer holds

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.changed} changed, {self.removed} removed entries; "
            f"{self.considered} subscriptions due ({self.filters} distinct filters); "
            f"{self.sent} digests sent, {self.resent} sent again after an interrupted run; "
            f"{self.purged} unconfirmed subscriptions deleted"
        )


def run_notify(now: datetime | None = None) -> NotifyReport:
    """One run of the notifier (see the module's docstring); commits as it goes."""
    now = now or utcnow()
    report = NotifyReport()
    report.purged = purge_unconfirmed()
    _prune_sent(now)
    db.session.commit()
    report.resent = send_unsent(now)
    record_changes(now, report)
    db.session.commit()
    due = due_subscriptions(now)
    report.considered = len(due)
    matcher = FilterMatcher()
    for start in range(0, len(due), BATCH):
        report.sent += _send_batch(due[start : start + BATCH], matcher, now, report)
    report.filters = len(matcher.cache)
    return report


def record_changes(now: datetime, report: NotifyReport | None = None) -> None:
    """entry_changes follows the index: new keys and new versions are changed now; keys gone are
    forgotten. The first run takes what is there as known (at the entries' own update times)."""
    report = report or NotifyReport()
    indexed = search_backend().versions()
    known = dict(db.session.execute(select(EntryChange.entry_key, EntryChange.version)).all())
    first_run = not known
    new_keys = [key for key in indexed if key not in known]
    changed = [key for key in indexed if key in known and known[key] != indexed[key]]
    gone = [key for key in known if key not in indexed]
    times = entry_times(new_keys) if first_run else {}
    rows = [
        {
            "entry_key": key,
            "version": indexed[key],
            "first_seen_at": times.get(key, BEFORE_NOTIFICATIONS) if first_run else now,
            "changed_at": times.get(key, BEFORE_NOTIFICATIONS) if first_run else now,
        }
        for key in new_keys
    ]
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(EntryChange), rows[start : start + 1000])
    for key in changed:
        db.session.execute(
            update(EntryChange)
            .where(EntryChange.entry_key == key)
            .values(version=indexed[key], changed_at=now)
        )
    for start in range(0, len(gone), 500):
        db.session.execute(delete(EntryChange).where(EntryChange.entry_key.in_(gone[start : start + 500])))
    if not first_run:
        report.new, report.changed = len(new_keys), len(changed)
    report.removed = len(gone)


def entry_times(keys) -> dict[str, datetime]:
    """When entries were last written, as far as their tables say (conferences: their day)."""
    ids_by_type = defaultdict(list)
    for key in keys:
        kind, _colon, entry_id = key.partition(":")
        ids_by_type[kind].append(int(entry_id))
    times = {}
    for kind in KINDS:
        ids = ids_by_type.get(kind.type)
        if not ids:
            continue
        column = Conference.date if kind.model is Conference else kind.model.updated_at
        for start in range(0, len(ids), 500):
            rows = db.session.execute(
                select(kind.model.id, column).where(kind.model.id.in_(ids[start : start + 500]))
            )
            for entry_id, moment in rows:
                if moment is not None:
                    value = (
                        moment
                        if isinstance(moment, datetime)
                        else datetime.combine(moment, datetime.min.time())
                    )
                    times[document_key(kind.type, entry_id)] = value
    return times


def due_subscriptions(now: datetime) -> list[Subscription]:
    """Confirmed subscriptions whose last digest is long enough ago (its frequency, and never
    more often than SUBSCRIPTION_MIN_HOURS: one a day by default)."""
    minimum = current_app.config["SUBSCRIPTION_MIN_HOURS"]
    conditions = [Subscription.last_mail_at.is_(None)]
    for frequency, hours in INTERVAL_HOURS.items():
        wait = timedelta(hours=max(hours, minimum))
        conditions.append(
            (Subscription.frequency == frequency) & (Subscription.last_mail_at <= now - wait + SLACK)
        )
    query = select(Subscription).where(Subscription.confirmed_at.is_not(None), or_(*conditions))
    return list(db.session.scalars(query.order_by(Subscription.id)))


class FilterMatcher:
    """Which indexed entries a filter matches, by the search itself; one search per distinct filter."""

    def __init__(self):
        self.backend = search_backend()
        self.limit = max(1, self.backend.document_count())
        self.cache: dict[str, frozenset[str] | None] = {}

    def keys(self, subscription: Subscription) -> frozenset[str] | None:
        """The keys of the entries the filter matches; None when the stored filter no longer holds."""
        if subscription.filter_hash not in self.cache:
            self.cache[subscription.filter_hash] = self.matching(subscription.filter)
        return self.cache[subscription.filter_hash]

    def matching(self, normalised) -> frozenset[str] | None:
        """The keys a stored filter matches; None when it no longer holds."""
        try:
            parsed = parsed_filter(normalised)
        except InvalidInput:
            return None
        result = self.backend.search(replace(parsed.query, page=1, per_page=self.limit, facets=False))
        if result.fuzzy:  # spelling tolerance finds look-alikes: never news for a subscription
            return frozenset()
        return frozenset(document_key(hit.type, hit.entry_id) for hit in result.hits if not hit.partial)


def _send_batch(
    batch: list[Subscription], matcher: FilterMatcher, now: datetime, report: NotifyReport
) -> int:
    """Write the batch's digests with their deliveries, commit, send, mark them sent."""
    since = min(subscription.considered_until or subscription.confirmed_at for subscription in batch)
    changes = list(
        db.session.execute(
            select(
                EntryChange.entry_key, EntryChange.version, EntryChange.changed_at, EntryChange.first_seen_at
            )
            .where(EntryChange.changed_at > since, EntryChange.changed_at <= now)
            .order_by(EntryChange.changed_at, EntryChange.entry_key)
        )
    )
    ids = [subscription.id for subscription in batch]
    delivered = set(
        db.session.execute(
            select(
                SubscriptionDelivery.subscription_id,
                SubscriptionDelivery.entry_key,
                SubscriptionDelivery.version,
            ).where(SubscriptionDelivery.subscription_id.in_(ids))
        ).all()
    )
    numbers = dict(
        db.session.execute(
            select(SubscriptionMail.subscription_id, func.max(SubscriptionMail.number))
            .where(SubscriptionMail.subscription_id.in_(ids))
            .group_by(SubscriptionMail.subscription_id)
        ).all()
    )
    written = []
    for subscription in batch:
        matched = matcher.keys(subscription) if changes else frozenset()
        if matched is None:
            report.refused.append(subscription.id)
            log.warning("subscription %s: its stored filter no longer holds; skipped", subscription.id)
            continue
        start = subscription.considered_until or subscription.confirmed_at
        items = [
            change
            for change in changes
            if change.changed_at > start
            and change.entry_key in matched
            and (subscription.id, change.entry_key, change.version) not in delivered
        ]
        subscription.considered_until = now
        if not items:
            continue
        mail = SubscriptionMail(
            subscription_id=subscription.id, number=numbers.get(subscription.id, 0) + 1, created_at=now
        )
        mail.deliveries = [
            SubscriptionDelivery(
                subscription_id=subscription.id,
                entry_key=change.entry_key,
                version=change.version,
                is_new=change.first_seen_at == change.changed_at,
            )
            for change in items
        ]
        db.session.add(mail)
        subscription.last_mail_at = now
        written.append(mail)
    db.session.flush()
    return _send_mails(written, now)


def send_unsent(now: datetime) -> int:
    """Send the digests an interrupted run wrote but did not mark sent; how many."""
    mails = list(
        db.session.scalars(
            select(SubscriptionMail).where(SubscriptionMail.sent_at.is_(None)).order_by(SubscriptionMail.id)
        )
    )
    return _send_mails(mails, now)


def _send_mails(mails: list[SubscriptionMail], now: datetime) -> int:
    """Queue each digest, commit (the digests and their deliveries), send, then mark them sent."""
    snapshot = None
    sent = []
    # One look-up in the index for all digests of the batch: they share most of their entries.
    keys = {_entry_of(delivery) for mail in mails for delivery in mail.deliveries}
    indexed = search_backend().entries(keys)
    for mail in mails:
        subscription = mail.subscription
        if subscription.initiative_id is not None and snapshot is None:
            snapshot = candidate_snapshot()
        items = digest_items(mail, snapshot, indexed)
        if not items:  # everything in it was unpublished since: nothing to tell
            continue
        host = urlsplit(current_app.config["BASE_URL"]).hostname
        envelope = Envelope(
            headers=list_unsubscribe_headers(subscription),
            message_id=f"<zwk-subscription-{subscription.key}-{mail.number}@{host}>",
        )
        queue_mail(
            subscription.email,
            "subscription_digest",
            envelope=envelope,
            subscription=subscription,
            items=items,
            new_count=sum(1 for item in items if item["new"]),
            **mail_context(subscription),
        )
        sent.append(mail)
    commit_then_send()
    if mails:
        db.session.execute(
            update(SubscriptionMail)
            .where(SubscriptionMail.id.in_([mail.id for mail in mails]))
            .values(sent_at=now)
        )
        db.session.commit()
    return len(sent)


def _entry_of(delivery: SubscriptionDelivery) -> tuple[str, int]:
    kind, _colon, entry_id = delivery.entry_key.partition(":")
    return kind, int(entry_id)


def digest_items(mail: SubscriptionMail, snapshot=None, indexed=None) -> list[dict]:
    """What a digest tells, from its deliveries and the index as it is now: an entry no longer
    public is left out. A „Bedarfe in meiner Nähe“ digest says why each need was sent.
    `indexed`: the entries already looked up in the index (for a batch of digests)."""
    keys = [_entry_of(delivery) for delivery in mail.deliveries]
    if indexed is None:
        indexed = search_backend().entries(keys)
    items = []
    for delivery, key in zip(mail.deliveries, keys, strict=True):
        entry = indexed.get(key)
        if entry is None:
            continue
        items.append(
            {
                "kind": entry_kind(entry.type).label,
                "name": entry.name,
                "town": entry.town,
                "summary": entry.summary,
                "demo": entry.demo,
                "url": entry_url(entry.type, entry.entry_id, external=True),
                "new": delivery.is_new,
                "reasons": _reasons(mail.subscription, key, snapshot),
            }
        )
    return items


def _reasons(subscription: Subscription, key: tuple[str, int], snapshot) -> list[str]:
    """Why a need was sent to an initiative: matching's reasons (kind of help, theme, target group,
    words, distance)."""
    if subscription.initiative_id is None or key[0] != "need" or snapshot is None:
        return []
    need = db.session.get(Need, key[1])
    if need is None:
        return []
    fit = why_entry_fits(snapshot, need_profile(need), ("initiative", subscription.initiative_id))
    return fit.reasons if fit else []


def _prune_sent(now: datetime) -> None:
    old = select(SubscriptionMail.id).where(SubscriptionMail.sent_at < now - KEEP_SENT)
    db.session.execute(delete(SubscriptionDelivery).where(SubscriptionDelivery.mail_id.in_(old)))
    db.session.execute(delete(SubscriptionMail).where(SubscriptionMail.sent_at < now - KEEP_SENT))
