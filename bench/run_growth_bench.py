"""Growth on both backends: 10 000 → 100 000 → 1 000 000 entries.

Per size and engine (whoosh: SpatiaLite + Whoosh in bench/out/; postgres: PostGIS database
zwk_bulk_growth_<size> on ZWK_BENCH_POSTGRES_SERVER + the PostgreSQL engine): generates the CSV,
migrates a fresh database and seeds it, imports the CSV in a process of its own
(bench/import_child.py: database time, indexing time – through the sync after the commit on Whoosh,
within the commit on PostgreSQL, the bulk paths from sync.BULK_CHANGES entries on – CPU time and the
peak RSS), then `flask search reindex` (time, CPU time and peak RSS), then unless --no-worker
run_worker_bench.py on the result (worker start, RSS after warm-up and after searches, map views and
matching, with their p50/p95 over HTTP). Prints the load average beside each timing: timings from a
busy machine are not comparable, CPU time and RSS figures are.

Usage: python bench/run_growth_bench.py --sizes 10000,100000,1000000 --engines whoosh,postgres
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

from bench.databases import SERVER, engines_option  # noqa: E402
from bench.generate import write  # noqa: E402


def flask(env: dict, *args: str) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak RSS (MB, of the command and its children) of a flask command."""
    started = time.perf_counter()
    command = ["/usr/bin/time", "-f", "%U %S %M", sys.executable, "-m", "flask", "--app", "zwk_network"]
    command += args
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    user, system, peak = done.stderr.strip().splitlines()[-1].split()
    return time.perf_counter() - started, float(user) + float(system), int(peak) / 1024


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def fresh_database(engine: str, size: int) -> tuple[str, Path]:
    index = OUT / f"growth-{engine}-index-{size}"
    subprocess.run(["rm", "-rf", str(index)], check=True)
    if engine == "postgres":
        from sqlalchemy import create_engine, text

        name = f"zwk_bulk_growth_{size}"
        admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return f"{SERVER}/{name}", index
    database = OUT / f"growth-{size}.sqlite"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    return f"sqlite:///{database}", index


def grow(engine: str, size: int, port: int, requests: int, worker: bool, reindex: bool = True) -> None:
    data = OUT / f"initiatives-{size}.csv"
    if not data.exists():
        write(size, str(data))
    url, index = fresh_database(engine, size)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZWK_DATABASE_URL": url, "ZWK_SEARCH_DIR": str(index)}
    env["ZWK_IMPORT_MAX_BYTES"] = str(2 * 1024**3)  # 1 000 000 rows are ~400 MB, above the 200 MiB default
    env["ZWK_SEARCH_BACKEND"] = engine
    flask(env, "db", "upgrade")
    flask(env, "seed")
    print(f"== {engine}: {size} entries ==", flush=True)
    print(load())
    child = [sys.executable, str(ROOT / "bench" / "import_child.py"), url, str(data)]
    done = subprocess.run(child, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"import: database {result['seconds']:.1f} s, indexing {result['indexing_seconds']:.1f} s, "
        f"CPU {result['cpu_seconds']:.1f} s, peak {result['peak_rss_mb']:.0f} MB, with its workers "
        f"{result['peak_tree_pss_mb']:.0f} MB PSS ({load()})",
        flush=True,
    )
    if reindex:
        seconds, cpu, peak = flask(env, "search", "reindex")
        print(
            f"search reindex: {seconds:.1f} s, CPU {cpu:.1f} s, peak {peak:.0f} MB (one process) ({load()})"
        )
    if worker:
        command = [sys.executable, str(ROOT / "bench" / "run_worker_bench.py"), "--size", str(size)]
        command += ["--port", str(port), "--requests", str(requests)]
        command += ["--database", url, "--index", str(index)]
        subprocess.run(command, env=env, cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--engines", default="whoosh,postgres", type=engines_option)
    parser.add_argument("--port", type=int, default=5163)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--no-worker", action="store_true", help="import and reindex only")
    parser.add_argument("--no-reindex", action="store_true", help="no `search reindex` after the import")
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in arguments.sizes.split(",")):
        for engine in arguments.engines:
            grow(
                engine,
                size,
                arguments.port,
                arguments.requests,
                not arguments.no_worker,
                not arguments.no_reindex,
            )


if __name__ == "__main__":
    main()
