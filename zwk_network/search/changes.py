"""Where writes that bypass the ORM register what they changed, for the search index."""

from collections import defaultdict

CHANGES = "search_changes"


def mark_changed(session, model, ids) -> None:
    """Register entries written without ORM objects (bulk inserts and updates)."""
    session.info.setdefault(CHANGES, defaultdict(set))[model].update(ids)
