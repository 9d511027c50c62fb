"""A running server repairs an index that lost its entries, without a restart and without a 500.

When the index folder is emptied or removed under a running process, the engine starts a new,
empty index there, marked incomplete (completeness.py), and serves from it. Every process that
reads an index marked incomplete starts one repair thread (repair_incomplete in reconcile.py):
the threads take the repair lock in turn, the first refills the index from the database, as
the start-up does, and removes the mark; the others find the mark gone and stop. A process
killed while refilling leaves the mark, so the next one that reads the index finishes the work.
"""

import logging
import threading
import time

from flask import Flask

from ..extensions import db
from .engine import search_backend
from .reconcile import repair_incomplete

log = logging.getLogger(__name__)
EXTENSION_KEY = "zwk_search_recovery"
RETRY_AFTER = 10.0  # seconds after a failed repair (database unreachable …) before the next try


class Recovery:
    """At most one repair thread per process."""

    def __init__(self, app: Flask):
        self.app = app
        self._thread: threading.Thread | None = None
        self._failed_at = float("-inf")
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the repair thread unless it runs (cheap: called on every read of a marked index)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            if time.monotonic() - self._failed_at < RETRY_AFTER:
                return
            self._thread = threading.Thread(target=self._run, name="search-repair", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the repair thread (tests, CLI); False if it still runs after `timeout`."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def _run(self) -> None:
        with self.app.app_context():
            try:
                repair_incomplete()
            except Exception:  # the mark stays: a read of the index after RETRY_AFTER tries again
                self._failed_at = time.monotonic()
                log.exception("refilling the search index failed")
            finally:
                db.session.remove()


def init_recovery(app: Flask) -> None:
    """Every read of an index marked incomplete makes sure that this process's repair runs."""
    recovery = app.extensions[EXTENSION_KEY] = Recovery(app)
    with app.app_context():
        search_backend().on_incomplete = recovery.start


def recovery_of(app: Flask) -> Recovery:
    return app.extensions[EXTENSION_KEY]
