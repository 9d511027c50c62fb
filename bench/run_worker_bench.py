"""A worker's memory and start on the embedded default (SpatiaLite + Whoosh), from a built database.

Prints:
- worker start: create_app() and the warm-up (search_backend().warm_up(), what wsgi.py does before
  a worker serves), each timed in a fresh process (median of --starts runs), and that process's RSS;
- one gunicorn worker (wsgi:app, rate limits off: bench/query_wsgi.py): its VmRSS after warm-up
  (before any request), then after text searches, text + 20 km with facets, map views at zoom 9–13
  and matching every need, and its peak (VmHWM). RssFile is the file-backed part of VmRSS: pages of
  memory-mapped files, shared by every worker of the machine.

Usage: python bench/run_worker_bench.py --size 100000  (the database and index of
run_search_bench.py / run_growth_bench.py in bench/out/: search-N.sqlite, search-index-N)
Options: --database URL --index DIR --requests 100 --starts 3 --port 5163
"""

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.generate import TOWNS  # noqa: E402
from bench.run_search_bench import WORDS  # noqa: E402

START_SCRIPT = """
import json, re, sys, time
from pathlib import Path
started = time.perf_counter()
from zwk_network import create_app
from zwk_network.search.engine import search_backend
imported = time.perf_counter()
app = create_app()
created = time.perf_counter()
with app.app_context():
    search_backend().warm_up()
warm = time.perf_counter()
status = Path("/proc/self/status").read_text()
rss = int(re.search(r"VmRSS:\\s+(\\d+)", status).group(1)) / 1024
print(json.dumps({"import": imported - started, "create_app": created - imported,
                  "warm_up": warm - created, "rss": rss}))
"""


def memory(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    keys = ("VmRSS", "RssFile", "RssAnon", "VmHWM")
    return {key: int(re.search(rf"{key}:\s+(\d+)", status).group(1)) / 1024 for key in keys}


def shown(figures: dict[str, float]) -> str:
    return ", ".join(f"{key} {value:.0f} MB" for key, value in figures.items())


def worker_start(env: dict, starts: int) -> None:
    # As a deployed worker starts: from compiled modules (a shell with PYTHONDONTWRITEBYTECODE would
    # compile every module of the project at each start, ~0.3 s); one start first writes them.
    env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", "zwk_network"], env=env, cwd=ROOT, check=True)
    runs = []
    for _ in range(starts):
        command = [sys.executable, "-c", START_SCRIPT]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(
        f"worker start (median of {starts}): imports {median['import']:.2f} s, create_app "
        f"{median['create_app']:.2f} s, warm-up {median['warm_up']:.2f} s; "
        f"create_app + warm-up {median['create_app'] + median['warm_up']:.2f} s; RSS {median['rss']:.0f} MB"
    )


def quantiles(durations: list[float]) -> str:
    q = statistics.quantiles(durations, n=100)
    return f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms"


def timed_fetch(durations: list[float], base: str, path: str, **query) -> bytes:
    started = time.perf_counter()
    body = fetch(base, path, **query)
    durations.append((time.perf_counter() - started) * 1000)
    return body


def fetch(base: str, path: str, **query) -> bytes:
    url = f"{base}{path}" + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def worker_memory(env: dict, port: int, requests: int) -> None:
    with socket.socket() as probe:  # another server on the port would answer in our stead
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is taken: --port another")
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}"]
    command += ["--timeout", "300", "bench.query_wsgi:app"]
    server = subprocess.Popen(
        command,
        env={**env, "BENCH_RATE_LIMITS": "off"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1500):
            try:
                fetch(base, "/static/favicon.svg")
                break
            except OSError:
                time.sleep(0.2)
        if server.poll() is not None:
            raise SystemExit(f"gunicorn did not start (port {port} taken?)")
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        worker = int(children[0])
        print(f"gunicorn worker after warm-up: {shown(memory(worker))}")
        rng = random.Random(3)
        times: dict[str, list[float]] = {"text": [], "radius": [], "map": [], "matching": []}
        for _ in range(requests):
            timed_fetch(times["text"], base, "/api/search", q=rng.choice(WORDS))
        print(f"… after {requests} text searches ({quantiles(times['text'])}): {shown(memory(worker))}")
        for _ in range(requests):
            _, lat, lon = rng.choice(TOWNS)
            query = {"q": rng.choice(WORDS), "lat": lat, "lon": lon, "radius_km": 20}
            timed_fetch(times["radius"], base, "/api/search", **query)
        print(f"… after {requests} text + 20 km ({quantiles(times['radius'])}): {shown(memory(worker))}")
        for _ in range(requests):
            _, lat, lon = rng.choice(TOWNS)
            span = rng.choice((1.2, 0.3, 0.08))
            zoom = {1.2: 9, 0.3: 11, 0.08: 13}[span]
            bbox = f"{lon - span},{lat - span / 2},{lon + span},{lat + span / 2}"
            timed_fetch(times["map"], base, "/api/map", zoom=zoom, bbox=bbox)
        print(f"… after {requests} map views ({quantiles(times['map'])}): {shown(memory(worker))}")
        needs = json.loads(fetch(base, "/api/needs", per_page=100, format="geojson"))
        ids = [feature["id"] for feature in needs["features"]]
        for need_id in (ids * (1 + requests // max(1, len(ids))))[:requests]:
            timed_fetch(times["matching"], base, f"/api/needs/{need_id}/matches")
        print(f"… after matching {len(ids)} needs ({quantiles(times['matching'])}): {shown(memory(worker))}")
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--database")
    parser.add_argument("--index")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--port", type=int, default=5163)
    arguments = parser.parse_args()
    database = arguments.database or f"sqlite:///{OUT / f'search-{arguments.size}.sqlite'}"
    index = arguments.index or str(OUT / f"search-index-{arguments.size}")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ZWK_DATABASE_URL": database,
        "ZWK_SEARCH_DIR": index,
        "ZWK_BASE_URL": f"http://127.0.0.1:{arguments.port}",
    }
    print(f"== worker at {arguments.size} entries ({database}) ==")
    print(f"load: {os.getloadavg()[0]:.2f}")
    worker_start(env, arguments.starts)
    worker_memory(env, arguments.port, arguments.requests)
    print(f"load: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
