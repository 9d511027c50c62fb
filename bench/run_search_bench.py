"""Search at 10 000 and 100 000 initiatives on the embedded default (SpatiaLite + Whoosh).

Prints: import (incl. indexing through the sync), rebuild time and index size; p50/p95 of
/api/search for text only, text + 20 km radius, and 20 km radius + theme with facets; the engine
alone (no HTTP/JSON) for the same words and its ratio to the endpoint; the same query through
Whoosh's own matchers and a plain Whoosh query of the words, for comparison; the first search of
words whose postings are not read yet; and how soon a newly approved entry is found.
Options: --sizes 10000,100000 --requests 200; --reuse measures the database and index of an
earlier run in bench/out/ (building them at 100 000 takes ~8 minutes).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from whoosh.query import And, Or, Term

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.generate import TOWNS, write  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402
from zwk_network.registry.models import Initiative  # noqa: E402
from zwk_network.registry.services import create_listing  # noqa: E402
from zwk_network.search.analysis import fold, stem  # noqa: E402
from zwk_network.search.backend import SearchQuery  # noqa: E402
from zwk_network.search.engine import search_backend  # noqa: E402
from zwk_network.search.whoosh_query import text_query  # noqa: E402
from zwk_network.search.whoosh_schema import TEXT_FIELDS  # noqa: E402
from zwk_network.search.words import query_words  # noqa: E402

WORDS = [
    "Jugendclub",
    "Frühstück",
    "Fahrdienst Arzt",
    "Begegnungsstätte",
    "Chor",
    "Nachbarschaftshilfe",
    "Sport Verein",
    "Repair Café",
    "Lesepaten Schule",
    "Digitale Sprechstunde",
]
THEMES = ["jugend", "senioren", "mobilitaet", "begegnung", "sport", "kultur"]


class Durations(list):
    """Wall-clock milliseconds of each call, and beside them its CPU milliseconds (the process's):
    on a shared machine the CPU time is what the code costs, the wall time what others leave."""

    def __init__(self):
        super().__init__()
        self.cpu: list[float] = []


def quantiles(durations: list[float]) -> str:
    q = statistics.quantiles(durations, n=100)
    shown = f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms"
    cpu = getattr(durations, "cpu", None)
    if cpu:
        c = statistics.quantiles(cpu, n=100)
        shown += f" (CPU p50 {c[49]:.1f} ms, p95 {c[94]:.1f} ms)"
    return shown


def timed(call, count: int) -> Durations:
    for _ in range(10):
        call()
    durations = Durations()
    for _ in range(count):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        durations.append((time.perf_counter() - started) * 1000)
        durations.cpu.append((time.process_time() - cpu) * 1000)
    return durations


def flask(env: dict, *args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
    subprocess.run(
        command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def prepare(size: int, reuse: bool = False) -> tuple[str, str]:
    database, index = OUT / f"search-{size}.sqlite", OUT / f"search-index-{size}"
    if reuse and database.exists() and index.exists():
        print(f"reusing {database.name} and {index.name}")
        return f"sqlite:///{database}", str(index)
    data = OUT / f"initiatives-{size}.csv"
    if not data.exists():
        write(size, str(data))
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


def measure(url: str, index: str, requests: int, profile: bool = False) -> None:
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

    def same_words(call):  # endpoint and engine get the same words and towns
        rng.seed(3)
        return timed(call, requests)

    with app.app_context():
        backend = search_backend()
        searcher = backend._current_searcher()

        def engine_text():
            backend.search(SearchQuery(text=rng.choice(WORDS)))

        def engine_text_radius():
            lat, lon = town()
            backend.search(SearchQuery(text=rng.choice(WORDS), point=(lon, lat), radius_km=20))

        def whoosh_text():
            searcher.search(text_query(query_words(rng.choice(WORDS))), limit=None)

        def plain_text():
            searcher.search(plain_query(rng.choice(WORDS)), limit=None)

        plain = same_words(plain_text)  # measured first, beside the others in the same run
        endpoint, engine = same_words(text_only), same_words(engine_text)
        print(f"/api/search text only: {quantiles(endpoint)}; endpoint/plain {ratios(endpoint, plain)}")
        print(f"engine text only (no HTTP): {quantiles(engine)}; endpoint/engine {ratios(endpoint, engine)}")
        endpoint, engine = same_words(text_radius), same_words(engine_text_radius)
        print(f"/api/search text + 20 km, with facets: {quantiles(endpoint)}")
        print(f"engine text + 20 km: {quantiles(engine)}; endpoint/engine {ratios(endpoint, engine)}")
        print(f"/api/search 20 km + theme, facets: {quantiles(same_words(radius_theme))}")
        print(f"Whoosh's matchers on the same query (scores every hit): {quantiles(same_words(whoosh_text))}")
        print(f"plain Whoosh query (each word's stem in any field): {quantiles(plain)}")
        if profile:
            profiled(text_only, text_radius, requests=requests)
        print(f"first search of a word (postings read from the index): {quantiles(first_searches(backend))}")
        print(f"newly approved entry found after: {freshness_ms():.0f} ms")


def ratios(endpoint: list[float], engine: list[float]) -> str:
    a, b = statistics.quantiles(endpoint, n=100), statistics.quantiles(engine, n=100)
    shown = f"p50 {a[49] / b[49]:.2f}, p95 {a[94] / b[94]:.2f}"
    if getattr(endpoint, "cpu", None) and getattr(engine, "cpu", None):
        a, b = statistics.quantiles(endpoint.cpu, n=100), statistics.quantiles(engine.cpu, n=100)
        shown += f" (CPU p50 {a[49] / b[49]:.2f}, p95 {a[94] / b[94]:.2f})"
    return shown


def profiled(*calls, requests: int) -> None:
    """Where the endpoint's time goes (cProfile over the same calls): the top functions by own time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    for call in calls:
        profiler.runcall(timed, call, requests)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(35)


def plain_query(text: str):
    """What a plain Whoosh search of the words would be: each word's stem in any text field."""
    return And([Or([Term(field, stem(fold(word))) for field in TEXT_FIELDS]) for word in query_words(text)])


#: Words not among WORDS: their postings are not yet read when they are first searched.
OTHER_WORDS = [
    "Bürgerbus",
    "Kleiderkammer",
    "Tafel",
    "Theater",
    "Garten",
    "Musik",
    "Nähcafé",
    "Spielplatz",
    "Feuerwehr",
    "Seniorentreff",
    "Hausaufgaben",
    "Computer",
    "Wandern",
    "Kochen",
    "Tanz",
    "Handarbeit",
    "Bibliothek",
    "Fahrrad",
    "Umwelt",
    "Integration",
]


def first_searches(backend) -> list[float]:
    durations = []
    for word in OTHER_WORDS:
        started = time.perf_counter()
        backend.search(SearchQuery(text=word))
        durations.append((time.perf_counter() - started) * 1000)
    return durations


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
    parser.add_argument("--reuse", action="store_true", help="measure the database and index of a former run")
    parser.add_argument("--profile", action="store_true", help="then cProfile the endpoint's text searches")
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in arguments.sizes.split(",")):
        print(f"\n== {size} initiatives (+ seed data) ==")
        url, index = prepare(size, arguments.reuse)
        measure(url, index, arguments.requests, arguments.profile)


if __name__ == "__main__":
    main()
