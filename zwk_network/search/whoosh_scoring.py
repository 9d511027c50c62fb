"""Text scores of every document for a weighted set of terms (matching needs to entries).

Whoosh scores a union of many terms document by document in Python, which takes seconds at
100 000 entries. Here each term's postings are read once per index segment into NumPy arrays
(cached like the value columns: segments never change) and the scores are summed as arrays:

    score(d) = Σ_field boost_f · Σ_term w_t · idf_t · tf·(k1 + 1) / (tf + k1)

BM25 without length normalisation (entries' texts are short and alike in length).
"""

import math
import threading
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher

from .backend import Candidates, CandidateSnapshot, IndexedEntry
from .columns import Columns
from .documents import TYPES
from .whoosh_schema import TEXT_FIELDS

#: The fields a need's words are compared with (the place names would only add noise).
MATCH_FIELDS = ("name", "summary", "body")
K1 = 1.2


class PostingCache:
    """Per process: (segment id, field, term) → (local document numbers, term frequencies), and
    (segment id, field) → each document's stored length byte.

    Bounded: beyond MAX_POSTINGS postings in all, the least recently used terms are dropped (a
    common term has ~10 000 postings at 100 000 entries; 16 bytes each)."""

    MAX_POSTINGS = 2_000_000

    def __init__(self):
        self._postings: OrderedDict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._held = 0  # postings in the cache
        self._lengths: dict[tuple[str, str], np.ndarray] = {}
        self._segments: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def postings(self, reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (reader.segment().segment_id(), field, term)
        with self._lock:
            cached = self._postings.get(key)
            if cached is not None:
                self._postings.move_to_end(key)
                return cached
        cached = _read_postings(reader, field, term)
        with self._lock:
            if key not in self._postings:
                self._postings[key] = cached
                self._held += len(cached[0])
            while self._held > self.MAX_POSTINGS and len(self._postings) > 1:
                _key, (docs, _tf) = self._postings.popitem(last=False)
                self._held -= len(docs)
        return cached

    def length_bytes(self, reader, field: str, read) -> np.ndarray:
        """A segment's length bytes of a field, read(reader, field) on first use."""
        key = (reader.segment().segment_id(), field)
        with self._lock:
            cached = self._lengths.get(key)
        if cached is None:
            cached = read(reader, field)
            with self._lock:
                self._lengths[key] = cached
        return cached

    def keep_segments(self, segment_ids: set[str]) -> None:
        """Forget the arrays of segments not among these (merged away); cheap when none changed."""
        wanted = frozenset(segment_ids)
        with self._lock:
            if wanted == self._segments:
                return
            self._segments = wanted
            for key in [key for key in self._postings if key[0] not in wanted]:
                self._held -= len(self._postings.pop(key)[0])
            for key in [key for key in self._lengths if key[0] not in wanted]:
                del self._lengths[key]


def _read_postings(reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """A term's postings in a segment, without deleted documents: (documents, weights).

    Read a block at a time (Whoosh stores up to 128 postings per block as arrays); its matcher
    hands them out one by one, 2–3 times slower."""
    if (field, term) not in reader:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    leaf = reader.postings(field, term)
    if isinstance(leaf, FilterMatcher):  # it leaves out the deleted documents: done below
        leaf = leaf.child
        leaf.reset()  # the filter has moved it to the first document not deleted
    if type(leaf) is not W3LeafMatcher:
        items = np.array(list(reader.postings(field, term).items_as("weight")), dtype=np.float64)
        items = items.reshape(-1, 2)  # rows of (document, frequency); none when all are deleted
        return items[:, 0].astype(np.int64), items[:, 1]
    ids, weights = [], []
    while leaf.is_active():  # the matcher's own block reading, without its per-posting steps
        leaf._read_ids()
        leaf._read_weights()
        ids.append(np.asarray(leaf._ids, dtype=np.int64))
        weights.append(np.asarray(leaf._weights, dtype=np.float64))
        leaf._next_block()
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    docs, weight = np.concatenate(ids), np.concatenate(weights)
    if reader.has_deletions():
        alive = ~np.isin(docs, np.fromiter(reader.segment().deleted_docs(), dtype=np.int64))
        docs, weight = docs[alive], weight[alive]
    return docs, weight


class WhooshCandidates(CandidateSnapshot):
    """The candidates of one searcher: rows are the live documents of the asked types."""

    def __init__(self, searcher, columns: Columns, cache: PostingCache, types: tuple[str, ...]):
        self.searcher = searcher
        self.cache = cache
        self.size = len(columns.alive)
        codes = [TYPES.index(kind) for kind in types]
        self.docnums = np.flatnonzero(columns.alive & np.isin(columns.type_code, codes))
        rows = self.docnums
        self.candidates = Candidates(
            type=np.array(TYPES)[columns.type_code[rows]],
            entry_id=columns.entry_id[rows].astype(np.int64),
            themes=columns.themes[rows],
            groups=columns.groups[rows],
            kinds=columns.kinds[rows],
            lon=columns.lon[rows],
            lat=columns.lat[rows],
            radius_km=columns.radius_km[rows],
        )

    def text_scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float64)
        if not weighted_terms:
            return scores[self.docnums]
        total_docs = max(1, self.searcher.doc_count())
        leaves = [
            (reader, base)
            for reader, base in self.searcher.reader().leaf_readers()
            if reader.segment() is not None
        ]
        self.cache.keep_segments({reader.segment().segment_id() for reader, _base in leaves})
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
        return scores[self.docnums]

    def entry(self, row: int) -> IndexedEntry:
        return indexed_entry(self.searcher.stored_fields(int(self.docnums[row])))

    def document_frequency(self, term: str) -> tuple[int, int]:
        found = max(self.searcher.doc_frequency(field, term) for field in MATCH_FIELDS)
        return found, self.searcher.doc_count()


def indexed_entry(stored: dict) -> IndexedEntry:
    """An entry from a document's stored fields."""
    kind, entry_id = stored["key"].split(":")
    return IndexedEntry(
        type=kind,
        entry_id=int(entry_id),
        name=stored["name"],
        summary=stored.get("summary") or "",
        body=stored.get("body") or "",
        town=stored.get("town") or "",
        demo=bool(stored.get("demo")),
        help_kinds_suggested=bool(stored.get("kinds_suggested")),
    )


assert set(MATCH_FIELDS) <= set(TEXT_FIELDS)
