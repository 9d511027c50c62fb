"""The two search engines side by side on one PostgreSQL database (issue 16, section 4).

Builds a PostGIS database with the seed data and N synthetic initiatives (imported with the
PostgreSQL engine, so its rows are written by the import's commits), then rebuilds both engines
from it and prints, per engine: rebuild time; p50/p95 of /api/search text only, text + 20 km with
facets, 20 km + theme with facets; /api/map at zoom 9, 11 and 13; one need's matching (the API);
and the process's RSS after the run. Prints figures only; nothing here is asserted.
Options: --count 10000 --requests 100 --server postgresql+psycopg://postgres@127.0.0.1:5432
"""

import argparse
import os
import random
import resource
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

from bench.generate import TOWNS, write  # noqa: E402
from bench.run_search_bench import THEMES, WORDS  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402
from zwk_network.needs.models import Need  # noqa: E402
from zwk_network.search.documents import indexable_documents  # noqa: E402
from zwk_network.search.engine import EXTENSION_KEY  # noqa: E402


def quantiles(durations: list[float]) -> str:
    q = statistics.quantiles(durations, n=100)
    return f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms"


def timed(call, count: int) -> list[float]:
    for _ in range(5):
        call()
    durations = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def prepare(server: str, count: int) -> str:
    name = f"zwk_bench_engines_{count}"
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
    env = {
        **os.environ,
        "ZWK_DATABASE_URL": url,
        "ZWK_SEARCH_BACKEND": "postgres",
        "ZWK_SEARCH_DIR": tempfile.mkdtemp(),
    }
    for args in (["db", "upgrade"], ["seed"], ["import", "initiatives", str(data)]):
        started = time.perf_counter()
        command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
        subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"{' '.join(args[:2])}: {time.perf_counter() - started:.1f} s")
    return url


def measure(url: str, engine: str, requests: int) -> None:
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
    with app.app_context():
        backend = app.extensions[EXTENSION_KEY]
        started = time.perf_counter()
        count = backend.rebuild(indexable_documents())
        print(f"[{engine}] rebuild {count} documents: {time.perf_counter() - started:.1f} s")
        need_ids = list(db.session.scalars(db.select(Need.id)))

    def town():
        _, lat, lon = rng.choice(TOWNS)
        return lat, lon

    def get(path, **args):
        response = client.get(path, query_string=args)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]

    def text_only():
        get("/api/search", q=rng.choice(WORDS))

    def text_radius():
        lat, lon = town()
        get("/api/search", q=rng.choice(WORDS), lat=lat, lon=lon, radius_km=20)

    def radius_theme():
        lat, lon = town()
        get("/api/search", theme=rng.choice(THEMES), lat=lat, lon=lon, radius_km=20)

    def on_map(zoom: int):
        span = {9: 1.2, 11: 0.3, 13: 0.08}[zoom]

        def call():
            lat, lon = town()
            get("/api/map", zoom=zoom, bbox=f"{lon - span},{lat - span / 2},{lon + span},{lat + span / 2}")

        return call

    def matching():
        get(f"/api/needs/{rng.choice(need_ids)}/matches")

    for label, call in (
        ("/api/search text only", text_only),
        ("/api/search text + 20 km, facets", text_radius),
        ("/api/search 20 km + theme, facets", radius_theme),
        ("/api/map zoom 9", on_map(9)),
        ("/api/map zoom 11", on_map(11)),
        ("/api/map zoom 13", on_map(13)),
        ("matching one need (API)", matching),
    ):
        rng.seed(3)
        print(f"[{engine}] {label}: {quantiles(timed(call, requests))}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{engine}] peak RSS of this process so far: {rss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    arguments = parser.parse_args()
    print(f"== {arguments.count} initiatives (+ seed data) on PostgreSQL ==")
    url = prepare(arguments.server, arguments.count)
    for engine in ("postgres", "whoosh"):  # PostgreSQL first: Whoosh's arrays would inflate its RSS
        measure(url, engine, arguments.requests)


if __name__ == "__main__":
    main()
