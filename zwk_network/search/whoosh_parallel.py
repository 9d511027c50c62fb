"""Whoosh: many entries' documents built and written by processes of their own, one segment each.

The writing process holds the index's write lock throughout. It hands parts of entry ids
(document_workers.py) to `processes` fresh processes; each builds its parts' documents from the
database, analyses them and writes a segment of its own (as Whoosh's multi-process writer does
with its sub-writers, which get finished documents), then sends that segment back. The writing
process adds the segments to the table of contents in one commit: readers see all or nothing.

A worker that fails or dies fails the whole write (no segment is added, the caller's index write
raises, the journal keeps the change for the repair); Whoosh's own writer would leave such a
worker's documents out without a word.
"""

import multiprocessing
import queue
import traceback
from collections.abc import Callable, Iterable

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from . import document_workers
from .whoosh_schema import to_fields

SPAWN = multiprocessing.get_context("spawn")
LIMIT_MB = 128  # each worker's posting buffer before it spills a run to disk (~400 MB per worker at 100 000)
POLL = 0.5  # seconds between looks at the workers while waiting for their messages


class WorkerFailed(RuntimeError):
    """A process building documents failed or died: nothing it wrote is used."""


def write_parts(
    writer: SegmentWriter,
    parts: Iterable[document_workers.Part],
    settings: dict,
    processes: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, list]:
    """Build and write the parts' documents in `processes` workers for `writer` (which holds the
    lock); returns the number of documents and the workers' segments, to be committed with it."""
    jobs, results = SPAWN.Queue(), SPAWN.Queue()
    directory, name = writer.storage.folder, writer.indexname
    workers = [
        SPAWN.Process(target=_work, args=(number, directory, name, settings, jobs, results), daemon=True)
        for number in range(max(1, processes))
    ]
    for worker in workers:
        worker.start()
    try:
        for part in parts:
            jobs.put(part)
        for _ in workers:
            jobs.put(None)
        return _collect(workers, results, progress)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
        jobs.close()
        results.close()


def _collect(workers, results, progress) -> tuple[int, list]:
    finished: dict[int, tuple[int, object]] = {}
    ended_silently: set[int] = set()  # ended without "done" yet: its last message may still be on its way
    entries = 0
    while len(finished) < len(workers):
        try:
            message = results.get(timeout=POLL)
        except queue.Empty:
            for number, worker in enumerate(workers):
                if number in finished or worker.exitcode is None:
                    continue
                if worker.exitcode != 0 or number in ended_silently:
                    code = worker.exitcode
                    raise WorkerFailed(f"document worker {number} ended with code {code}") from None
                ended_silently.add(number)
            continue
        kind, number, *rest = message
        if kind == "failed":
            raise WorkerFailed(f"document worker {number} failed:\n{rest[0]}")
        if kind == "part":
            entries += rest[0]
            if progress:
                progress(entries)
        else:  # "done": the worker's document count and segment (None if it wrote none)
            finished[number] = (rest[0], rest[1])
    count = sum(documents for documents, _segment in finished.values())
    return count, [segment for _documents, segment in finished.values() if segment is not None]


def _work(number: int, directory: str, name: str, settings: dict, jobs, results) -> None:
    """A worker: start an app, then build and write every part it takes until it gets None."""
    try:
        document_workers.start(settings)
        index = FileStorage(directory, supports_mmap=False).open_index(name)
        writer = SegmentWriter(index, _lk=False, limitmb=LIMIT_MB)  # the writing process holds the lock
        count = 0
        while (part := _next(jobs)) is not None:
            for document in document_workers.documents_of(part):
                writer.add_document(**to_fields(document))
                count += 1
            results.put(("part", number, len(part[1])))
        if count:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        results.put(("done", number, count, segment))
    except BaseException:
        results.put(("failed", number, traceback.format_exc()))
        raise


def _next(jobs):
    """The next part (None: no more); a worker whose writing process is gone (killed) ends too."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            return jobs.get(timeout=POLL)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                raise SystemExit("the writing process is gone") from None
