"""A mark in the index folder: the index lacks entries of the database and is being refilled.

Set before an index is started anew while the database holds entries (its folder was emptied
or removed under a running server, or an empty index is filled at start-up), removed by the
reconcile that has filled it (reconcile.py). It is a file, so every process sees it, and a
process killed while refilling leaves it for the next one to finish (recovery.py). While it is
there, searches and the map say that results may be missing.

Each mark holds a token: a reconcile removes only the mark it saw at its beginning (or set
itself), so a loss noticed while it ran stays marked and is repaired after it.
"""

import os
import uuid
from pathlib import Path

MARK = "INCOMPLETE"


def mark(directory: Path) -> str:
    """Mark the index incomplete; returns the mark's token."""
    token = uuid.uuid4().hex
    path = Path(directory) / MARK
    temporary = path.with_name(f".{MARK}.{token}")
    temporary.write_text(token, encoding="utf-8")
    os.replace(temporary, path)  # readers see the whole token or none
    return token


def current(directory: Path) -> str | None:
    """The token of the mark, None when the index is not marked."""
    try:
        return (Path(directory) / MARK).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def clear(directory: Path, token: str | None) -> None:
    """Remove the mark if it is still the one with `token` (a mark set since then stays)."""
    if token is not None and current(directory) == token:
        (Path(directory) / MARK).unlink(missing_ok=True)


def marked(directory: Path) -> bool:
    return (Path(directory) / MARK).exists()
