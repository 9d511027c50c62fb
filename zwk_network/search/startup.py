"""Search at start-up: the engine, the sync, the CLI, and repairing what a failure left."""

import logging
import subprocess

from flask import Flask

from ..config import StartupError
from ..schema import pending_migrations
from . import compound_model
from .cli import search_cli
from .document_workers import WORKER_SETTING
from .engine import init_search
from .reconcile import reconcile
from .recovery import init_recovery
from .sync import init_sync

log = logging.getLogger(__name__)


def init_search_for(app: Flask) -> None:
    open_compound_model(app.config.get("COMPOUND_MODEL_DIR"))
    if app.config.get(WORKER_SETTING):  # builds documents for another process's write: analysis only
        return
    init_search(app)
    init_sync(app)
    app.cli.add_command(search_cli)
    with app.app_context():
        reconcile_at_start()
    init_recovery(app)  # from now on, an index that loses its entries is refilled while serving


def open_compound_model(directory: str | None) -> None:
    """Map the compound splitter's model (written first, once per machine, when missing): a
    folder it cannot be written to stops the start, in one line, rather than the first search."""
    compound_model.use_directory(directory)
    try:
        compound_model.model()
    except (OSError, subprocess.SubprocessError) as error:
        folder = directory or compound_model.default_directory()
        raise StartupError(
            f"the compound splitter's model could not be written to {folder} ({error}); "
            "set ZWK_COMPOUND_MODEL_DIR to a writable folder"
        ) from None


def reconcile_at_start() -> None:
    """Bring the index in line with the database (nothing to do before the schema is migrated)."""
    if pending_migrations():
        return
    result = reconcile()
    if result.repaired or result.started_anew:
        log.warning("search index repaired at start-up: %d entries", result.repaired)
