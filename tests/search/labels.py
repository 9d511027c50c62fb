"""The labelled search set (tests/data/search_labels.json) and its metrics: success@5 and MRR.

The set has entries of its own, placed in real towns of the seed's gazetteer, and queries the
way residents type them (town names, spelled-out umlauts, typos, related words, compounds,
several words), each with the entries that must be among the first five.
Used by bench/run_search_quality.py; its figures are the measure of search quality.
"""

import csv
import json
from pathlib import Path

from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.registry.services import create_listing
from zwk_network.seed import SEED_DIR, _load_gazetteer, _load_kommunen

LABELS = Path(__file__).resolve().parent.parent / "data" / "search_labels.json"
MODELS = {"initiative": Initiative, "place": MeetingPlace}


def labelled_set() -> dict:
    return json.loads(LABELS.read_text(encoding="utf-8"))


def load_geography() -> None:
    """The seed's Kommunen, regions and gazetteer, without any entries."""
    _load_kommunen(SEED_DIR / "kommunen.json")
    import_file(str(SEED_DIR / "regions.geojson"), "regions", skip_existing=True)
    _load_gazetteer(SEED_DIR / "gazetteer.csv")


def load_entries(data: dict) -> int:
    """Store the set's entries (approved) at their towns' gazetteer points; the seed's geography
    (Kommunen, regions, gazetteer) must be loaded already."""
    with (SEED_DIR / "gazetteer.csv").open(encoding="utf-8") as file:
        rows = sorted(csv.DictReader(file), key=lambda row: row["kind"] == "Ortsteil")
    towns = {}
    for row in rows:  # a town's name means the town, not a same-named village („Nienhagen“)
        towns.setdefault(row["name"], (float(row["lon"]), float(row["lat"])))
    for entry in data["entries"]:
        lon, lat = towns[entry["town"]]
        record = {
            "name": entry["name"],
            "kind": entry["kind"],
            "summary": entry["summary"],
            "description": entry["description"],
            "themes": entry["themes"],
            "target_groups": entry["groups"],
            "town": entry["town"],
            "source": "Suchtestdaten",
        }
        create_listing(MODELS[entry["type"]], record, lon, lat, status="approved")
    db.session.commit()
    return len(data["entries"])


def rank_of(names: list[str], relevant: list[str]) -> int | None:
    """1-based rank of the first relevant entry, or None."""
    return next((rank for rank, name in enumerate(names, 1) if name in relevant), None)


def evaluate_queries(client, data: dict, k: int = 5) -> dict:
    """Ask /api/search each query; success@k: all its relevant entries in the first k (or as
    many as fit), MRR: mean reciprocal rank of the first relevant one."""
    rows = []
    for item in data["queries"]:
        params = {"q": item["q"], "per_page": 20}
        if item.get("near"):
            params["near"] = item["near"]
        response = client.get("/api/search", query_string=params)
        names = (
            [hit["name"] for hit in response.get_json().get("results", [])]
            if response.status_code == 200
            else []
        )
        wanted = item["relevant"]
        found = sum(name in names[:k] for name in wanted)
        success = found >= min(len(wanted), k)
        rank = rank_of(names, wanted)
        rows.append(
            {
                "q": item["q"],
                "near": item.get("near"),
                "status": response.status_code,
                "success": success,
                "rr": 1 / rank if rank else 0.0,
                "top": names[:k],
            }
        )
    return {
        "queries": len(rows),
        "success_at_5": sum(r["success"] for r in rows) / len(rows),
        "mrr": sum(r["rr"] for r in rows) / len(rows),
        "rows": rows,
    }
