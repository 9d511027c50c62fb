"""Imports one file in a process of its own and prints seconds and peak memory as JSON.

The search index follows the import's commit (the PostgreSQL engine: within it); that indexing
time is reported on its own, the CPU time (with the analysing processes) for both together.
"""

import json
import resource
import sys
import time

from zwk_network import create_app
from zwk_network.exchange.importer import import_file
from zwk_network.search import sync

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
        "cpu_seconds": sum(u.ru_utime + u.ru_stime for u in usage),  # with the analysing processes
    }
    print(json.dumps(result))
