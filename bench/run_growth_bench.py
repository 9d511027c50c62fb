"""Growth on the embedded default (SpatiaLite + Whoosh): 10 000 → 100 000 → 1 000 000 entries.

Per size, in bench/out/: generates the CSV, migrates a fresh database and seeds it, imports the CSV
in a process of its own (bench/import_child.py: database time, indexing time through the sync –
the bulk path from sync.BULK_CHANGES entries on – and the peak RSS), then `flask search reindex`
(time and peak RSS), then run_worker_bench.py on the result (worker start, RSS after warm-up and
after searches, map views and matching, with their p50/p95 over HTTP). Prints the load average
beside each timing: timings from a busy machine are not comparable, RSS figures are.

Usage: python bench/run_growth_bench.py --sizes 10000,100000,1000000
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.generate import write  # noqa: E402


def flask(env: dict, *args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB, of the command and its children) of a flask command."""
    started = time.perf_counter()
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "flask", "--app", "zwk_network", *args]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, int(done.stderr.strip().splitlines()[-1]) / 1024


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def grow(size: int, port: int, requests: int) -> None:
    data, database = OUT / f"initiatives-{size}.csv", OUT / f"search-{size}.sqlite"
    index = OUT / f"search-index-{size}"
    if not data.exists():
        write(size, str(data))
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(index)], check=True)
    url = f"sqlite:///{database}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZWK_DATABASE_URL": url, "ZWK_SEARCH_DIR": str(index)}
    flask(env, "db", "upgrade")
    flask(env, "seed")
    print(f"== {size} entries ==")
    print(load())
    child = [sys.executable, str(ROOT / "bench" / "import_child.py"), url, str(data)]
    done = subprocess.run(child, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"import: database {result['seconds']:.1f} s, indexing through the sync "
        f"{result['indexing_seconds']:.1f} s, peak {result['peak_rss_mb']:.0f} MB ({load()})"
    )
    seconds, peak = flask(env, "search", "reindex")
    print(f"search reindex: {seconds:.1f} s, peak {peak:.0f} MB (with its children) ({load()})")
    worker = [sys.executable, str(ROOT / "bench" / "run_worker_bench.py"), "--size", str(size)]
    worker += ["--port", str(port), "--requests", str(requests)]
    subprocess.run(worker, env=env, cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--port", type=int, default=5163)
    parser.add_argument("--requests", type=int, default=100)
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in arguments.sizes.split(",")):
        grow(size, arguments.port, arguments.requests)


if __name__ == "__main__":
    main()
