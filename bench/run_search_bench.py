"""Search at 10 000 and 100 000 initiatives on the embedded default (SpatiaLite + Whoosh).

Prints: import (incl. indexing through the sync), rebuild time and index size; p50/p95 of
/api/search for text only, text + 20 km radius, and 20 km radius + theme with facets; the bare
Whoosh query beside the endpoint; and how soon a newly approved entry is found.
Options: --sizes 10000,100000 --requests 200
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.generate import TOWNS, write  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402
from zwk_network.registry.models import Initiative  # noqa: E402
from zwk_network.registry.services import create_listing  # noqa: E402
from zwk_network.search.backend import SearchQuery  # noqa: E402
from zwk_network.search.engine import search_backend  # noqa: E402
from zwk_network.search.text_query import query_words, text_query  # noqa: E402

WORDS = ["Jugendclub", "Frühstück", "Fahrdienst Arzt", "Begegnungsstätte", "Chor", "Nachbarschaftshilfe",
         "Sport Verein", "Repair Café", "Lesepaten Schule", "Digitale Sprechstunde"]  # fmt: skip
THEMES = ["jugend", "senioren", "mobilitaet", "begegnung", "sport", "kultur"]


def quantiles(durations: list[float]) -> str:
    q = statistics.quantiles(durations, n=100)
    return f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms"


def timed(call, count: int) -> list[float]:
    for _ in range(10):
        call()
    durations = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def flask(env: dict, *args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
    subprocess.run(
        command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def prepare(size: int) -> tuple[str, str]:
    data = OUT / f"initiatives-{size}.csv"
    if not data.exists():
        write(size, str(data))
    database, index = OUT / f"search-{size}.sqlite", OUT / f"search-index-{size}"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(index)], check=True)
    env = {**os.environ, "ZWK_DATABASE_URL": f"sqlite:///{database}", "ZWK_SEARCH_DIR": str(index)}
    flask(env, "db", "upgrade")
    flask(env, "seed")
    seconds = flask(env, "import", "initiatives", str(data))
    print(f"import {size} with indexing through the sync: {seconds:.1f} s")
    seconds = flask(env, "search", "reindex")
    size_mb = sum(f.stat().st_size for f in index.iterdir()) / 1e6
    print(f"rebuild: {seconds:.1f} s (whole command), index size {size_mb:.1f} MB")
    return env["ZWK_DATABASE_URL"], str(index)


def measure(url: str, index: str, requests: int) -> None:
    app = create_app({"DATABASE_URL": url, "SEARCH_DIR": index, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    rng = random.Random(3)

    def town():
        _, lat, lon = rng.choice(TOWNS)
        return lat, lon

    def text_only():
        client.get("/api/search", query_string={"q": rng.choice(WORDS)})

    def text_radius():
        lat, lon = town()
        client.get(
            "/api/search", query_string={"q": rng.choice(WORDS), "lat": lat, "lon": lon, "radius_km": 20}
        )

    def radius_theme():
        lat, lon = town()
        client.get(
            "/api/search", query_string={"theme": rng.choice(THEMES), "lat": lat, "lon": lon, "radius_km": 20}
        )

    with app.app_context():
        print(f"/api/search text only: {quantiles(timed(text_only, requests))}")
        print(f"/api/search text + 20 km: {quantiles(timed(text_radius, requests))}")
        print(f"/api/search 20 km + theme, facets: {quantiles(timed(radius_theme, requests))}")
        backend = search_backend()
        searcher = backend._current_searcher()

        def bare_text():
            searcher.search(text_query(query_words(rng.choice(WORDS))), limit=None)

        def engine_text_radius():
            lat, lon = town()
            backend.search(SearchQuery(text=rng.choice(WORDS), point=(lon, lat), radius_km=20))

        print(f"bare Whoosh text query (scores every hit): {quantiles(timed(bare_text, requests))}")
        print(f"engine text + 20 km (no HTTP/JSON): {quantiles(timed(engine_text_radius, requests))}")
        print(f"newly approved entry found after: {freshness_ms():.0f} ms")


def freshness_ms() -> float:
    entry = create_listing(Initiative, {"name": "Frisch geprüftes Bürgercafé Benchmark"}, 12.1, 54.0)
    db.session.commit()
    started = time.perf_counter()
    entry = db.session.get(Initiative, entry.id)
    entry.status = "approved"
    db.session.commit()
    while not search_backend().search(SearchQuery(text="Bürgercafé Benchmark")).total:
        time.sleep(0.01)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--requests", type=int, default=200)
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in arguments.sizes.split(",")):
        print(f"\n== {size} initiatives (+ seed data) ==")
        url, index = prepare(size)
        measure(url, index, arguments.requests)


if __name__ == "__main__":
    main()
