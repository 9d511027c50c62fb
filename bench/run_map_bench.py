"""The public map at 100 000 approved initiatives, in headless Chromium, beside naive folium.

Prints, for our /karte (served by gunicorn, 2 workers, on SpatiaLite + Whoosh):
- bytes transferred for the page and its first data (compressed, as on the wire; map tiles
  are answered locally and left out: they come from the tile server, whatever the page);
- time from navigation to the first markers or clusters on screen;
- pans and zooms: time from the move to the new data drawn (p50/p95), with features per view;
- /api/map alone per view (p50/p95), timed from the benchmark process over HTTP.
Then the naive way: one folium page with every marker embedded (MarkerCluster with popups,
assets served locally), its size and its time to show markers (or the timeout).

Usage: python bench/run_map_bench.py [--count 100000] [--naive 10000,100000] [--reuse]
Data and databases go to bench/out/ (the same as run_search_bench.py with --reuse).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.generate import write  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, blank_tile  # noqa: E402

TILE_HOST = "tile.openstreetmap.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict, *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
    subprocess.run(
        command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def prepare(count: int, reuse: bool) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    database, index = OUT / f"search-{count}.sqlite", OUT / f"search-index-{count}"
    env = {**os.environ, "ZWK_DATABASE_URL": f"sqlite:///{database}", "ZWK_SEARCH_DIR": str(index)}
    if reuse and database.exists() and index.exists():
        flask(env, "db", "upgrade")  # a database of an earlier version; the next start updates the index
        return env
    data = OUT / f"initiatives-{count}.csv"
    if not data.exists():
        write(count, str(data))
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(index)], check=True)
    started = time.perf_counter()
    flask(env, "db", "upgrade")
    flask(env, "seed")
    flask(env, "import", "initiatives", str(data))
    flask(env, "search", "reindex")
    print(f"prepared {count} initiatives in {time.perf_counter() - started:.0f} s")
    return env


def start_server(env: dict, port: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w",
        "2",
        "--threads",
        "4",
        "-b",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def quantiles(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20, method="inclusive")
    return f"p50 {statistics.median(values):.0f} ms, p95 {q[18]:.0f} ms"


MOVE_AND_WAIT = """([dx, dy, zoom]) => new Promise(resolve => {
  const box = document.querySelector('.map'); const map = window[box.id];
  const started = performance.now();
  box.addEventListener('zwk:loaded',
    e => resolve({ms: performance.now() - started, ...e.detail}), {once: true});
  if (zoom !== null) map.setZoom(zoom, {animate: false}); else map.panBy([dx, dy], {animate: false});
})"""


def measure_our_map(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    tile = blank_tile()
    page.route(
        f"https://{TILE_HOST}/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=tile),
    )
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    started = time.perf_counter()
    page.goto(base + "/karte", wait_until="commit")
    page.wait_for_selector(".zwk-marker, .zwk-cluster", state="visible", timeout=60_000)
    visible = time.perf_counter() - started
    page.wait_for_function("() => document.querySelector('.map').dataset.loads >= 1")
    page.wait_for_load_state("load")
    own = [request for request in responses if TILE_HOST not in request.url]
    transferred = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in own)
    data = [r for r in own if "/api/map" in r.url]
    status = page.locator("#map-status").inner_text()
    print(
        f"our map: page + first data {transferred / 1e6:.2f} MB transferred in {len(own)} requests "
        f"(first data {sum(r.sizes()['responseBodySize'] for r in data) / 1e3:.1f} kB); "
        f"markers visible {visible * 1000:.0f} ms after navigation; {status}"
    )
    steps = []
    for zoom in (9, 11, 13, 15):
        steps.append((0, 0, zoom))
        steps += [(350, 0, None), (0, 250, None), (-350, 0, None), (0, -250, None)]
    moves = {}
    for dx, dy, zoom in steps * 2:
        result = page.evaluate(MOVE_AND_WAIT, [dx, dy, zoom])
        level = page.evaluate("window[document.querySelector('.map').id].getZoom()")
        moves.setdefault(level, []).append(result)
    for level, results in sorted(moves.items()):
        times = [r["ms"] for r in results]
        print(
            f"  zoom {level}: move → new data drawn {quantiles(times)} "
            f"({results[-1]['mode']}, {max(r['features'] for r in results)} features max, "
            f"{max(r['total'] for r in results)} entries in view max)"
        )
    every = [r["ms"] for results in moves.values() for r in results]
    print(f"  all moves: {quantiles(every)}, max {max(every):.0f} ms")
    context.close()


def measure_api(base: str) -> None:
    views = [
        (9, "11.3,53.5,13.1,54.4"),
        (11, "11.9,53.95,12.35,54.15"),
        (13, "12.05,54.05,12.2,54.11"),
        (7, "9.5,52.5,15.5,55.0"),
    ]
    for zoom, bbox in views:
        url = f"{base}/api/map?zoom={zoom}&bbox={bbox}&type=initiative,place,need"
        times, size = [], 0
        for _ in range(30):
            started = time.perf_counter()
            with urllib.request.urlopen(
                urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
            ) as response:
                size = len(response.read())
            times.append((time.perf_counter() - started) * 1000)
        print(f"  /api/map zoom {zoom} bbox {bbox}: {quantiles(times)}, {size / 1e3:.1f} kB gzip")


def naive_page(count: int, base: str) -> Path:
    """folium's own way: every marker with its popup in one page (assets from our server)."""
    import random

    import folium
    from folium.plugins import MarkerCluster

    from bench.generate import rows

    path = OUT / f"naive-folium-{count}.html"
    folium_map = folium.Map(
        location=[54.0, 12.3], zoom_start=9, tiles=f"https://{TILE_HOST}/{{z}}/{{x}}/{{y}}.png", attr="OSM"
    )
    folium_map.default_js = [
        ("leaflet", f"{base}/static/vendor/leaflet/1.9.3/leaflet.js"),
        ("jquery", f"{base}/static/vendor/jquery/3.7.1/jquery.min.js"),
    ]
    folium_map.default_css = [("leaflet_css", f"{base}/static/vendor/leaflet/1.9.3/leaflet.css")]
    cluster = MarkerCluster()
    cluster.default_js = [
        ("markerclusterjs", f"{base}/static/vendor/markercluster/1.4.1/leaflet.markercluster.js")
    ]
    vendor = f"{base}/static/vendor/markercluster/1.4.1"
    cluster.default_css = [
        ("markerclustercss", f"{vendor}/MarkerCluster.css"),
        ("mcd", f"{vendor}/MarkerCluster.Default.css"),
    ]
    cluster.add_to(folium_map)
    for row in rows(count, random.Random(7)):
        name, lat, lon = row[0], float(row[-2]), float(row[-1])
        folium.Marker([lat, lon], popup=folium.Popup(name)).add_to(cluster)
    started = time.perf_counter()
    folium_map.save(str(path))
    print(f"naive folium {count}: rendered the page in {time.perf_counter() - started:.0f} s")
    return path


def measure_naive(browser, count: int, base: str) -> None:
    path = naive_page(count, base)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    tile = blank_tile()
    page.route(
        f"https://{TILE_HOST}/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=tile),
    )
    started = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=300_000)
        page.wait_for_selector(".marker-cluster, .leaflet-marker-icon", state="visible", timeout=300_000)
        shown = f"markers visible after {time.perf_counter() - started:.1f} s"
    except Exception as error:
        shown = f"no markers within {time.perf_counter() - started:.0f} s ({type(error).__name__})"
    print(f"naive folium {count}: {path.stat().st_size / 1e6:.1f} MB page; {shown}")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--naive", default="10000,100000")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database and index")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    env = prepare(args.count, args.reuse)
    port = free_port()
    server = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            measure_our_map(browser, base)
            measure_api(base)
            for count in filter(None, args.naive.split(",")):
                measure_naive(browser, int(count), base)
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
