"""Whoosh: many entries' documents built and written by processes of their own, in segments of their own.

The writing process holds the index's write lock throughout. It hands parts of entry ids
(document_workers.py) to `processes` fresh processes; each builds its parts' documents from the
database, analyses them and writes segments of its own, a new one every SEGMENT_DOCUMENTS
documents (as Whoosh's multi-process writer does with its sub-writers, which get finished
documents), then sends those segments back. The writing
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
LIMIT_MB = 64  # each worker's posting buffer before it spills a run to disk
#: A worker finishes its segment after this many documents and starts the next one: what a
#: segment's writer holds until it is finished (its terms, column buffers, run files) grows with its
#: documents (~25 MB per 10 000), so one segment per worker at 1 000 000 entries peaked at ~780 MB
#: per worker. More segments make searches a little slower; the next merge of the index joins them.
SEGMENT_DOCUMENTS = 100_000
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
        SPAWN.Process(
            target=_work,
            args=(number, directory, name, settings, SEGMENT_DOCUMENTS, jobs, results),
            daemon=True,
        )
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
        else:  # "done": the worker's document count and segments (of SEGMENT_DOCUMENTS at most)
            finished[number] = (rest[0], rest[1])
    count = sum(documents for documents, _segments in finished.values())
    return count, [segment for _documents, segments in finished.values() for segment in segments]


def _work(number: int, directory: str, name: str, settings: dict, per_segment: int, jobs, results) -> None:
    """A worker: start an app, then build and write every part it takes until it gets None."""
    try:
        document_workers.start(settings)
        index = FileStorage(directory, supports_mmap=False).open_index(name)
        writer, in_segment, count, segments = _segment_writer(index), 0, 0, []
        while (part := _next(jobs)) is not None:
            if in_segment >= per_segment:
                segments.append(writer._finalize_segment())
                writer, in_segment = _segment_writer(index), 0
            for document in document_workers.documents_of(part):
                writer.add_document(**to_fields(document))
                in_segment += 1
                count += 1
            results.put(("part", number, len(part[1])))
        if in_segment:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        results.put(("done", number, count, segments))
    except BaseException:
        results.put(("failed", number, traceback.format_exc()))
        raise


def _segment_writer(index) -> SegmentWriter:
    """A writer of a new segment of its own; the writing process holds the index's lock."""
    return SegmentWriter(index, _lk=False, limitmb=LIMIT_MB)


def _next(jobs):
    """The next part (None: no more); a worker whose writing process is gone (killed) ends too."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            return jobs.get(timeout=POLL)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                raise SystemExit("the writing process is gone") from None
