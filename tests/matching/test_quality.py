"""The labelled set as a regression guard: ranking quality must not fall below today's."""

from tests.factories import make_kommune

from .labels import evaluate_needs, load_labelled_set, ndcg_at, recall_at


def test_metrics_on_known_rankings():
    relevant = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at(["a", "b", "c"], relevant, 5) == 1.0
    assert ndcg_at(["x", "y", "z"], relevant, 5) == 0.0
    assert 0 < ndcg_at(["c", "b", "a"], relevant, 5) < 1
    assert recall_at(["a", "x"], relevant, 10) == 1 / 3


def test_labelled_set_quality(app):
    scores = evaluate_needs(load_labelled_set(make_kommune()))
    assert scores["ndcg5"] >= 0.75, scores["per_need"]
    assert scores["recall10"] >= 0.85, scores["per_need"]
