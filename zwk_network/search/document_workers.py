"""Index documents of many entries, built by processes of their own (a large import, a rebuild).

Building a document reads its entry with its tags and places, translates labels and suggests kinds
of help: ~0.4 ms of Python per entry, which one process cannot spread over the cores. An engine
that writes its index outside the database (Whoosh) hands parts of entry ids to fresh processes
instead: each starts its own app with the writing process's settings, reads its parts from the
database (committed rows) and writes what it built itself. Fresh (spawned) processes, not forked
ones: a fork would copy the writer's open database connections, locks and threads.

Parts are (document type, ids) of at most PART_SIZE ids. Nothing here writes the database.
"""

import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy.orm import Session

from ..entries import KINDS
from ..extensions import db
from .documents import SearchDocument, documents_for_ids, indexable_ids

PART_SIZE = 1000  # entries per part: read with one query, small enough to share the work evenly
#: The setting that makes create_app start an app for building documents only: no search engine,
#: no sync, no repair at start (it would index the very entries the writing process is indexing).
WORKER_SETTING = "SEARCH_DOCUMENT_WORKER"

Part = tuple[str, tuple[int, ...]]
_MODELS = {kind.type: kind.model for kind in KINDS}
_app: Flask | None = None


@dataclass(frozen=True)
class EntryParts:
    """Entries to index, named by id in parts, with the settings a worker's app starts with."""

    parts: tuple[Part, ...]
    settings: dict

    def __len__(self) -> int:
        return sum(len(ids) for _kind, ids in self.parts)


def changed_parts(changes: dict) -> EntryParts:
    """The changed entries ({model: ids}) in parts of at most PART_SIZE ids, ids in order."""
    types = {kind.model: kind.type for kind in KINDS}
    return _parts({types[model]: sorted(ids) for model, ids in changes.items()})


def every_part() -> EntryParts:
    """Every entry the index should hold, in parts (for a rebuild: ids only, read at once)."""
    return _parts({kind: ids.tolist() for kind, ids in indexable_ids().items()})


def _parts(ids_by_type: dict[str, list[int]]) -> EntryParts:
    parts = []
    for kind, ids in ids_by_type.items():
        for start in range(0, len(ids), PART_SIZE):
            parts.append((kind, tuple(ids[start : start + PART_SIZE])))
    return EntryParts(tuple(parts), settings_of(current_app))


def settings_of(app: Flask) -> dict:
    """The app's settings a worker's app is started with: those that can be sent to a process
    (values such as the engine options, derived again by create_app, are left out)."""
    settings = {}
    for key, value in app.config.items():
        if not key.isupper():
            continue
        try:
            pickle.dumps(value)
        except Exception:  # a function, a class …: create_app derives these itself
            continue
        settings[key] = value
    settings.pop("SQLALCHEMY_ENGINE_OPTIONS", None)
    return settings | {WORKER_SETTING: True}


def start(settings: dict) -> None:
    """In a worker process: its own app, with the writing process's settings."""
    global _app
    from .. import create_app

    _app = create_app(settings)


def documents_of(part: Part) -> list[SearchDocument]:
    """In a worker process: the documents of a part's entries that belong in the index."""
    kind, ids = part
    with _app.app_context():
        try:
            documents, _gone = documents_for_ids(db.session, _MODELS[kind], ids)
            return documents
        finally:
            db.session.remove()


def documents_here(parts: Iterable[Part], removed: list[str]) -> Iterator[SearchDocument]:
    """The documents of these parts, built in this process (an engine without worker processes);
    the keys of entries that must leave the index are appended to `removed`."""
    with Session(db.engine) as session:  # of its own: called after a commit, in its events too
        for kind, ids in parts:
            documents, gone = documents_for_ids(session, _MODELS[kind], ids)
            removed.extend(gone)
            yield from documents
            session.expunge_all()
