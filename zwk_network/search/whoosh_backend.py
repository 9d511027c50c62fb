"""The Whoosh engine: an index directory per installation, safe for several processes.

Writers wait for Whoosh's file lock (up to LOCK_TIMEOUT), so several gunicorn workers can
write at once without a lock error reaching a user and without losing an update.

When the index folder is emptied or removed under a running process, its next read or write
starts a new, empty index there, marked incomplete (completeness.py), and goes on; the
`on_incomplete` callback (recovery.py) has the database refill it.
"""

import logging
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, EmptyIndexError, clean_files
from whoosh.writing import CLEAR, NO_MERGE, LockError

from . import completeness, compound_model, whoosh_parallel
from .backend import IndexedEntry, MapView, SearchBackend, SearchQuery, SearchResult
from .columns import ColumnCache, numeric_column
from .document_workers import EntryParts, documents_here
from .documents import TYPES, SearchDocument, document_key
from .filelock import FileLock
from .whoosh_schema import build_schema, to_fields
from .whoosh_scoring import PostingCache, WhooshCandidates, indexed_entry
from .whoosh_search import run_map_view, run_search

#: From this many entries in one write, worker processes build and write their documents.
PARALLEL_FROM = 20_000
LOCK_TIMEOUT = 60.0  # seconds a writer waits for another process's writer
LOCK_DELAY = 0.02
#: What opening an index raises when its files are gone: replaced by a commit, or deleted.
FILES_GONE = (FileNotFoundError, EmptyIndexError)
log = logging.getLogger(__name__)


class SearchUnavailable(RuntimeError):
    """The index could not be written (lock held too long, disk full …)."""


