"""The two search engines side by side on one PostgreSQL database (issue 16, section 4).

Builds a PostGIS database with the seed data and N synthetic initiatives (imported with the
PostgreSQL engine, the database's default, so its rows are written by the import's commit), then
measures each engine in a process of its own (as a worker would run it): rebuild time; p50/p95 of
/api/search text only, text + 20 km with facets, 20 km + theme with facets; /api/map at zoom 9,
11 and 13; one need's matching (the API); the process's RSS after warm-up and after the run.
Prints one table, both engines side by side, and the load average it ran under. Prints figures
only; nothing here is asserted.

Options: --count 100000 --requests 100 --server postgresql+psycopg://… --reuse (measure the
database of an earlier run) --database NAME (with --reuse: measure that database, e.g. a copy made
with CREATE DATABASE … TEMPLATE) --cases map_9,text_radius (only these) --vacuum (VACUUM ANALYZE the
engine's tables first: a server without autovacuum, as the test server, never sets the visibility
map, so every index-only scan reads the table too, and the planner has no statistics)
--engines postgres,whoosh
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.databases import ENGINES, SERVER, engines_option  # noqa: E402
from bench.generate import TOWNS, write  # noqa: E402
from bench.run_search_bench import THEMES, WORDS  # noqa: E402

CASES = (
    ("text", "/api/search text only"),
    ("text_radius", "/api/search text + 20 km, facets"),
    ("radius_theme", "/api/search 20 km + theme, facets"),
    ("map_9", "/api/map zoom 9"),
    ("map_11", "/api/map zoom 11"),
    ("map_13", "/api/map zoom 13"),
    ("matching", "matching one need (API)"),
)
SPANS = {9: 1.2, 11: 0.3, 13: 0.08}  # half the view's width in degrees (height: half of it)


def percentiles(durations: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(durations, n=100)
    return q[49], q[94]


def timed(call, count: int) -> list[float]:
    for _ in range(5):
        call()
    durations = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def rss_mb() -> float:
    """The process's resident memory now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def database_name(count: int) -> str:
    return f"zwk_bench_engines_{count}"


def prepare(server: str, count: int) -> tuple[str, dict]:
    """A new database with the seed and `count` initiatives; the seconds each step took."""
    name = database_name(count)
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = f"{server}/{name}"
    data = OUT / f"initiatives-{count}.csv"
    OUT.mkdir(exist_ok=True)
    if not data.exists():
        write(count, str(data))
    env = {**os.environ, "ZWK_DATABASE_URL": url, "ZWK_SEARCH_DIR": tempfile.mkdtemp()}
    env["ZWK_IMPORT_MAX_BYTES"] = str(2 * 1024**3)  # 1 000 000 rows are ~400 MB, above the 200 MiB default
    steps = {}
    for args in (["db", "upgrade"], ["seed"], ["import", "initiatives", str(data)]):
        started = time.perf_counter()
        command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
        subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        steps[" ".join(args[:2])] = time.perf_counter() - started
        print(f"{' '.join(args[:2])}: {steps[' '.join(args[:2])]:.1f} s", flush=True)
    return url, steps


def measure(
    url: str, engine: str, requests: int, rebuild: bool = True, cases: list[str] | None = None
) -> dict:
    """One engine's figures (run in a process of its own: its RSS is the engine's)."""
    from zwk_network import create_app
    from zwk_network.extensions import db
    from zwk_network.needs.models import Need
    from zwk_network.search.documents import indexable_documents
    from zwk_network.search.engine import EXTENSION_KEY

    app = create_app(
        {
            "DATABASE_URL": url,
            "SEARCH_BACKEND": engine,
            "SEARCH_DIR": tempfile.mkdtemp(),
            "RATELIMIT_ENABLED": False,
        }
    )
    client = app.test_client()
    rng = random.Random(3)
    figures: dict = {"load_before": os.getloadavg()[0]}
    with app.app_context():
        backend = app.extensions[EXTENSION_KEY]
        figures["documents"], figures["rebuild_s"] = backend.document_count(), float("nan")
        if rebuild:  # else the engine keeps what the import wrote (the PostgreSQL engine)
            started = time.perf_counter()
            figures["documents"] = backend.rebuild(indexable_documents())
            figures["rebuild_s"] = time.perf_counter() - started
        need_ids = list(db.session.scalars(db.select(Need.id)))
        db.session.remove()
    with app.app_context():
        app.extensions[EXTENSION_KEY].warm_up()

    def town():
        _, lat, lon = rng.choice(TOWNS)
        return lat, lon

    def near():
        lat, lon = town()
        return {"lat": lat, "lon": lon, "radius_km": 20}

    def get(path, **args):
        response = client.get(path, query_string=args)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]

    def on_map(zoom: int):
        span = SPANS[zoom]

        def call():
            lat, lon = town()
            get("/api/map", zoom=zoom, bbox=f"{lon - span},{lat - span / 2},{lon + span},{lat + span / 2}")

        return call

    calls = {
        "text": lambda: get("/api/search", q=rng.choice(WORDS)),
        "text_radius": lambda: get("/api/search", q=rng.choice(WORDS), **near()),
        "radius_theme": lambda: get("/api/search", theme=rng.choice(THEMES), **near()),
        "map_9": on_map(9),
        "map_11": on_map(11),
        "map_13": on_map(13),
        "matching": lambda: get(f"/api/needs/{rng.choice(need_ids)}/matches"),
    }
    for name, call in calls.items():  # warm-up: one of each
        if cases and name not in cases:
            continue
        rng.seed(1)
        call()
    figures["rss_warm_mb"] = rss_mb()
    for name, call in calls.items():
        if cases and name not in cases:
            continue
        rng.seed(3)
        figures[name] = percentiles(timed(call, requests))
    figures["rss_after_mb"] = rss_mb()
    figures["load_after"] = os.getloadavg()[0]
    return figures


