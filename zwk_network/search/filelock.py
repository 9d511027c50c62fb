"""An exclusive lock on a file (fcntl), held by one process at a time, released when it dies."""

import fcntl
from pathlib import Path


class FileLock:
    """`with FileLock(path) as lock:` waits for the lock; with blocking=False, `lock.held` says
    whether it was free (the body runs either way and must check)."""

    def __init__(self, path: Path, blocking: bool = True):
        self.path, self.blocking, self.held = path, blocking, False

    def __enter__(self):
        self.handle = open(self.path, "a")  # held until __exit__
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | (0 if self.blocking else fcntl.LOCK_NB))
            self.held = True
        except BlockingIOError:
            self.held = False
        return self

    def __exit__(self, *exc):
        if self.held:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        return False
