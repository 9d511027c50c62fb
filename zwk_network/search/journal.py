"""The journal of pending index writes: which entries a commit changed, on disk before the commit.

A commit that changes indexed entries first writes their ids to a file in the index's `pending/`
folder; once the index holds the change, the file is removed. A process killed between its commit
and its index write (or while waiting for the index lock) leaves its file behind, and any other
process repairs from it: the ids say what to read again from the database, which stays the source
of truth. A file whose commit never happened costs one harmless re-read.

Files are named `<pid>-<random>.json`; one is orphaned when its process is gone, or when it is
older than ORPHAN_AGE (a write that failed, or a process id reused after a restart).
"""

import json
import os
import time
import uuid
from pathlib import Path

from .documents import MODEL_TYPES

MODELS = {kind: model for model, kind in MODEL_TYPES.items()}
FOLDER = "pending"
ORPHAN_AGE = 180.0  # seconds: longer than any writer waits for the index lock (LOCK_TIMEOUT)


def record(directory: Path, changes: dict) -> Path:
    """Write the changed ids (model -> ids) durably; returns the file to settle() later."""
    folder = Path(directory) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)  # the index folder may be gone
    path = folder / f"{os.getpid()}-{uuid.uuid4().hex}.json"
    temporary = folder / f".{path.name}"  # never read: only complete files carry the .json name
    content = {
        MODEL_TYPES[model]: sorted(ids) for model, ids in changes.items() if ids and model in MODEL_TYPES
    }
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(content, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def settle(path: Path | None) -> None:
    """The index holds the change (or the commit did not happen): forget the file."""
    if path is not None:
        path.unlink(missing_ok=True)


def read(path: Path) -> dict:
    """The changes of a file as model -> set of ids (an unreadable file: nothing)."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {MODELS[kind]: set(ids) for kind, ids in content.items() if kind in MODELS}


def orphans(directory: Path) -> list[Path]:
    """Files whose writer is gone (or that are too old to belong to a write still under way)."""
    folder = Path(directory) / FOLDER
    if not folder.is_dir():
        return []
    now, found = time.time(), []
    for path in folder.iterdir():
        try:
            age = now - path.stat().st_mtime
        except FileNotFoundError:  # settled meanwhile
            continue
        if age > ORPHAN_AGE or not _alive(_writer_pid(path)):
            found.append(path)
    return sorted(found)


def pending(directory: Path) -> list[Path]:
    """Every journal file, orphaned or not (for `search check`)."""
    folder = Path(directory) / FOLDER
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def clear(directory: Path) -> None:
    for path in pending(directory):
        path.unlink(missing_ok=True)


def _writer_pid(path: Path) -> int | None:
    try:
        return int(path.name.lstrip(".").split("-", 1)[0])
    except ValueError:
        return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, under another user
        return True
    return True
