"""Imports 100 000 synthetic initiatives and times list, detail and 20 km radius API calls.

Runs on SpatiaLite (embedded default) and, when ZWK_BENCH_POSTGRES_SERVER names a server
(make bench sets it), on PostGIS. Prints its figures; asserts nothing.
Options: --count N (default 100000), --requests R (default 300), --backends spatialite,postgis
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.generate import TOWNS, write  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402
from zwk_network.registry.models import Initiative  # noqa: E402


def fresh_database(backend: str) -> str:
    if backend == "spatialite":
        path = OUT / "bench.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    server = os.environ["ZWK_BENCH_POSTGRES_SERVER"]
    engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS zwk_bench WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE zwk_bench"))
    engine.dispose()
    return f"{server}/zwk_bench"


def flask(url: str, *args: str) -> None:
    env = {**os.environ, "ZWK_DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "zwk_network", *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def timed(client, urls: list[str]) -> dict:
    for url in urls[:20]:  # warm-up
        client.get(url)
    durations = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    quantiles = statistics.quantiles(durations, n=100)
    return {"p50_ms": round(quantiles[49], 1), "p95_ms": round(quantiles[94], 1)}


def timed_service(urls: list[str]) -> dict:
    """The radius query as the API runs it, without the HTTP layer and JSON encoding."""
    from werkzeug.datastructures import MultiDict

    from zwk_network.listing import parse_list_filters
    from zwk_network.registry.services import list_public_listings

    durations = []
    for number, url in enumerate(urls):
        args = MultiDict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
        started = time.perf_counter()
        list_public_listings(Initiative, parse_list_filters(args))
        if number >= 20:  # after warm-up
            durations.append((time.perf_counter() - started) * 1000)
        db.session.expunge_all()
    quantiles = statistics.quantiles(durations, n=100)
    return {"p50_ms": round(quantiles[49], 1), "p95_ms": round(quantiles[94], 1)}


def timed_radius_sql(rng: random.Random, requests: int) -> dict:
    """The index query that finds the page's ids and the total, as the list code runs it."""
    from zwk_network.geo.dialect import nearby

    durations = []
    for number in range(requests):
        _, lat, lon = rng.choice(TOWNS)
        near = nearby(Initiative, Initiative.public_location, lon, lat, 20_000)
        query = select(near.c.id, func.count().over()).order_by(near.c.rank, near.c.id).limit(20)
        started = time.perf_counter()
        db.session.execute(query).all()
        if number >= 20:
            durations.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(durations, n=100)
    return {"p50_ms": round(quantiles[49], 1), "p95_ms": round(quantiles[94], 1)}


def api_figures(url: str, requests: int) -> dict:
    app = create_app({"DATABASE_URL": url})
    rng = random.Random(11)
    with app.app_context():
        ids = list(db.session.scalars(select(Initiative.id)))
        in_radius = []
        client = app.test_client()
        radius_urls = []
        for _ in range(requests):
            _, lat, lon = rng.choice(TOWNS)
            radius_urls.append(f"/api/initiatives?lat={lat}&lon={lon}&radius_km=20")
        for sample in radius_urls[:20]:
            in_radius.append(client.get(sample).get_json()["total"])
        figures = {
            "list (page 1-50, 20 per page)": timed(
                client, [f"/api/initiatives?page={rng.randint(1, 50)}" for _ in range(requests)]
            ),
            "list filtered (theme, region)": timed(
                client,
                [
                    f"/api/initiatives?theme=jugend&kommune=landkreis-rostock&page={rng.randint(1, 5)}"
                    for _ in range(requests)
                ],
            ),
            "detail": timed(client, [f"/api/initiatives/{rng.choice(ids)}" for _ in range(requests)]),
            "radius 20 km (nearest 20 + total)": timed(client, radius_urls),
            "radius 20 km GeoJSON": timed(client, [u + "&format=geojson" for u in radius_urls]),
        }
        figures["service radius query (SQL + loading 20 entries, no HTTP/JSON)"] = timed_service(radius_urls)
        figures["radius SQL alone (nearest 20 ids + total)"] = timed_radius_sql(rng, requests)
        figures["entries within 20 km (median of samples)"] = statistics.median(in_radius)
        figures["approved initiatives"] = db.session.scalar(select(func.count()).select_from(Initiative))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--backends", default="spatialite,postgis")
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data = OUT / f"initiatives-{arguments.count}.csv"
    if not data.exists():
        write(arguments.count, str(data))
    print(f"data: {arguments.count} synthetic initiatives, {data.stat().st_size / 1e6:.1f} MB CSV")
    for backend in arguments.backends.split(","):
        if backend == "postgis" and not os.environ.get("ZWK_BENCH_POSTGRES_SERVER"):
            print("postgis: skipped (set ZWK_BENCH_POSTGRES_SERVER, as make bench does)")
            continue
        url = fresh_database(backend)
        flask(url, "db", "upgrade")
        flask(url, "seed")
        child = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "import_child.py"), url, str(data)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"\n== {backend} ==")
        print(
            f"import {result['created']} initiatives: {result['seconds']:.1f} s into the database, then "
            f"{result['indexing_seconds']:.1f} s search indexing; peak memory "
            f"{result['peak_rss_mb']:.0f} MB (whole process)"
        )

        for name, value in api_figures(url, arguments.requests).items():
            print(f"{name}: {value}")


if __name__ == "__main__":
    main()
