"""Atom feeds (RFC 4287) of any filter, made with feedgen: the newest matching public entries."""

from datetime import UTC

from feedgen.feed import FeedGenerator
from flask_babel import gettext as _
from sqlalchemy import select

from ..entries import entry_kind, entry_url
from ..extensions import db
from ..links import site_url
from ..search.engine import search_backend
from ..timeutil import utcnow
from .filters import describe_filter, filter_args
from .models import EntryChange
from .notify import BEFORE_NOTIFICATIONS, FilterMatcher, entry_times

FEED_ENTRIES = 50


def atom_feed(normalised: dict) -> bytes:
    """The feed of a normalised filter (filters.normalise_filter): newest change first."""
    keys = _matching_keys(normalised)
    changed = _change_times(keys)
    newest = sorted(keys, key=lambda key: (changed.get(key, BEFORE_NOTIFICATIONS), key), reverse=True)
    newest = newest[:FEED_ENTRIES]
    pairs = [(kind, int(entry_id)) for kind, _colon, entry_id in (key.partition(":") for key in newest)]
    indexed = search_backend().entries(pairs)
    args = filter_args(normalised)
    self_url = site_url("subscriptions.feed", **args.to_dict(flat=False))
    lines = describe_filter(normalised)
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(
        _("zwk-network: %(filter)s", filter="; ".join(f"{line.label}: {line.value}" for line in lines))
    )
    feed.subtitle(_("Neue und geänderte öffentliche Einträge im Register der Zukunftswerkstatt Kommunen"))
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=site_url("search.search", **args.to_dict(flat=False)), rel="alternate", type="text/html")
    feed.language("de")
    feed.author({"name": "Zukunftswerkstatt Kommunen"})
    moments = [
        moment for key in newest if (moment := changed.get(key, BEFORE_NOTIFICATIONS)) > BEFORE_NOTIFICATIONS
    ]
    feed.updated(_aware(max(moments, default=None) or utcnow()))  # nothing matches (yet): as of now, not 1970
    for key, pair in zip(reversed(newest), reversed(pairs), strict=True):  # feedgen prepends
        entry = indexed.get(pair)
        if entry is None:
            continue
        url = entry_url(entry.type, entry.entry_id, external=True)
        item = feed.add_entry()
        item.id(url)
        item.title(f"{entry_kind(entry.type).label}: {entry.name}")
        item.link(href=url, rel="alternate", type="text/html")
        item.updated(_aware(changed.get(key, BEFORE_NOTIFICATIONS)))
        summary = " – ".join(part for part in (entry.town, entry.summary) if part)
        if summary:
            item.summary(summary)
    return feed.atom_str(pretty=True)


def _matching_keys(normalised: dict) -> list[str]:
    return sorted(FilterMatcher().matching(normalised) or ())


def _change_times(keys: list[str]) -> dict:
    if not keys:
        return {}
    times = entry_times(keys)
    for start in range(0, len(keys), 500):
        rows = db.session.execute(
            select(EntryChange.entry_key, EntryChange.changed_at).where(
                EntryChange.entry_key.in_(keys[start : start + 500])
            )
        )
        for key, moment in rows:
            if moment > BEFORE_NOTIFICATIONS:
                times[key] = moment
    return times


def _aware(moment):
    return moment.replace(tzinfo=UTC)