class WhooshBackend(SearchBackend):
    def __init__(self, directory: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._index = _retrying(self._open_or_create)
        self._columns = ColumnCache()
        self._postings = PostingCache()
        self._searcher = None
        self._finalizer = weakref.finalize(self, lambda: None)
        self._candidates: dict[tuple[str, ...], WhooshCandidates] = {}  # of the current searcher
        self._lock = threading.Lock()
        #: Called (in the reading thread) whenever the index is read while marked incomplete.
        self.on_incomplete: Callable[[], None] | None = None

    @classmethod
    def from_config(cls, config) -> "WhooshBackend":
        return cls(config["SEARCH_DIR"])

    def _open_or_create(self):
        if _exists(self.directory):
            return _storage(self.directory).open_index()
        with self._open_writer_lock():
            if _exists(self.directory):  # another process was first
                return _storage(self.directory).open_index()
            return _storage(self.directory).create_index(build_schema())

    def _open_writer_lock(self):
        return FileLock(self.directory / "CREATE.lock")

    def _opened(self, use: Callable):
        """use(index), retried while another process's commit replaces files (see _retrying);
        when the index folder was emptied or removed, on a new index started there."""
        for attempt in range(ATTEMPTS):
            try:
                return use(self._index)
            except FILES_GONE:
                if not _exists(self.directory):
                    self._start_anew_after_loss()
                elif attempt == ATTEMPTS - 1:
                    raise
                else:
                    time.sleep(RETRY_DELAY)
        return use(self._index)

    def _start_anew_after_loss(self) -> None:
        """The index's files are gone: mark the folder incomplete, then start an empty index.

        The mark comes first, so whoever opens the new index sees it; of several processes
        noticing at once, one creates the index and the others open it (_open_or_create)."""
        log.warning("search index at %s was emptied or removed: starting it anew", self.directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        completeness.mark(self.directory)
        self._index = self._open_or_create()

    def incomplete(self) -> bool:
        return completeness.marked(self.directory)

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with self._writer() as writer:
            for document in documents:
                writer.update_document(**to_fields(document))

    def index_many(self, documents: Iterable[SearchDocument], processes: int = 1) -> None:
        """One writer whose documents are analysed by `processes` processes, each writing a
        segment of its own with a larger buffer (no merge into the existing segments): a large
        import is indexed at the speed of `search reindex` instead of one process's."""
        options = {"procs": processes, "multisegment": True} if processes > 1 else {}
        writer = self._open_writer(limitmb=256, **options)
        try:
            # A new entry is added without looking up its key in every segment (~0.1 ms each).
            present = _held_ids(writer)
            for document in documents:
                fields = to_fields(document)
                if _holds(present[document.type], document.entry_id):
                    writer.update_document(**fields)
                else:
                    writer.add_document(**fields)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)

    def index_parts(self, entries: EntryParts, processes: int = 1) -> None:
        """From PARALLEL_FROM entries on, their documents are built and written by `processes`
        worker processes (whoosh_parallel.py) while this one holds the lock: an import of 1 000 000
        entries is no longer bound by one process building documents (~0.4 ms each)."""
        if len(entries) < PARALLEL_FROM:
            return super().index_parts(entries, processes)
        writer = self._open_writer()
        try:
            present = _held_ids(writer)
            for kind, ids in entries.parts:  # what the index holds goes; workers add what is public
                for entry_id in ids:
                    if _holds(present[kind], entry_id):
                        writer.delete_by_term("key", document_key(kind, entry_id))
            _count, segments = whoosh_parallel.write_parts(writer, entries.parts, entries.settings, processes)
        except BaseException:
            writer.cancel()
            raise
        _commit_segments(writer, segments, NO_MERGE)

    def remove(self, keys: Iterable[str]) -> None:
        with self._writer() as writer:
            for key in keys:
                writer.delete_by_term("key", key)

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        progress: Callable[[int], None] | None = None,
        processes: int = 1,
    ) -> int:
        self._start_anew_if_outdated()
        options = {"procs": processes, "multisegment": True} if processes > 1 else {}
        return _fill(self._open_writer(limitmb=256, **options), documents, progress)

    def rebuild_parts(
        self,
        entries: Callable[[], EntryParts],
        progress: Callable[[int], None] | None = None,
        processes: int = 1,
    ) -> int:
        """rebuild(); from PARALLEL_FROM entries on their documents are built and written by worker
        processes (as in index_parts). The entries are read once this process holds the lock: an
        entry approved meanwhile is written after the rebuild, not dropped by it."""
        self._start_anew_if_outdated()
        writer = self._open_writer()
        try:
            parts = entries()
            if len(parts) < PARALLEL_FROM:
                return _fill(writer, documents_here(parts.parts, []), progress)
            count, segments = whoosh_parallel.write_parts(
                writer, parts.parts, parts.settings, processes, progress
            )
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        _commit_segments(writer, segments, CLEAR)  # readers see the old index until this moment
        return count

    def _start_anew_if_outdated(self) -> None:
        if not self.schema_is_current():  # written by an older version: start anew with today's fields
            with self._open_writer_lock():
                self._index = _storage(self.directory).create_index(build_schema())

    def indexed_ids(self) -> dict[str, np.ndarray]:
        """Read from two value columns of each segment (no stored fields): milliseconds."""
        return _indexed_ids(self._current_searcher().reader())

    def document_count(self) -> int:
        return self._current_searcher().doc_count()

    def clean_up(self) -> list[str]:
        """Remove what a killed writer left: its temporary folder and files of segments that no
        table of contents names. Only while no writer is at work (else nothing is touched)."""
        return self._opened(self._clean_up)

    def _clean_up(self, index) -> list[str]:
        lock = index.lock("WRITELOCK")
        if not lock.acquire(blocking=False):
            return []
        try:
            before = set(index.storage.list())
            name = index.indexname
            temporary = self.directory / f"{name}.tmp"  # a writer's posting pool and job files
            if temporary.exists():
                shutil.rmtree(temporary, ignore_errors=True)
            for path in self.directory.glob(f"_{name}_*.toc.*"):  # a table of contents half written
                path.unlink(missing_ok=True)
            toc = TOC.read(index.storage, name)
            clean_files(index.storage, name, toc.generation, toc.segments)
            return sorted(before - set(index.storage.list()))
        finally:
            lock.release()

    def versions(self) -> dict[str, str]:
        searcher = self._current_searcher()
        return {fields["key"]: fields["version"] for fields in searcher.all_stored_fields()}

    def search(self, query: SearchQuery) -> SearchResult:
        searcher = self._current_searcher()
        return run_search(searcher, self._columns.columns(searcher), query, self._postings)

    def candidates(self, types: tuple[str, ...]) -> WhooshCandidates:
        searcher = self._current_searcher()
        columns = self._columns.columns(searcher)
        with self._lock:
            cached = self._candidates.get(types)
        if cached is not None and cached.searcher is searcher:
            return cached
        snapshot = WhooshCandidates(searcher, columns, self._postings, types)
        with self._lock:
            self._candidates[types] = snapshot
        return snapshot

    def entries(self, keys) -> dict[tuple[str, int], IndexedEntry]:
        searcher = self._current_searcher()
        found = {}
        for kind, entry_id in keys:
            docnum = searcher.document_number(key=document_key(kind, entry_id))
            if docnum is not None:
                found[kind, entry_id] = indexed_entry(searcher.stored_fields(docnum))
        return found

    def schema_is_current(self) -> bool:
        """False when the index was written by an older version (a field is missing or changed)."""
        stored, wanted = self._opened(lambda index: index.schema), build_schema()
        return set(stored.names()) == set(wanted.names())

    def warm_up(self) -> None:
        compound_model.model()  # written first when missing (a child process, once per machine)
        searcher = self._current_searcher()
        self._columns.columns(searcher)

    def map_view(self, query: SearchQuery, zoom: int, detail_limit: int) -> MapView:
        searcher = self._current_searcher()
        columns = self._columns.columns(searcher)
        return run_map_view(searcher, columns, query, zoom, detail_limit, self._postings)

    def close(self) -> None:
        with self._lock:
            self._close_searcher()

    def _close_searcher(self) -> None:
        """Close the current searcher (called with the lock held)."""
        self._finalizer.detach()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _current_searcher(self):
        with self._lock:
            if self._searcher is not None and not self._searcher.up_to_date():
                # A new searcher rather than refresh(): refresh() fails on a formerly empty index.
                self._close_searcher()
                self._candidates = {}
            if self._searcher is None:
                self._searcher = self._opened(lambda index: index.searcher())
                # Its files are open (not mapped, see _storage): closed with the backend at the latest.
                self._finalizer = weakref.finalize(self, self._searcher.close)
            searcher = self._searcher
        self._report_incomplete()
        return searcher

    def _report_incomplete(self) -> None:
        if self.on_incomplete is not None and self.incomplete():
            self.on_incomplete()

    def _open_writer(self, **options):
        try:
            writer = self._opened(lambda ix: ix.writer(timeout=LOCK_TIMEOUT, delay=LOCK_DELAY, **options))
        except LockError as error:
            raise SearchUnavailable(f"the search index stayed locked for {LOCK_TIMEOUT:g} s") from error
        self._report_incomplete()
        return writer

    def _writer(self):
        """A writer for `with`: Whoosh commits on success and cancels on an error."""
        return self._open_writer()


