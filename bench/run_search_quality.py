"""Search quality on the labelled set tests/data/search_labels.json: success@5 and MRR.

Loads the seed's geography (Kommunen, regions, gazetteer; no demo entries) and the set's own
entries into a throw-away database per engine (Whoosh: SpatiaLite, PostgreSQL engine: PostGIS,
bench/databases.py), asks /api/search every query, and prints the figures and every query that
misses.

Usage: python bench/run_search_quality.py [--all] [--engines whoosh,postgres]
(--all prints every query, not only misses)
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from bench.databases import ENGINES, engines_option, throwaway_database  # noqa: E402
from tests.search.labels import evaluate_queries, labelled_set, load_entries, load_geography  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--engines", type=engines_option, default=list(ENGINES))
    args = parser.parse_args()
    for engine in args.engines:
        measure(engine, args.all)


def measure(engine: str, every_query: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="zwk-search-labels-"))
    app = create_app(
        {
            "DATABASE_URL": throwaway_database(engine, "search_labels"),
            "SEARCH_BACKEND": engine,
            "SEARCH_DIR": str(folder / "index"),
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        load_geography()
        data = labelled_set()
        entries = load_entries(data)
        scores = evaluate_queries(app.test_client(), data)
        db.session.rollback()
        db.engine.dispose()
    print(f"[{engine}] labelled search set: {scores['queries']} queries, {entries} entries")
    print(f"[{engine}] success@5 {scores['success_at_5']:.3f}   MRR {scores['mrr']:.3f}")
    for row in scores["rows"]:
        if every_query or not row["success"]:
            mark = "ok  " if row["success"] else "MISS"
            near = f" near={row['near']}" if row["near"] else ""
            status = "" if row["status"] == 200 else f" [HTTP {row['status']}]"
            print(f"  {mark} {row['q']!r}{near}{status}: {row['top']}")


if __name__ == "__main__":
    main()
