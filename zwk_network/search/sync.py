"""The index follows every committed change, through session events.

- ORM writes are noticed after each flush; bulk writes that bypass the ORM (imports, region
  re-derivation) register their ids with mark_changed().
- An engine whose index lives in the database (transactional: PostgreSQL) writes the changed
  entries' rows before the commit, in the same transaction: nothing to journal or replay.
- Otherwise, before the commit, the changed ids go to the journal (journal.py). After the commit, the
  changed entries are read in a separate short session and written to the index (SQL is not
  allowed inside after_commit itself); then the journal file is settled.
- A failed or interrupted index write never undoes the database change: its journal file stays,
  and the next index write of any process, the next start, or `flask search check --fix`
  replays it (replay_orphans); reconcile.py also compares the index with the database.
"""

import logging
import os
from collections import defaultdict

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..entries import KINDS
from ..extensions import db
from . import journal
from .changes import CHANGES, mark_changed
from .document_workers import changed_parts
from .documents import documents_for_ids
from .engine import EXTENSION_KEY, search_backend
from .filelock import FileLock

log = logging.getLogger(__name__)
INDEXED_MODELS = tuple(kind.model for kind in KINDS)
JOURNAL = "search_journal"
REPAIR_LOCK = "REPAIR.lock"  # one process at a time repairs (the others go on serving)
CHUNK = 1000  # entries read per query
REPAIR_CHUNK = 5000  # entries per index commit when repairing: a killed repair keeps its progress
#: From this many changed entries in one commit (a large import) the engine's bulk path indexes them.
BULK_CHANGES = 20_000
#: A repair of at least BULK_CHANGES entries (an emptied index, an import whose index write died)
#: commits per this many, each through the bulk path: 5 000 per commit would rewrite the growing
#: segments at every merge (at 1 000 000 entries 200 commits).
BULK_REPAIR_CHUNK = 100_000


def _collect(session, _flush_context) -> None:
    for entry in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(entry, INDEXED_MODELS) and entry.id is not None:
            mark_changed(session, type(entry), [entry.id])


def _record(session) -> None:
    """Before the commit: write what it changes to the journal (after the last flush)."""
    if session.in_nested_transaction() or not _searching():
        return
    session.flush()  # the flush commit would do next, now: its changes are collected
    changes = session.info.get(CHANGES)
    if not changes:
        return
    backend = search_backend()
    if getattr(backend, "transactional", False):  # the index is in this database: part of this commit
        session.info.pop(CHANGES)
        write_in_transaction(session, backend, changes)
        return
    try:
        session.info[JOURNAL] = journal.record(search_backend().directory, changes)
    except OSError:  # the commit goes on; comparing ids at the next start finds what is missing
        log.exception("could not write the search journal")


def write_in_transaction(session, backend, changes: dict) -> None:
    """Write the changed entries' documents with the session's own connection, before it commits.

    The entries are read by a session of their own on the same connection (it sees the uncommitted
    rows), emptied after every chunk, and streamed to the engine: reading them into the committing
    session kept every entry in its identity map, and each autoflush check walked all of them
    (quadratic in the entries of a large import, 3.1 GB at 1 000 000). From BULK_CHANGES entries on,
    the engine's bulk path (COPY) writes them."""
    removed: list[str] = []
    with Session(bind=session.connection(), autoflush=False) as reader:
        documents = _changed_documents(reader, changes, removed)
        if sum(len(ids) for ids in changes.values()) >= BULK_CHANGES:
            backend.write_many_in(session.connection(), documents)
        else:
            backend.write_in(session.connection(), documents, ())
    if removed:
        backend.write_in(session.connection(), (), removed)


def _forget(session, *_args) -> None:
    session.info.pop(CHANGES, None)
    journal.settle(session.info.pop(JOURNAL, None))


def _apply(session) -> None:
    changes = session.info.pop(CHANGES, None)
    recorded = session.info.pop(JOURNAL, None)
    if not changes or not _searching():
        return
    try:
        apply_changes(changes)
    except Exception:  # the database change stands; the journal file stays for the repair
        log.exception("search index update failed; it is replayed from the journal")
        return
    journal.settle(recorded)
    try:
        replay_orphans()  # cheap when there is nothing: one folder listing
    except Exception:
        log.exception("replaying the search journal failed; the next start tries again")


def _searching() -> bool:
    return has_app_context() and EXTENSION_KEY in current_app.extensions


def apply_changes(changes: dict) -> None:
    """Index the changed entries (streamed in chunks into one writer), remove the others.

    The entries are read while the writer holds the index lock, so of two processes writing
    the same entry, the later one reads (and writes) the later state."""
    if sum(len(ids) for ids in changes.values()) >= BULK_CHANGES:  # its documents built in parallel
        search_backend().index_parts(changed_parts(changes), processes=bulk_processes())
        return
    removed: list[str] = []
    with Session(db.engine) as session:
        search_backend().index(_changed_documents(session, changes, removed))
    if removed:
        search_backend().remove(removed)


def bulk_processes() -> int:
    """Processes that build or analyse documents in a bulk write or a rebuild: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def apply_in_chunks(changes: dict) -> int:
    """apply_changes, one index commit per REPAIR_CHUNK entries (BULK_REPAIR_CHUNK for a large
    repair); returns the number of entries."""
    pairs = [(model, entry_id) for model, ids in changes.items() for entry_id in sorted(ids)]
    chunk = BULK_REPAIR_CHUNK if len(pairs) >= BULK_CHANGES else REPAIR_CHUNK
    for start in range(0, len(pairs), chunk):
        part = defaultdict(set)
        for model, entry_id in pairs[start : start + chunk]:
            part[model].add(entry_id)
        apply_changes(part)
    return len(pairs)


def _changed_documents(session, changes: dict, removed: list):
    for model, ids in changes.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            documents, gone = documents_for_ids(session, model, ordered[start : start + CHUNK])
            removed.extend(gone)
            yield from documents
            session.expunge_all()


def replay_orphans() -> int:
    """Apply what killed or failed writers left in the journal; returns the entries replayed.

    Skipped (0) while another process repairs: it replays the same files."""
    directory = search_backend().directory
    if not journal.orphans(directory):
        return 0
    with FileLock(directory / REPAIR_LOCK, blocking=False) as lock:
        return replay_orphans_locked() if lock.held else 0


def replay_orphans_locked() -> int:
    """replay_orphans for a caller that holds the repair lock."""
    paths = journal.orphans(search_backend().directory)
    changes = defaultdict(set)
    for path in paths:
        for model, ids in journal.read(path).items():
            changes[model] |= ids
    count = apply_in_chunks(changes)
    for path in paths:
        journal.settle(path)
    if count:
        log.warning("search index: replayed %d entries left by an interrupted write", count)
    return count


def init_sync(app: Flask) -> None:
    if not getattr(init_sync, "_listening", False):  # session events are global: listen once
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "before_commit", _record)
        event.listen(Session, "after_commit", _apply)
        event.listen(Session, "after_rollback", _forget)
        init_sync._listening = True
