"""The labelled set (tests/data/matching_labels.json) and its metrics: nDCG@5, recall@10.

Used by tests/matching/test_quality.py and bench/run_match_bench.py.
"""

import json
import math
from pathlib import Path

from zwk_network.extensions import db
from zwk_network.matching.services import matches_for_need
from zwk_network.municipalities.models import Kommune, Region
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative
from zwk_network.registry.services import create_listing
from zwk_network.taxonomy.models import HelpKind, TargetGroup, Theme

LABELS = Path(__file__).resolve().parent.parent / "data" / "matching_labels.json"


def load_labelled_set(kommune: Kommune) -> list[tuple[Need, dict[str, int]]]:
    """Store the set's entries and needs in the current app's (empty) database."""
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        record = {
            "name": entry["name"],
            "summary": entry["summary"],
            "themes": entry["themes"],
            "target_groups": entry["groups"],
            "service_radius_km": entry["radius"],
            "help_kinds": entry.get("help_kinds", []),
        }
        create_listing(Initiative, record, entry["lon"], entry["lat"], status="approved")
    needs = []
    for item in data["needs"]:
        region = db.session.scalar(db.select(Region).where(Region.slug == item["region"]))
        need = Need(
            kommune_id=kommune.id, title=item["title"], description=item["description"], region=region
        )
        need.themes = list(db.session.scalars(db.select(Theme).where(Theme.slug.in_(item["themes"]))))
        need.target_groups = list(
            db.session.scalars(db.select(TargetGroup).where(TargetGroup.slug.in_(item["groups"])))
        )
        need.help_kinds = list(
            db.session.scalars(db.select(HelpKind).where(HelpKind.slug.in_(item.get("help_kinds", []))))
        )
        db.session.add(need)
        needs.append((need, item["relevant"]))
    db.session.commit()
    return needs


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int) -> float:
    gains = [relevant.get(name, 0) for name in ranked[:k]]
    dcg = sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], relevant: dict[str, int], k: int) -> float:
    wanted = {name for name, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 1.0


def evaluate_needs(needs: list[tuple[Need, dict[str, int]]]) -> dict:
    per_need = []
    for need, relevant in needs:
        _need, result = matches_for_need(need.id, limit=10)
        ranked = [match.name for match in result.matches]
        per_need.append((need.title, ndcg_at(ranked, relevant, 5), recall_at(ranked, relevant, 10)))
    return {
        "needs": len(per_need),
        "ndcg5": sum(n for _t, n, _r in per_need) / len(per_need),
        "recall10": sum(r for _t, _n, r in per_need) / len(per_need),
        "per_need": per_need,
    }


def evaluate(database_url: str | None = None) -> dict:
    """Build a throw-away app (SpatiaLite unless a database is given), load the set, and measure
    (for the bench)."""
    import tempfile

    from flask_migrate import upgrade

    from tests.factories import make_kommune
    from zwk_network import create_app

    folder = Path(tempfile.mkdtemp(prefix="zwk-labels-"))
    app = create_app(
        {
            "DATABASE_URL": database_url or f"sqlite:///{folder / 'labels.sqlite'}",
            "SEARCH_DIR": str(folder / "index"),
            "TESTING": True,
        }
    )
    with app.app_context():
        upgrade()
        scores = evaluate_needs(load_labelled_set(make_kommune()))
        scores["entries"] = len(json.loads(LABELS.read_text(encoding="utf-8"))["entries"])
        db.engine.dispose()
    return scores
