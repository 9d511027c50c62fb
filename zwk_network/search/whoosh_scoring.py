"""Text scores of every document for a weighted set of terms (matching needs to entries)."""

import numpy as np
from whoosh.query import Or, Term

from .backend import ScoringSnapshot
from .columns import Columns
from .whoosh_schema import TEXT_FIELDS

#: The fields a need's words are compared with (the place names would only add noise).
MATCH_FIELDS = ("name", "summary", "body")


class WhooshSnapshot(ScoringSnapshot):
    def __init__(self, searcher, columns: Columns):
        self.searcher = searcher
        self.columns = columns

    def text_scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        scores = np.zeros(len(self.columns.alive), dtype=np.float64)
        if not weighted_terms:
            return scores
        query = Or([Term(field, term, boost=weight) for term, weight in weighted_terms.items()
                    for field in MATCH_FIELDS])  # fmt: skip
        results = self.searcher.search(query, limit=None, optimize=True)
        ranking = results.top_n
        if ranking:
            docnums = np.fromiter((docnum for _score, docnum in ranking), dtype=np.int64, count=len(ranking))
            scores[docnums] = np.fromiter(
                (score for score, _doc in ranking), dtype=np.float64, count=len(ranking)
            )
        return scores

    def stored(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)


assert set(MATCH_FIELDS) <= set(TEXT_FIELDS)
