"""The index brought back in line with the database, whichever process failed to write it.

reconcile() runs at every start (startup.py) and in `flask search check --fix`. It is cheap
enough for every start (ids only, ~0.1 s at 20 000 entries, see bench/run_reconcile_bench.py):
- removes what a killed writer or reindex left in the index folder;
- an index of an older version is started anew; an empty index of a non-empty database is
  filled, and both are logged;
- replays the journal files of killed or failed writers (journal.py): this repairs changed
  content too, not only entries that are missing;
- compares the ids per type in the database with those in the index: what is missing is
  indexed, what should not be there is removed.
One process reconciles at a time (a file lock); the others go on without waiting. While an
empty index is filled, the folder is marked incomplete (completeness.py), so that searches in
every process say results may be missing; a finished reconcile removes the mark.
repair_incomplete() is what a running process does when it finds the mark (recovery.py).

find_drift() and repair_drift() compare every document's content version as well: they build
every document (seconds at 100 000), so only `flask search check` runs them.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from . import completeness, journal
from .documents import MODEL_TYPES, indexable_documents, indexable_ids
from .engine import search_backend
from .filelock import FileLock
from .sync import REPAIR_LOCK, apply_in_chunks, replay_orphans_locked

log = logging.getLogger(__name__)
MODELS = {kind: model for model, kind in MODEL_TYPES.items()}


@dataclass
class Reconciliation:
    skipped: bool = False  # another process was reconciling
    cleaned: list[str] = field(default_factory=list)  # leftover files removed
    started_anew: bool = False  # the index was empty or of an older version
    replayed: int = 0  # entries replayed from the journal
    added: int = 0
    removed: int = 0

    @property
    def repaired(self) -> int:
        return self.replayed + self.added + self.removed


def reconcile() -> Reconciliation:
    """Repair the difference between the database and the index (see the module docstring)."""
    directory = search_backend().directory
    directory.mkdir(parents=True, exist_ok=True)  # a removed index folder: the lock file needs it
    with FileLock(directory / REPAIR_LOCK, blocking=False) as lock:
        if not lock.held:
            return Reconciliation(skipped=True)
        return _reconcile_locked()


def repair_incomplete() -> Reconciliation | None:
    """Refill an index marked incomplete, after waiting for the process that repairs now (if
    any); None when the mark was gone by then (another process has refilled it)."""
    directory = search_backend().directory
    directory.mkdir(parents=True, exist_ok=True)
    with FileLock(directory / REPAIR_LOCK):
        if not completeness.marked(directory):
            return None
        result = _reconcile_locked()
        log.warning("search index refilled from the database: %d entries", result.repaired)
        return result


def _reconcile_locked() -> Reconciliation:
    backend = search_backend()
    seen = completeness.current(backend.directory)  # a mark set after this moment stays
    result = Reconciliation(cleaned=backend.clean_up())
    if result.cleaned:
        log.warning("search index: removed %d files left by an interrupted write", len(result.cleaned))
    if not backend.schema_is_current():
        log.warning("search index written by an older version: indexing everything anew")
        seen = completeness.mark(backend.directory)
        backend.rebuild([])
        result.started_anew = True
    expected = indexable_ids()
    if backend.document_count() == 0 and sum(len(ids) for ids in expected.values()):
        log.warning("search index empty, the database holds entries: indexing everything anew")
        seen = completeness.mark(backend.directory)
        result.started_anew = True
    result.replayed = replay_orphans_locked()
    missing, extra = _difference(expected, backend.indexed_ids())
    result.added = apply_in_chunks(missing)
    result.removed = apply_in_chunks(extra)  # no longer indexable: apply_changes removes them
    if missing or extra:
        log.warning("search index: %d entries added, %d removed", result.added, result.removed)
    completeness.clear(backend.directory, seen)  # what the database held when this began is indexed
    return result


def _difference(expected: dict, indexed: dict) -> tuple[dict, dict]:
    """Ids in the database and not in the index, and the other way round, as model -> ids."""
    missing, extra = defaultdict(set), defaultdict(set)
    for kind, model in MODELS.items():
        wanted, held = expected.get(kind, np.zeros(0)), indexed.get(kind, np.zeros(0))
        missing[model].update(int(i) for i in np.setdiff1d(wanted, held, assume_unique=True))
        extra[model].update(int(i) for i in np.setdiff1d(held, wanted, assume_unique=True))
    return _nonempty(missing), _nonempty(extra)


def _nonempty(changes: dict) -> dict:
    return {model: ids for model, ids in changes.items() if ids}


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
    return len(wanted) + len(extra)


def pending_writes() -> int:
    """How many journal files wait (written by commits whose index write has not finished)."""
    return len(journal.pending(search_backend().directory))
