"""The Wegweiser PDF for a whole Landkreis: the seed data alone, then with 1 000 synthetic entries.

Prints, for /kommunen/landkreis-rostock/wegweiser.pdf (A4 and A5) on SpatiaLite: entries, pages, PDF
size, and the time of each step in the process that serves it (gathering the entries with their QR
codes, rendering the HTML, WeasyPrint's layout into tagged PDF/UA), as wall-clock and as the
process's CPU time (the machine is shared: CPU time varies less with the load than wall-clock).

Usage: python bench/run_guide_bench.py [--count 1000] [--runs 1]
Data go to bench/out/ (the database is made anew each run).
"""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "zwk_network" / "seed_data" / "tools"))

from demo_texts import INITIATIVE_TEMPLATES  # noqa: E402

SLUG = "landkreis-rostock"


def flask(env: dict, *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
    subprocess.run(
        command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def prepare() -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / "guide.sqlite"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "ZWK_DATABASE_URL": f"sqlite:///{database}",
        "ZWK_SEARCH_DIR": str(OUT / "guide-search-index"),
        "ZWK_BASE_URL": "https://zwk.example.org",
    }
    subprocess.run(["rm", "-rf", env["ZWK_SEARCH_DIR"]], check=True)
    flask(env, "db", "upgrade")
    flask(env, "seed")
    return env


def add_synthetic(count: int, rng: random.Random) -> None:
    """`count` approved initiatives around the Landkreis's towns, half with a published phone number."""
    from sqlalchemy import select

    from zwk_network.extensions import db
    from zwk_network.municipalities.locator import Locator
    from zwk_network.municipalities.models import GazetteerPlace, Kommune
    from zwk_network.registry.models import Initiative
    from zwk_network.registry.services import insert_listings, listing_row, record_tags

    kommune = db.session.scalar(select(Kommune).where(Kommune.slug == SLUG))
    towns = list(db.session.scalars(select(GazetteerPlace).where(GazetteerPlace.kommune_id == kommune.id)))
    locator = Locator.from_database()
    rows, tags = [], []
    for number in range(1, count + 1):
        town = rng.choice(towns)
        lon, lat = locator_point(town, rng)
        name, kind, themes, groups, summary, description, rhythm = rng.choice(INITIATIVE_TEMPLATES)
        record = {
            "name": f"{name.format(town=town.name)} {number}",
            "kind": kind,
            "summary": summary,
            "description": description,
            "opening_times": rhythm,
            "town": town.name,
            "phone": f"038{rng.randint(10, 99)} {rng.randint(10000, 99999)}",
            "publish": ["phone"] if number % 2 else [],
            "themes": themes,
            "target_groups": groups,
            "demo": True,
            "source": "Synthetische Benchmark-Daten",
        }
        rows.append(listing_row(Initiative, record, lon, lat, locator.locate(lon, lat)))
        tags.append(record_tags(record))
    insert_listings(Initiative, rows, tags)
    db.session.commit()


def locator_point(town, rng: random.Random) -> tuple[float, float]:
    from zwk_network.geo.geojson import point_coordinates, to_geometry

    lon, lat = point_coordinates(to_geometry(town.location))
    return lon + rng.gauss(0, 0.02), lat + rng.gauss(0, 0.015)


def measure(app, page_size: str) -> dict:
    from flask import render_template
    from werkzeug.datastructures import MultiDict

    from zwk_network.municipalities.services import get_kommune
    from zwk_network.reports.guide import build_guide
    from zwk_network.reports.pdf import html_to_pdf

    timings = {}
    with app.test_request_context(f"/kommunen/{SLUG}/wegweiser.pdf?format={page_size}"):
        clock = (time.perf_counter(), time.process_time())
        guide = build_guide(get_kommune(SLUG), MultiDict({"format": page_size}))
        timings["entries"] = _since(clock)
        clock = (time.perf_counter(), time.process_time())
        html = render_template("reports/guide_pdf.html", guide=guide)
        timings["html"] = _since(clock)
        clock = (time.perf_counter(), time.process_time())
        pdf = html_to_pdf(html)
        timings["pdf"] = _since(clock)
    path = OUT / f"wegweiser-{page_size}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return {"count": len(guide.entries), "pages": pages, "bytes": len(pdf), **timings}


def _since(clock: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - clock[0], time.process_time() - clock[1]


def report(label: str, result: dict) -> None:
    total = tuple(sum(result[step][i] for step in ("entries", "html", "pdf")) for i in (0, 1))
    steps = " · ".join(
        f"{step} {result[step][0]:.1f} s ({result[step][1]:.1f} s CPU)" for step in ("entries", "html", "pdf")
    )
    print(
        f"{label}: {result['count']} entries, {result['pages']} pages, {result['bytes'] / 1e6:.2f} MB; "
        f"total {total[0]:.1f} s ({total[1]:.1f} s CPU): {steps}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    arguments = parser.parse_args()
    env = prepare()
    os.environ.update(env)
    from zwk_network import create_app

    app = create_app()
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f} (2 cores)")
    for page_size in ("a4", "a5"):
        with app.app_context():
            report(f"seed only, {page_size.upper()}", measure(app, page_size))
    with app.app_context():
        add_synthetic(arguments.count, random.Random(7))
    for page_size in ("a4", "a5"):
        with app.app_context():
            report(f"seed + {arguments.count} synthetic, {page_size.upper()}", measure(app, page_size))
    print(f"PDFs in {OUT}")


if __name__ == "__main__":
    main()
