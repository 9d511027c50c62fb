"""Search quality on the labelled set tests/data/search_labels.json: success@5 and MRR.

Loads the seed's geography (Kommunen, regions, gazetteer; no demo entries) and the set's own
entries into a throw-away SpatiaLite database, asks /api/search every query, and prints the
figures and every query that misses.

Usage: python bench/run_search_quality.py [--all]   (--all prints every query, not only misses)
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from tests.search.labels import evaluate_queries, labelled_set, load_entries, load_geography  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="zwk-search-labels-"))
    database = f"sqlite:///{folder / 'labels.sqlite'}"
    app = create_app(
        {
            "DATABASE_URL": database,
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
        db.engine.dispose()
    print(f"labelled search set: {scores['queries']} queries, {entries} entries")
    print(f"success@5 {scores['success_at_5']:.3f}   MRR {scores['mrr']:.3f}")
    for row in scores["rows"]:
        if args.all or not row["success"]:
            mark = "ok  " if row["success"] else "MISS"
            near = f" near={row['near']}" if row["near"] else ""
            status = "" if row["status"] == 200 else f" [HTTP {row['status']}]"
            print(f"  {mark} {row['q']!r}{near}{status}: {row['top']}")


if __name__ == "__main__":
    main()
