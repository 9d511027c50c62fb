"""Search at start-up: the engine, the sync, the CLI, and repairing drift left by a failure."""

import logging

from flask import Flask

from ..schema import pending_migrations
from .cli import search_cli
from .engine import init_search
from .sync import drift_marked, init_sync, repair_drift

log = logging.getLogger(__name__)


def init_search_for(app: Flask) -> None:
    init_search(app)
    init_sync(app)
    app.cli.add_command(search_cli)
    with app.app_context():
        repair_drift_left_by_a_failure()


def repair_drift_left_by_a_failure() -> None:
    """At start-up: if an index write failed earlier, bring the index in line with the database."""
    if drift_marked() and not pending_migrations():
        log.warning("search index drift found at start-up: repaired %d entries", repair_drift())
