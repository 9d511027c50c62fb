"""Matching speed at 100 000 initiatives (SpatiaLite + Whoosh), and quality on the labelled set.

Prints:
- one need against all entries: p50/p95 over 200 synthetic needs (points, regions, areas;
  with and without themes), and the time to recompute all 200;
- on the labelled set of the seeded Kommunen (tests/data/matching_seed_labels.json, 45 needs):
  nDCG@5, recall@10, gap precision and recall, false gaps and the score spread;
- nDCG@5 and recall@10 on the small invented set tests/data/matching_labels.json.

Usage: python bench/run_match_bench.py [--count 100000] [--needs 200] [--quality-only]
The 100 000-entry database is the one of run_map_bench.py / run_search_bench.py (bench/out/).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from shapely.geometry import Point  # noqa: E402

from bench.databases import ENGINES, engines_option, throwaway_database  # noqa: E402
from bench.run_map_bench import prepare  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.matching.ranking import MATCHED_TYPES, NeedProfile, Settlement, match, match_nearby  # noqa: E402
from zwk_network.matching.services import load_candidates  # noqa: E402
from zwk_network.search.engine import search_backend  # noqa: E402
from zwk_network.taxonomy import TARGET_GROUPS  # noqa: E402

TITLES = [
    (
        "kein Bus mehr",
        "Seit die Linie eingestellt wurde, kommen Ältere nicht mehr zum Arzt.",
        ["mobilitaet"],
        ["fahrdienst"],
    ),
    (
        "Angebote für Jugendliche",
        "Es fehlt ein Treffpunkt für Jugendliche am Abend.",
        ["jugend"],
        ["treffpunkt"],
    ),
    (
        "Orte der Begegnung",
        "Ein Café oder Treff, wo sich Alt und Jung begegnen.",
        ["begegnung"],
        ["treffpunkt", "freizeit"],
    ),
    (
        "Hilfe im Alltag für Senioren",
        "Einkaufshilfe und Besuchsdienst für Ältere.",
        ["senioren"],
        ["besuchsdienst"],
    ),
    ("Digitale Hilfe", "Wer hilft beim Smartphone und bei Onlineterminen?", [], []),
    ("Dorfladen", "Keine Einkaufsmöglichkeit mehr im Ort.", ["nahversorgung"], ["versorgung"]),
]


def synthetic_needs(count: int, regions, rng: random.Random) -> list[NeedProfile]:
    needs = []
    for number in range(count):
        title, description, themes, kinds = TITLES[number % len(TITLES)]
        kind = number % 3
        if kind == 0:
            geometry = Point(rng.uniform(11.0, 14.0), rng.uniform(53.3, 54.4))
        elif kind == 1:
            geometry = rng.choice(regions)
        else:
            geometry = Point(rng.uniform(11.0, 14.0), rng.uniform(53.3, 54.4)).buffer(0.05)
        groups = [rng.choice(list(TARGET_GROUPS))] if number % 2 else []
        settlements = [
            Settlement(f"Ort {i}", rng.uniform(11.0, 14.0), rng.uniform(53.3, 54.4)) for i in range(30)
        ]
        needs.append(
            NeedProfile(
                title,
                description,
                themes if number % 4 else [],
                groups,
                geometry,
                help_kinds=kinds if number % 5 else [],
                settlements=settlements if kind == 1 else [],
            )
        )
    return needs


def speed(count: int, need_count: int) -> None:
    env = prepare(count, reuse=True)
    app = create_app({"DATABASE_URL": env["ZWK_DATABASE_URL"], "SEARCH_DIR": env["ZWK_SEARCH_DIR"]})
    with app.app_context():
        from zwk_network.extensions import db
        from zwk_network.geo.geojson import to_geometry
        from zwk_network.municipalities.models import Region

        regions = [
            to_geometry(r.boundary) for r in db.session.scalars(db.select(Region)) if r.boundary is not None
        ]
        needs = synthetic_needs(need_count, regions, random.Random(3))
        backend = search_backend()
        backend.warm_up()
        for need in needs[:5]:  # warm caches (stems, concept terms)
            match(backend.candidates(MATCHED_TYPES), need)
        durations = []
        started = time.perf_counter()
        for need in needs:
            t0 = time.perf_counter()
            result = match_nearby(load_candidates, need, limit=10)  # what the API reads (PostgreSQL: SQL)
            durations.append((time.perf_counter() - t0) * 1000)
        total = time.perf_counter() - started
        q = statistics.quantiles(durations, n=20, method="inclusive")
        p50 = statistics.median(durations)
        print(
            f"match one need against {count} initiatives (+ seed data): p50 {p50:.0f} ms, "
            f"p95 {q[18]:.0f} ms, max {max(durations):.0f} ms"
        )
        print(f"recompute all {need_count} needs: {total:.1f} s ({len(result.matches)} matches each)")


def quality(verbose: bool, engine: str) -> None:
    from tests.matching.labels import evaluate
    from tests.matching.seed_labels import evaluate_on_seed

    scores = evaluate_on_seed(throwaway_database(engine, "match_seed_labels"))
    print(
        f"[{engine}] labelled set on the seed (tests/data/matching_seed_labels.json): "
        f"{scores['needs']} needs, "
        f"{scores['gaps']} gaps: nDCG@5 {scores['ndcg5']:.3f} (needs with an answer "
        f"{scores['ndcg5_answered']:.3f}, gaps {scores['ndcg5_gaps']:.3f}), "
        f"recall@10 {scores['recall10']:.3f}, "
        f"gap precision {scores['gap_precision']:.3f}, gap recall {scores['gap_recall']:.3f}, "
        f"false gaps {scores['false_gaps']}, score spread (best true answer − best wrong) mean "
        f"{scores['spread']:.3f}, min {scores['min_spread']:.3f}"
    )
    if verbose:
        for title, ndcg, recall, gap, truth in scores["per_need"]:
            flag = "" if gap == truth else "  <- gap judged " + str(truth)
            print(f"  {title}: nDCG@5 {ndcg:.3f}, recall@10 {recall:.3f}, gap {gap}{flag}")
    scores = evaluate(throwaway_database(engine, "match_labels"))
    print(
        f"[{engine}] small invented set (tests/data/matching_labels.json): {scores['needs']} needs, "
        f"{scores['entries']} entries: nDCG@5 {scores['ndcg5']:.3f}, "
        f"recall@10 {scores['recall10']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=200)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="each need of the seed set")
    parser.add_argument("--engines", type=engines_option, default=list(ENGINES), help="for the quality")
    args = parser.parse_args()
    for engine in args.engines:
        quality(args.verbose, engine)
    if not args.quality_only:
        speed(args.count, args.needs)


if __name__ == "__main__":
    main()
