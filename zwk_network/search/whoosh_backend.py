"""The Whoosh engine: an index directory per installation, safe for several processes.

Writers wait for Whoosh's file lock (up to LOCK_TIMEOUT), so several gunicorn workers can
write at once without a lock error reaching a user and without losing an update.
"""

import fcntl
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import CLEAR, LockError

from .backend import Located, SearchBackend, SearchQuery, SearchResult
from .columns import ColumnCache
from .documents import SearchDocument
from .whoosh_schema import build_schema, to_fields
from .whoosh_scoring import PostingCache, WhooshSnapshot
from .whoosh_search import run_locate, run_search

LOCK_TIMEOUT = 60.0  # seconds a writer waits for another process's writer
LOCK_DELAY = 0.02


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
        self._lock = threading.Lock()

    def _open_or_create(self):
        if whoosh_index.exists_in(str(self.directory)):
            return whoosh_index.open_dir(str(self.directory))
        with self._open_writer_lock():
            if whoosh_index.exists_in(str(self.directory)):  # another process was first
                return whoosh_index.open_dir(str(self.directory))
            return whoosh_index.create_in(str(self.directory), build_schema())

    def _open_writer_lock(self):
        return _DirectoryLock(self.directory / "CREATE.lock")

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with self._writer() as writer:
            for document in documents:
                writer.update_document(**to_fields(document))

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
        count = 0
        if not self.schema_is_current():  # written by an older version: start anew with today's fields
            with self._open_writer_lock():
                self._index = whoosh_index.create_in(str(self.directory), build_schema())
        options = {"procs": processes, "multisegment": True} if processes > 1 else {}
        writer = self._open_writer(limitmb=256, **options)
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

    def versions(self) -> dict[str, str]:
        searcher = self._current_searcher()
        return {fields["key"]: fields["version"] for fields in searcher.all_stored_fields()}

    def search(self, query: SearchQuery) -> SearchResult:
        searcher = self._current_searcher()
        return run_search(searcher, self._columns.columns(searcher), query)

    def scoring_snapshot(self) -> WhooshSnapshot:
        searcher = self._current_searcher()
        return WhooshSnapshot(searcher, self._columns.columns(searcher), self._postings)

    def schema_is_current(self) -> bool:
        """False when the index was written by an older version (a field is missing or changed)."""
        stored, wanted = self._index.schema, build_schema()
        return set(stored.names()) == set(wanted.names())

    def warm_up(self) -> None:
        searcher = self._current_searcher()
        self._columns.columns(searcher)

    def locate(self, query: SearchQuery, detail_limit: int) -> Located:
        searcher = self._current_searcher()
        return run_locate(searcher, self._columns.columns(searcher), query, detail_limit)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def _current_searcher(self):
        with self._lock:
            if self._searcher is not None and not self._searcher.up_to_date():
                # A new searcher rather than refresh(): refresh() fails on a formerly empty index.
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = _retrying(self._index.searcher)
            return self._searcher

    def _open_writer(self, **options):
        try:
            return self._index.writer(timeout=LOCK_TIMEOUT, delay=LOCK_DELAY, **options)
        except LockError as error:
            raise SearchUnavailable(f"the search index stayed locked for {LOCK_TIMEOUT:g} s") from error

    def _writer(self):
        """A writer for `with`: Whoosh commits on success and cancels on an error."""
        return self._open_writer()


def _retrying(open_function, attempts: int = 50, delay: float = 0.02):
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


class _DirectoryLock:
    """An exclusive lock file (fcntl) so that only one process creates a new index."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.handle = open(self.path, "a")  # held until __exit__
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        return False
