"""Word queries evaluated over NumPy arrays: what Whoosh's matchers compute, without their loop.

Whoosh answers a query by walking a tree of matchers document by document in Python, and
the query of whoosh_query.py (every word an Or over five fields and its compound parts, related
words beside) is such a tree: ~100 ms for one common word at 100 000 entries, whatever the
radius, since a filter only drops documents after they were scored. Here each term's postings
and each field's document lengths are read once per segment into arrays (cached like the value
columns: segments never change) and the tree is computed as whole arrays over the searcher's
document numbers:

- a term scores as Whoosh's BM25F does (B = 0.75, K1 = 1.2, the searcher's idf and average
  field length, the document's stored field length), times the term's boost;
- Or: the documents of any part, the sum of their parts' scores; And: the documents of all
  parts, the sum of the parts' scores (Whoosh's union and intersection matchers).

The same documents match, with the same scores up to the order of additions; ties are broken
as Whoosh's collector does (lower document number first).
"""

import time
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.query import And, Or, Term
from whoosh.query.qcore import _NullQuery
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .whoosh_scoring import PostingCache

#: Field length of each stored length byte (Whoosh keeps lengths as one lossy byte; 0 means none,
#: which its BM25F scorer reads as 1).
_LENGTHS = np.array([1] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)


class OutOfTime(Exception):
    """The deadline passed while a query was evaluated."""


@dataclass
class _Sparse:
    """A term's documents (distinct, ascending) and their scores."""

    docnums: np.ndarray
    scores: np.ndarray


