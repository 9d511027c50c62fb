"""The labelled search set as a regression guard: success@5 and MRR must not fall below the target."""

from zwk_network.extensions import limiter

from .labels import evaluate_queries, labelled_set, load_entries, load_geography


def test_labelled_search_set(app, client):
    load_geography()
    data = labelled_set()
    load_entries(data)
    limiter.enabled = False  # 86 searches in a row: more than one person's minute allows
    try:
        scores = evaluate_queries(client, data)
    finally:
        limiter.enabled = True
    misses = [(row["q"], row["top"]) for row in scores["rows"] if not row["success"]]
    assert scores["queries"] >= 60
    assert scores["success_at_5"] >= 0.95, misses
    assert scores["mrr"] >= 0.9, misses