def _fill(writer, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None) -> int:
    """Write these documents as the whole index with `writer` (committed at the end); their number."""
    count = 0
    try:
        for document in documents:
            writer.add_document(**to_fields(document))
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)  # readers see the old index until this moment
    return count


def _commit_segments(writer, segments: list, mergetype) -> None:
    """Commit a writer that added nothing itself (only deletions) with the workers' segments."""
    kept = writer._merge_segments(mergetype, False, False)
    writer._close_segment()
    writer._commit_toc(kept + segments)
    writer._finish()


def _held_ids(writer) -> dict[str, np.ndarray]:
    """The entry ids the index holds, read once by a writer (under its lock: current)."""
    reader = writer.reader()
    try:
        return _indexed_ids(reader)
    finally:
        reader.close()


def _indexed_ids(reader) -> dict[str, np.ndarray]:
    """The sorted entry ids of a reader's live documents per type, from two value columns of each
    segment."""
    codes, ids = [], []
    for leaf, _base in reader.leaf_readers():
        if leaf.segment() is None:
            continue
        count = leaf.doc_count_all()
        alive = np.ones(count, dtype=bool)
        if leaf.segment().has_deletions():
            alive[np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)] = False
        codes.append(numeric_column(leaf, "type_code", count)[alive])
        ids.append(numeric_column(leaf, "entry_id", count).astype(np.int64)[alive])
    code, entry_id = (np.concatenate(c) if c else np.zeros(0, dtype=np.int64) for c in (codes, ids))
    return {kind: np.sort(entry_id[code == number]) for number, kind in enumerate(TYPES)}


def _holds(ids: np.ndarray, entry_id: int) -> bool:
    """Whether sorted ids hold an id."""
    at = int(np.searchsorted(ids, entry_id))
    return at < len(ids) and int(ids[at]) == entry_id


def _storage(directory: Path) -> FileStorage:
    """The index folder, read with ordinary reads rather than memory-mapped. Whoosh maps whole
    segment files, and every page a reader touches then counts in the RSS of each worker (at
    100 000 entries ~100 MB after start-up, ~170 MB after searches); read, the pages stay in the
    page cache, shared by all processes and outside them."""
    return FileStorage(str(directory), supports_mmap=False)


def _exists(directory: Path) -> bool:
    return directory.is_dir() and _storage(directory).index_exists()


ATTEMPTS, RETRY_DELAY = 50, 0.02


def _retrying(open_function, attempts: int = ATTEMPTS, delay: float = RETRY_DELAY):
    """Open index files, retrying when another process's commit just replaced them.

    A commit writes a new table of contents and deletes the old one (and merged segments);
    a reader that lists the files just before that finds one gone. Files already open stay
    readable, so trying again with the new list is all it takes."""
    for attempt in range(attempts):
        try:
            return open_function()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")
