"""Search at start-up: the engine, the sync, the CLI, and repairing drift left by a failure."""

import logging

from flask import Flask

from ..schema import pending_migrations
from .cli import search_cli
from .documents import indexable_documents
from .engine import init_search, search_backend
from .sync import drift_marked, init_sync, repair_drift

log = logging.getLogger(__name__)


def init_search_for(app: Flask) -> None:
    init_search(app)
    init_sync(app)
    app.cli.add_command(search_cli)
    with app.app_context():
        repair_drift_left_by_a_failure()


def repair_drift_left_by_a_failure() -> None:
    """At start-up: rebuild an index of an older version; repair drift left by a failed write."""
    if pending_migrations():
        return
    if not search_backend().schema_is_current():
        count = search_backend().rebuild(indexable_documents())
        log.warning("search index written by an older version: rebuilt with %d entries", count)
        return
    if drift_marked():
        log.warning("search index drift found at start-up: repaired %d entries", repair_drift())
