"""Imports one file in a process of its own and prints seconds and peak memory as JSON.

Peak memory: the importing process's own peak RSS, and the largest sum of PSS over it and its
worker processes (sampled every 0.5 s; what the machine must hold at once).

The search index follows the import's commit (the PostgreSQL engine: within it); that indexing
time is reported on its own, the CPU time (with the analysing processes) for both together.
"""

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

from zwk_network import create_app
from zwk_network.exchange.importer import import_file
from zwk_network.search import sync


def tree_pss_mb(pid: int) -> float:
    """The proportional set size of a process and all its descendants (MB): shared pages (the
    memory-mapped compound model, libraries) counted once in all, not once per process as RSS is."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


class PeakSampler(threading.Thread):
    """The largest sum of PSS over the importing process and its workers, sampled every 0.5 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_mb, self.stopped = 0.0, threading.Event()

    def run(self):
        while not self.stopped.wait(0.5):
            self.peak_mb = max(self.peak_mb, tree_pss_mb(os.getpid()))


if __name__ == "__main__":
    database_url, path = sys.argv[1], sys.argv[2]
    app = create_app({"DATABASE_URL": database_url})
    indexing = []
    apply_changes = sync.apply_changes

    def timed_apply(changes):
        started = time.perf_counter()
        apply_changes(changes)
        indexing.append(time.perf_counter() - started)

    write_in_transaction = sync.write_in_transaction

    def timed_write(session, backend, changes):  # the PostgreSQL engine: within the commit
        started = time.perf_counter()
        write_in_transaction(session, backend, changes)
        indexing.append(time.perf_counter() - started)

    sync.apply_changes = timed_apply
    sync.write_in_transaction = timed_write
    sampler = PeakSampler()
    sampler.start()
    with app.app_context():
        started = time.perf_counter()
        report = import_file(path, "initiatives")
        seconds = time.perf_counter() - started
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "ok": report.ok,
        "created": report.created,
        "seconds": seconds - sum(indexing),
        "indexing_seconds": sum(indexing),
        "peak_rss_mb": peak_mb,
        "peak_tree_pss_mb": max(sampler.peak_mb, tree_pss_mb(os.getpid())),  # with the workers
        "cpu_seconds": sum(u.ru_utime + u.ru_stime for u in usage),  # with the analysing processes
    }
    print(json.dumps(result))
