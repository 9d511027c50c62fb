"""Times where a need is (needs/location.py) on the seed data: the SQL rule in a radius list, and the
Python rule per need, against the rule lists used before (own area, else region; no Kommune).

SpatiaLite only (a fresh database under bench/out). Prints its figures; asserts nothing.
Options: --repeat R (default 200)
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from werkzeug.datastructures import MultiDict

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402
from zwk_network.listing import paginate, parse_list_filters  # noqa: E402
from zwk_network.municipalities.models import Region  # noqa: E402
from zwk_network.needs.location import need_area_sql, need_geometry  # noqa: E402
from zwk_network.needs.models import Need  # noqa: E402
from zwk_network.needs.services import _needs, list_needs  # noqa: E402


def _before(filters):
    """The list rule before needs/location.py: coalesce(own area, region boundary) over an outer join."""
    region = aliased(Region, name="area_region")
    where = func.coalesce(Need.area, region.boundary)
    query = _needs().outerjoin(region, Need.region_id == region.id)
    return paginate(query, Need, filters, order_by=(Need.kommune_id, Need.id), geometry_column=where)


def _ms(run, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    options = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / "need_location.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    env = {**os.environ, "ZWK_DATABASE_URL": url}
    for command in (["db", "upgrade"], ["seed"]):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "zwk_network", *command],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    app = create_app({"DATABASE_URL": url, "SEARCH_DIR": str(OUT / "need_location_index")})
    with app.test_request_context():
        needs = list(db.session.scalars(_needs()))
        placed = sum(need_geometry(need) is not None for need in needs)
        in_sql = db.session.scalar(select(func.count()).where(need_area_sql().is_not(None)).select_from(Need))
        print(f"needs: {len(needs)}, placed (Python): {placed}, placed (SQL): {in_sql}")
        filters = parse_list_filters(MultiDict({"lat": "54.0", "lon": "12.1", "radius_km": "30"}))
        now, before = list_needs(filters), _before(filters)
        print(f"within 30 km of Rostock: {now.total} needs (before: {before.total})")
        for label, run in (
            ("list, 30 km radius, now", lambda: list_needs(filters)),
            ("list, 30 km radius, before", lambda: _before(filters)),
            ("need_geometry, every need", lambda: [need_geometry(n) for n in needs]),
        ):
            p50, p95 = _ms(run, options.repeat)
            print(f"{label:<32} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")


if __name__ == "__main__":
    main()