class WordArrays:
    """Evaluates word queries on one searcher; arrays come from (and stay in) the cache."""

    def __init__(self, searcher, cache: PostingCache, size: int, deadline: float | None = None):
        self.searcher = searcher
        self.cache = cache
        self.size = size
        self.deadline = deadline  # time.monotonic() value after which evaluation stops
        self.leaves = [
            (reader, base)
            for reader, base in searcher.reader().leaf_readers()
            if reader.segment() is not None
        ]
        cache.keep_segments({reader.segment().segment_id() for reader, _base in self.leaves})
        weighting = searcher.weighting
        self.scorable = isinstance(weighting, BM25F) and not weighting._field_B
        self.B, self.K1 = (weighting.B, weighting.K1) if self.scorable else (0.75, 1.2)
        self._terms: dict[tuple[str, str, float], _Sparse] = {}  # each term once per search

    def evaluate(self, query) -> tuple[np.ndarray, np.ndarray]:
        """(matched: bool per document, score per document, 0 where not matched)."""
        result = self._evaluate(query)
        if isinstance(result, _Sparse):
            matched, scores = np.zeros(self.size, dtype=bool), np.zeros(self.size)
            matched[result.docnums], scores[result.docnums] = True, result.scores
            return matched, scores
        return result

    def _evaluate(self, query):
        """A term as a _Sparse (its postings), anything else as (matched, scores) over all documents.

        Parts are added one at a time into one array per level of the query: a word with its
        related words may have a hundred terms, and a dense array for each would cost 0.9 MB
        per 100 000 entries."""
        if isinstance(query, Term):
            return self._term(query.fieldname, query.text, query.boost)
        if isinstance(query, _NullQuery):
            return _Sparse(np.zeros(0, dtype=np.int64), np.zeros(0))
        plain = not getattr(query, "minmatch", 0) and not getattr(query, "scale", None)
        if type(query) not in (Or, And) or not plain:
            return self._by_whoosh(query)
        if not query.subqueries:
            return _Sparse(np.zeros(0, dtype=np.int64), np.zeros(0))
        if len(query.subqueries) == 1:  # Whoosh uses the only part's matcher as it is (no boost)
            return self._evaluate(query.subqueries[0])
        every = isinstance(query, And)
        matched = np.ones(self.size, dtype=bool) if every else np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        for sub in query.subqueries:
            part = self._evaluate(sub)
            if isinstance(part, _Sparse):
                scores[part.docnums] += part.scores  # a term's documents are distinct
                if every:
                    found = np.zeros(self.size, dtype=bool)
                    found[part.docnums] = True
                    matched &= found
                else:
                    matched[part.docnums] = True
            else:
                part_matched, part_scores = part
                scores += part_scores
                if every:
                    matched &= part_matched
                else:
                    matched |= part_matched
        if every:
            scores[~matched] = 0.0
        if query.boost != 1.0:
            scores *= query.boost
        return matched, scores

    def _term(self, field: str, text, boost: float) -> "_Sparse":
        key = (field, text, boost)
        if key in self._terms:
            return self._terms[key]
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OutOfTime
        schema = self.searcher.schema
        if field not in schema or not self.scorable or not schema[field].scorable:
            matched, scores = self._by_whoosh(Term(field, text, boost=boost))
            docnums = np.flatnonzero(matched)
            return _Sparse(docnums, scores[docnums])
        found_docs, found_scores = [], []
        postings = [(self.cache.postings(reader, field, text), reader, base) for reader, base in self.leaves]
        if any(len(docs) for (docs, _weights), _reader, _base in postings):
            idf = self.searcher.idf(field, text)  # cached by the searcher, like the average length
            average = self.searcher.avg_field_length(field) or 1
            B, K1 = self.B, self.K1
            for (docs, weights), reader, base in postings:
                if not len(docs):
                    continue
                lengths = _LENGTHS[self.cache.length_bytes(reader, field, _read_length_bytes)[docs]]
                # Whoosh's scoring.bm25, term for term (the same floating-point operations)
                norm = K1 * ((1 - B) + B * lengths / average)
                term_scores = idf * ((weights * (K1 + 1)) / (weights + norm))
                if boost != 1.0:
                    term_scores = term_scores * boost
                found_docs.append(docs + base)
                found_scores.append(term_scores)
        term = (
            _Sparse(np.concatenate(found_docs), np.concatenate(found_scores))
            if found_docs
            else _Sparse(np.zeros(0, dtype=np.int64), np.zeros(0))
        )
        self._terms[key] = term
        return term

    def _by_whoosh(self, query) -> tuple[np.ndarray, np.ndarray]:
        """Any other query: Whoosh's own matchers (the text queries of whoosh_query.py never get here)."""
        matched, scores = np.zeros(self.size, dtype=bool), np.zeros(self.size)
        for score, docnum in self.searcher.search(query, limit=None).top_n:
            matched[docnum], scores[docnum] = True, score
        return matched, scores


def ranked(matched: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Matched document numbers best first, and their scores (ties: lower document number first,
    as Whoosh's collector; scores are compared to 9 decimals, below which only the order of
    additions differs)."""
    docnums = np.flatnonzero(matched)
    found = scores[docnums]
    order = np.lexsort((docnums, -np.round(found, 9)))
    return docnums[order], found[order]


def top_ranked(docnums: np.ndarray, scores: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The first `count` of ranked() over these documents (distinct), without sorting the others:
    a page needs 10 of maybe 30 000 matches. The same order and ties as ranked()."""
    key = -np.round(scores, 9)
    if count < len(docnums):
        if count <= 0:
            return docnums[:0], scores[:0]
        boundary = np.partition(key, count - 1)[count - 1]
        near = np.flatnonzero(key <= boundary)  # every tie at the boundary, to break by docnum
        docnums, scores, key = docnums[near], scores[near], key[near]
    order = np.lexsort((docnums, key))[:count]
    return docnums[order], scores[order]


def _read_length_bytes(reader, field: str) -> np.ndarray:
    """A segment's stored length byte of each document in a field (0 where none)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    name = _lenfield(field)
    if perdoc is None or not perdoc.has_column(name):
        return np.zeros(count, dtype=np.uint8)
    column = perdoc.column_reader(name, LENGTHS_COLUMN)
    values = np.zeros(count, dtype=np.uint8)  # the trailing defaults (0) are not stored
    stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
    values[: len(stored)] = stored[:count]
    return values
