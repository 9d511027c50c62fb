"""Search as denial of service: what a long nonsense query costs, alone and under load.

Prints: ms for one 132-word nonsense query (1.9 KB) at the engine and through /api/search;
then, with gunicorn (2 workers) serving, the median of a normal search while 8 clients send
such long queries for --seconds, with rate limits off and on.
Needs a database and index made by run_search_bench.py style preparation:
  --database sqlite:///…/dos-20000.sqlite --index …/dos-index-20000
Run it from the checkout whose code is measured (cwd is put first on the path).
"""

import argparse
import os
import random
import statistics
import string
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, os.getcwd())

NORMAL = ["Jugendclub", "Frühstück", "Fahrdienst Arzt", "Begegnungsstätte", "Chor", "Sport Verein"]
PORT = 5087


def nonsense_query(words: int = 132, seed: int = 1) -> str:
    rng = random.Random(seed)
    letters = string.ascii_lowercase + "äöü"
    return " ".join("".join(rng.choice(letters) for _ in range(rng.randint(10, 17))) for _ in range(words))


def single(database: str, index: str) -> None:
    from zwk_network import create_app
    from zwk_network.search.backend import SearchQuery
    from zwk_network.search.engine import search_backend

    app = create_app({"DATABASE_URL": database, "SEARCH_DIR": index, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    text = nonsense_query()
    print(f"nonsense query: {len(text.split())} words, {len(text.encode())} bytes (other words each run)")
    seeds = iter(range(100, 1000))
    with app.app_context():
        search_backend().warm_up()
        for label, call in (
            ("engine", lambda: search_backend().search(SearchQuery(text=nonsense_query(seed=next(seeds))))),
            (
                "/api/search",
                lambda: client.get("/api/search", query_string={"q": nonsense_query(seed=next(seeds))}),
            ),
            ("/api/search normal", lambda: client.get("/api/search", query_string={"q": "Jugendclub"})),
        ):
            durations = []
            for _ in range(5):
                started = time.perf_counter()
                call()
                durations.append((time.perf_counter() - started) * 1000)
            print(f"  {label}: median {statistics.median(durations):.0f} ms (5 runs)")


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def under_load(database: str, index: str, seconds: float, limits: str) -> None:
    env = {**os.environ, "ZWK_DATABASE_URL": database, "ZWK_SEARCH_DIR": index, "BENCH_RATE_LIMITS": limits}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "-w", "2", "-b", f"127.0.0.1:{PORT}", "--timeout", "120", "bench.query_wsgi:app"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen(command, env=env, cwd=os.getcwd(), **quiet)
    try:
        base = f"http://127.0.0.1:{PORT}/api/search?q="
        for _ in range(300):
            try:
                get(base + "Chor")
                break
            except OSError:
                time.sleep(0.2)
        stop = time.monotonic() + seconds
        statuses: list[int] = []

        def attacker(number: int):
            for seed in range(number * 100_000, (number + 1) * 100_000):  # other words each time
                if time.monotonic() >= stop:
                    break
                statuses.append(get(base + urllib.parse.quote(nonsense_query(seed=seed))))

        attackers = [threading.Thread(target=attacker, args=(number,)) for number in range(8)]
        for thread in attackers:
            thread.start()
        time.sleep(1)
        normal = []
        rng = random.Random(2)
        while time.monotonic() < stop:
            started = time.perf_counter()
            get(base + urllib.parse.quote(rng.choice(NORMAL)))
            normal.append((time.perf_counter() - started) * 1000)
            time.sleep(0.2)
        for thread in attackers:
            thread.join()
        refused = sum(1 for s in statuses if s == 429)
        print(
            f"  rate limits {limits}: normal search median {statistics.median(normal):.0f} ms "
            f"(max {max(normal):.0f} ms, {len(normal)} requests); long queries sent {len(statuses)}, "
            f"refused (429) {refused}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    arguments = parser.parse_args()
    single(arguments.database, arguments.index)
    print(f"8 clients sending the long query for {arguments.seconds:g} s, gunicorn 2 workers:")
    for limits in ("off", "on"):
        under_load(arguments.database, arguments.index, arguments.seconds, limits)


if __name__ == "__main__":
    main()
