"""The index follows every committed change, through session events.

- ORM writes are noticed after each flush; bulk writes that bypass the ORM (imports, region
  re-derivation) register their ids with mark_changed().
- After the commit, the changed entries are read in a separate short session and written
  to the index. SQL is not allowed inside after_commit itself.
- A failed index write never undoes the database change: it leaves a drift marker, and
  repair_drift() (run at the next start, or by `flask search check --fix`) brings the index
  back in line with the database.
"""

import logging
from pathlib import Path

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..conferences.models import Conference
from ..extensions import db
from ..needs.models import Need
from ..registry.models import Initiative, MeetingPlace
from .changes import CHANGES, mark_changed
from .documents import documents_for_ids, indexable_documents
from .engine import EXTENSION_KEY, search_backend

log = logging.getLogger(__name__)
INDEXED_MODELS = (Initiative, MeetingPlace, Need, Conference)
DRIFT_MARKER = "DRIFT"


def _collect(session, _flush_context) -> None:
    for entry in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(entry, INDEXED_MODELS) and entry.id is not None:
            mark_changed(session, type(entry), [entry.id])


def _forget(session, *_args) -> None:
    session.info.pop(CHANGES, None)


def _apply(session) -> None:
    changes = session.info.pop(CHANGES, None)
    if not changes or not has_app_context() or EXTENSION_KEY not in current_app.extensions:
        return
    try:
        apply_changes(changes)
    except Exception:  # the database change stands; the index catches up at the next start
        log.exception("search index update failed; marking drift for repair")
        _drift_marker().touch()


CHUNK = 1000


def apply_changes(changes: dict) -> None:
    """Index the changed entries (streamed in chunks into one writer), remove the others."""
    removed: list[str] = []
    with Session(db.engine) as session:
        search_backend().index(_changed_documents(session, changes, removed))
    if removed:
        search_backend().remove(removed)


def _changed_documents(session, changes: dict, removed: list):
    for model, ids in changes.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            documents, gone = documents_for_ids(session, model, ordered[start : start + CHUNK])
            removed.extend(gone)
            yield from documents
            session.expunge_all()


def find_drift() -> tuple[list[str], list[str], list[str]]:
    """Keys missing from the index, stale in it, and in it but not (or no longer) public."""
    indexed = search_backend().versions()
    missing, stale, expected = [], [], set()
    for document in indexable_documents():
        expected.add(document.key)
        version = indexed.get(document.key)
        if version is None:
            missing.append(document.key)
        elif version != document.version:
            stale.append(document.key)
    return missing, stale, sorted(set(indexed) - expected)


def repair_drift() -> int:
    """Re-index what is missing or stale and remove what should not be there; returns the count."""
    missing, stale, extra = find_drift()
    wanted = set(missing) | set(stale)
    if wanted:
        search_backend().index(d for d in indexable_documents() if d.key in wanted)
    if extra:
        search_backend().remove(extra)
    _drift_marker().unlink(missing_ok=True)
    return len(wanted) + len(extra)


def drift_marked() -> bool:
    return _drift_marker().exists()


def _drift_marker() -> Path:
    return Path(search_backend().directory) / DRIFT_MARKER


def init_sync(app: Flask) -> None:
    if not getattr(init_sync, "_listening", False):  # session events are global: listen once
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "after_commit", _apply)
        event.listen(Session, "after_rollback", _forget)
        init_sync._listening = True
