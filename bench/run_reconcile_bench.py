"""What comparing the index with the database costs at start-up, at 20 000 entries.

Prints: filling an empty index at start; a no-op reconcile (what every start pays), alone and as
part of create_app; a reconcile after 1 000 entries were lost from the index; and, for
comparison, the full content comparison of `flask search check` (find_drift).
Needs a database with the entries, e.g. from run_query_bench.py's preparation:
  --database bench/out/dos-20000-base.sqlite (copied; the original is not changed)
"""

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from zwk_network import create_app  # noqa: E402
from zwk_network.search.engine import search_backend  # noqa: E402
from zwk_network.search.reconcile import find_drift, reconcile  # noqa: E402


def seconds(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=str(OUT / "dos-20000-base.sqlite"))
    arguments = parser.parse_args()
    database, index = OUT / "reconcile.sqlite", OUT / "reconcile-index"
    shutil.copy(arguments.database, database)
    shutil.rmtree(index, ignore_errors=True)
    config = {"DATABASE_URL": f"sqlite:///{database}", "SEARCH_DIR": str(index)}
    print(f"first start on an empty index: {seconds(lambda: create_app(config)):.1f} s (fills it)")
    app = create_app(config)
    with app.app_context():
        count = search_backend().document_count()
        runs = [seconds(reconcile) * 1000 for _ in range(7)]
        median, worst = statistics.median(runs), max(runs)
        print(f"{count} entries; no-op reconcile: median {median:.0f} ms, max {worst:.0f} ms")
        starts = [seconds(lambda: create_app(config)) * 1000 for _ in range(5)]
        print(f"whole create_app with it: median {statistics.median(starts):.0f} ms")
        ids = search_backend().indexed_ids()["initiative"][:1000]
        search_backend().remove(f"initiative:{i}" for i in ids)
        took = time.perf_counter()
        added = reconcile().added
        print(f"reconcile after losing 1000 entries: {time.perf_counter() - took:.1f} s, added {added}")
        print(f"full content comparison (search check): {seconds(find_drift):.1f} s")
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
