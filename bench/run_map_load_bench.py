"""/api/map as denial of service: what an oversized view costs, alone and under load.

Prints, with gunicorn (2 workers) serving N approved initiatives (plus the seed data):
- per view: time per request (p50/p95), bytes (uncompressed) and features of /api/map, for
  the whole world and for a 5° × 2° box at zoom 18 (the reviewer's requests), and for what
  the real map sends (a screen-sized box at zoom 9 and 13);
- the median of a normal search (/api/search?q=jugend&kommune=landkreis-rostock) alone and
  while 4 clients send the whole-world request at zoom 18 as fast as they can.
Run it from the checkout whose code is measured (cwd is put first on the path); data and
database go to --out (default bench/out, shared with run_map_bench.py: same files, same count).

Usage: python bench/run_map_load_bench.py [--count 20000] [--seconds 15] [--reuse] [--out DIR]
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, os.getcwd())

from bench import run_map_bench

HEAVY = "/api/map?bbox=-180,-90,180,90&zoom=18"
VIEWS = [
    ("whole world, zoom 18", HEAVY),
    ("5° × 2° box, zoom 18", "/api/map?bbox=10,53,15,55&zoom=18"),
    ("screen at zoom 9 (the map's start)", "/api/map?bbox=11.3,53.5,13.1,54.4&zoom=9"),
    ("screen at zoom 13", "/api/map?bbox=12.05,54.05,12.2,54.11&zoom=13"),
]
NORMAL = "/api/search?q=jugend&kommune=landkreis-rostock"


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def timed(url: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    status, body = fetch(url)
    return (time.perf_counter() - started) * 1000, status, body


def quantiles(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20, method="inclusive")
    return f"p50 {statistics.median(values):.0f} ms, p95 {q[18]:.0f} ms"


def measure_views(base: str, runs: int) -> None:
    import json

    for label, path in VIEWS:
        results = [timed(base + path) for _ in range(runs)]
        status, body = results[-1][1], results[-1][2]
        data = json.loads(body)
        shape = (
            f"{len(data['features'])} features, mode {data['mode']}, total {data['total']}"
            if status == 200
            else f"problem: {data.get('detail')}"
        )
        print(
            f"  {label}: {quantiles([r[0] for r in results])}, status {status}, "
            f"{len(body) / 1e3:.1f} kB, {shape}"
        )


def normal_search_median(base: str, seconds: float) -> tuple[float, int]:
    stop, durations = time.monotonic() + seconds, []
    while time.monotonic() < stop:
        durations.append(timed(base + NORMAL)[0])
        time.sleep(0.1)
    return statistics.median(durations), len(durations)


def under_load(base: str, seconds: float, clients: int = 4) -> None:
    alone, count = normal_search_median(base, min(seconds, 5))
    print(f"  normal search alone: median {alone:.0f} ms ({count} requests)")
    stop, sent, statuses = time.monotonic() + seconds + 1, [], []

    def hammer():
        while time.monotonic() < stop:
            duration, status, _body = timed(base + HEAVY)
            sent.append(duration)
            statuses.append(status)

    threads = [threading.Thread(target=hammer) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    loaded, count = normal_search_median(base, seconds)
    for thread in threads:
        thread.join()
    print(
        f"  normal search while {clients} clients send {HEAVY}: median {loaded:.0f} ms "
        f"({count} requests); they sent {len(sent)} ({len(sent) / (seconds + 1):.1f}/s, "
        f"median {statistics.median(sent):.0f} ms, statuses {sorted(set(statuses))})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep an existing database and index")
    parser.add_argument("--out", type=Path, default=run_map_bench.OUT)
    args = parser.parse_args()
    run_map_bench.OUT = args.out
    env = {**run_map_bench.prepare(args.count, args.reuse), "PYTHONPATH": os.getcwd()}
    port = run_map_bench.free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "wsgi:app",
    ]
    server = subprocess.Popen(
        command, env=env, cwd=os.getcwd(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                fetch(base + "/api/")
                break
            except OSError:
                time.sleep(0.2)
        print(f"/api/map at {args.count} initiatives, gunicorn 2 workers, {args.runs} requests per view:")
        measure_views(base, args.runs)
        under_load(base, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
