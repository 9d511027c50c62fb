"""Text scores of every document for a weighted set of terms (matching needs to entries).

Whoosh scores a union of many terms document by document in Python, which takes seconds at
100 000 entries. Here each term's postings are read once per index segment into NumPy arrays
(cached like the value columns: segments never change) and the scores are summed as arrays:

    score(d) = Σ_field boost_f · Σ_term w_t · idf_t · tf·(k1 + 1) / (tf + k1)

BM25 without length normalisation (entries' texts are short and alike in length).
"""

import math
import threading

import numpy as np

from .backend import ScoringSnapshot
from .columns import Columns
from .whoosh_schema import TEXT_FIELDS

#: The fields a need's words are compared with (the place names would only add noise).
MATCH_FIELDS = ("name", "summary", "body")
K1 = 1.2


class PostingCache:
    """Per process: (segment id, field, term) → (local document numbers, term frequencies)."""

    def __init__(self):
        self._postings: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()

    def postings(self, reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (reader.segment().segment_id(), field, term)
        with self._lock:
            cached = self._postings.get(key)
        if cached is None:
            if (field, term) in reader:
                items = np.array(list(reader.postings(field, term).items_as("weight")), dtype=np.float64)
                items = items.reshape(-1, 2)  # rows of (document, frequency); none when all are deleted
                cached = (items[:, 0].astype(np.int64), items[:, 1])
            else:
                cached = (np.zeros(0, dtype=np.int64), np.zeros(0))
            with self._lock:
                self._postings[key] = cached
        return cached

    def forget_except(self, segment_ids: set[str]) -> None:
        with self._lock:
            for key in [key for key in self._postings if key[0] not in segment_ids]:
                del self._postings[key]


class WhooshSnapshot(ScoringSnapshot):
    def __init__(self, searcher, columns: Columns, cache: PostingCache):
        self.searcher = searcher
        self.columns = columns
        self.cache = cache

    def text_scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        scores = np.zeros(len(self.columns.alive), dtype=np.float64)
        if not weighted_terms:
            return scores
        total_docs = max(1, self.searcher.doc_count())
        leaves = [(reader, base) for reader, base in self.searcher.reader().leaf_readers()
                  if reader.segment() is not None]  # fmt: skip
        self.cache.forget_except({reader.segment().segment_id() for reader, _base in leaves})
        for field in MATCH_FIELDS:
            boost = TEXT_FIELDS[field]
            for term, weight in weighted_terms.items():
                frequency = self.searcher.doc_frequency(field, term)
                if not frequency:
                    continue
                idf = math.log(1 + (total_docs - frequency + 0.5) / (frequency + 0.5))
                factor = boost * weight * idf
                for reader, base in leaves:
                    docs, tf = self.cache.postings(reader, field, term)
                    if len(docs):
                        np.add.at(scores, docs + base, factor * tf * (K1 + 1) / (tf + K1))
        return scores

    def stored(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)

    def document_frequency(self, term: str) -> tuple[int, int]:
        found = max(self.searcher.doc_frequency(field, term) for field in MATCH_FIELDS)
        return found, self.searcher.doc_count()


assert set(MATCH_FIELDS) <= set(TEXT_FIELDS)
