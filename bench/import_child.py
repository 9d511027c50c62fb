"""Imports one file in a process of its own and prints seconds and peak memory as JSON.

The search index follows the import's commit; that indexing time is reported on its own.
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

    sync.apply_changes = timed_apply
    with app.app_context():
        started = time.perf_counter()
        report = import_file(path, "initiatives")
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "ok": report.ok,
        "created": report.created,
        "seconds": seconds - sum(indexing),
        "indexing_seconds": sum(indexing),
        "peak_rss_mb": peak_mb,
    }
    print(json.dumps(result))