def table(count: int, results: dict[str, dict], steps: dict) -> str:
    engines = list(results)
    lines = [
        f"| {count:,} initiatives (+ seed) on PostgreSQL | ".replace(",", " ") + " | ".join(engines) + " |",
        "|---|" + "---|" * len(engines),
        "| rebuild (all documents) | "
        + " | ".join(
            f"{r['rebuild_s']:.1f} s ({r['documents']:,})".replace(",", " ") for r in results.values()
        )
        + " |",
    ]
    for name, label in CASES:
        if any(name not in r for r in results.values()):
            continue
        cells = [f"{r[name][0]:.1f} / {r[name][1]:.1f} ms" for r in results.values()]
        lines.append(f"| {label} (p50 / p95) | " + " | ".join(cells) + " |")
    for key, label in (("rss_warm_mb", "RSS after warm-up"), ("rss_after_mb", "RSS after the run")):
        lines.append(f"| {label} | " + " | ".join(f"{r[key]:.0f} MB" for r in results.values()) + " |")
    loads = " | ".join(f"{r['load_before']:.1f} → {r['load_after']:.1f}" for r in results.values())
    lines.append(f"| load average (1 min) during the run | {loads} |")
    for step, seconds in steps.items():
        lines.append(f"| {step} (PostgreSQL engine's sync) | {seconds:.1f} s |" + " |" * (len(engines) - 1))
    return "\n".join(lines)


def vacuum(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for table in ("search_entries", "search_postings", "search_words"):
            started = time.perf_counter()
            connection.execute(text(f"VACUUM ANALYZE {table}"))
            print(f"VACUUM ANALYZE {table}: {time.perf_counter() - started:.1f} s", flush=True)
    engine.dispose()


def cases_option(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = sorted(set(names) - {name for name, _label in CASES})
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown cases: {', '.join(unknown)}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--database", help="with --reuse: the database to measure")
    parser.add_argument("--vacuum", action="store_true", help="VACUUM ANALYZE the engine's tables first")
    parser.add_argument("--cases", type=cases_option, default=None, help="only these cases (comma-separated)")
    parser.add_argument("--engines", type=engines_option, default=list(ENGINES))
    parser.add_argument("--no-rebuild", action="store_true", help="PostgreSQL engine: keep the import's rows")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # child: one engine, JSON out
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.url, args.measure, args.requests, not args.no_rebuild, args.cases)))
        return
    if args.reuse:
        url, steps = f"{args.server}/{args.database or database_name(args.count)}", {}
    else:
        url, steps = prepare(args.server, args.count)
    if args.vacuum:
        vacuum(url)
    results = {}
    for engine in args.engines:
        command = [
            sys.executable,
            __file__,
            "--measure",
            engine,
            "--url",
            url,
            "--requests",
            str(args.requests),
            *(["--no-rebuild"] if args.no_rebuild and engine == "postgres" else []),
            *(["--cases", ",".join(args.cases)] if args.cases else []),
        ]
        output = subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True).stdout
        results[engine] = json.loads(output.strip().splitlines()[-1])
        print(f"[{engine}] done", flush=True)
    print(table(args.count, results, steps))


if __name__ == "__main__":
    main()
