"""The labelled set on the seeded Kommunen (tests/data/matching_seed_labels.json) and its measures.

nDCG@5 and recall@10 of the ranking; gap precision and recall (a gap the engine reports that the
planners' judgment also calls a gap; the judgment's gaps the engine finds); false gaps (needs with an
answer nearby that the engine calls gaps); and the score spread: per need, how far the best true answer
(grade 3) stands above the best entry judged irrelevant (grade 0). Used by test_seed_quality.py and
bench/run_match_bench.py. The needs are added to the current session without committing.
"""

import json
from pathlib import Path

from tests.matching.labels import ndcg_at, recall_at
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.matching.services import matches_for_need
from zwk_network.municipalities.gazetteer import place_key
from zwk_network.municipalities.models import GazetteerPlace, Kommune, Region
from zwk_network.needs.models import Need
from zwk_network.taxonomy.models import apply_tags

SEED_LABELS = Path(__file__).resolve().parent.parent / "data" / "matching_seed_labels.json"


def labelled_needs() -> list[dict]:
    return json.loads(SEED_LABELS.read_text(encoding="utf-8"))["needs"]


def add_labelled_needs(items: list[dict]) -> list[tuple[Need, dict]]:
    """The set's needs in the seeded database (flushed, not committed)."""
    kommunen = {k.slug: k for k in db.session.scalars(db.select(Kommune))}
    regions = {(r.kommune_id, r.slug): r for r in db.session.scalars(db.select(Region))}
    needs = []
    for item in items:
        kommune = kommunen[item["kommune"]]
        need = Need(kommune_id=kommune.id, title=item["title"], description=item["description"])
        if "region" in item:
            need.region = regions[(kommune.id, item["region"])]
        else:
            place = _place(item["place"], item.get("gemeinde"))
            need.area = point_element(*_coordinates(place))
            need.region_id = place.region_id
        apply_tags(
            need,
            {"themes": item["themes"], "target_groups": item["groups"], "help_kinds": item["help_kinds"]},
        )
        db.session.add(need)
        needs.append((need, item))
    db.session.flush()
    return needs


def evaluate_seeded(items: list[dict] | None = None) -> dict:
    """Measure the engine on the set; the seeded app's session must be open (it is rolled back)."""
    needs = add_labelled_needs(items or labelled_needs())
    per_need, spreads = [], []
    found_gaps = true_gaps = hits = false_gaps = 0
    for need, item in needs:
        _need, result = matches_for_need(need.id, limit=10)
        ranked = [m.name for m in result.matches]
        relevant = item["relevant"]
        per_need.append(
            (
                need.title,
                ndcg_at(ranked, relevant, 5),
                recall_at(ranked, relevant, 10),
                result.gap,
                item["gap"],
            )
        )
        found_gaps += result.gap
        true_gaps += item["gap"]
        hits += result.gap and item["gap"]
        false_gaps += result.gap and not item["gap"]
        best_true = max((m.score for m in result.matches if relevant.get(m.name) == 3), default=None)
        best_wrong = max((m.score for m in result.matches if m.name not in relevant), default=0.0)
        if best_true is not None:
            spreads.append(best_true - best_wrong)
    count = len(per_need)
    return {
        "needs": count,
        "gaps": true_gaps,
        "ndcg5": sum(p[1] for p in per_need) / count,
        "ndcg5_answered": _mean([p[1] for p in per_need if not p[4]]),  # needs with an answer nearby
        "ndcg5_gaps": _mean([p[1] for p in per_need if p[4]]),  # true gaps: the nearest partial answers
        "recall10": sum(p[2] for p in per_need) / count,
        "gap_precision": hits / found_gaps if found_gaps else 1.0,
        "gap_recall": hits / true_gaps if true_gaps else 1.0,
        "false_gaps": false_gaps,
        "spread": sum(spreads) / len(spreads) if spreads else 0.0,
        "min_spread": min(spreads, default=0.0),
        "per_need": per_need,
    }


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _place(name: str, gemeinde: str | None) -> GazetteerPlace:
    places = list(
        db.session.scalars(db.select(GazetteerPlace).where(GazetteerPlace.name_key == place_key(name)))
    )
    if gemeinde:
        places = [p for p in places if place_key(p.gemeinde or "") == place_key(gemeinde)]
    if not places:
        raise LookupError(f"{name} ({gemeinde}) is not in the gazetteer")
    return places[0]


def _coordinates(place: GazetteerPlace) -> tuple[float, float]:
    from zwk_network.geo.geojson import point_coordinates, to_geometry

    return point_coordinates(to_geometry(place.location))


def evaluate_on_seed(database_url: str | None = None) -> dict:
    """Build a throw-away seeded app (SpatiaLite unless a database is given) and measure (for the bench)."""
    import tempfile

    from flask_migrate import upgrade

    from zwk_network import create_app, deferred
    from zwk_network.seed import load_seed

    folder = Path(tempfile.mkdtemp(prefix="zwk-seed-labels-"))
    app = create_app(
        {
            "DATABASE_URL": database_url or f"sqlite:///{folder / 'seed.sqlite'}",
            "SEARCH_DIR": str(folder / "index"),
            "TESTING": True,
        }
    )
    with app.app_context():
        upgrade()
        load_seed(echo=lambda *_: None)
        deferred.wait_idle()
        scores = evaluate_seeded()
        db.session.rollback()
        db.engine.dispose()
    return scores
