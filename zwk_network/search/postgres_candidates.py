"""The PostgreSQL engine's candidates for matching: the rows a need's filters pass, read in SQL.

matching/ranking.py says which rows can change a need's answer (CandidateFilter); here they are
selected in one statement – the kinds of help, themes and target groups as bit tests, the need's
index terms as postings, nearness on the lon/lat btree – from the covering index of migration
0026 alone, so a worker reads the rows near a need, not every entry, and not their texts. Without
filters every row of the asked types is read (one snapshot for many needs).

Text relevance is BM25 without length normalisation per field (name, summary, description), as the
Whoosh engine scores, from each term's postings in the whole index (the covering index of
migration 0025; they give its document frequency per field). A worker keeps the postings of the
terms it read lately (PostingsCache, bounded as the Whoosh engine's) while their term's version in
search_terms holds (migration 0026): a common related word of a need („Treff“) has ~10 000
postings at 100 000 entries, and reading a need's 35 of them took ~250 ms per need. A row's score
sums its terms in their sorted order, so it does not depend on which other rows a filter read: a
row scores the same in every snapshot of the same index.

Columns come as one row of arrays in PostgreSQL's binary format (parsing ~40 000 rows as tuples
costs ~3 times the CPU).
"""

import math
import threading
from collections import OrderedDict

import numpy as np
from sqlalchemy import text

from ..entries import TYPES
from ..extensions import db
from .backend import CandidateFilter, Candidates, CandidateSnapshot, IndexedEntry
from .postgres_backend import ENTRY_COLUMNS, entry_of
from .postgres_terms import ROWS

COLUMNS = ("type", "entry_id", "themes", "groups", "kinds", "lon", "lat", "radius_km")
SELECTED = ", ".join(COLUMNS)
#: Name, summary, description (search_postings' columns): Whoosh's field boosts.
FIELD_BOOSTS = np.array([4.0, 2.0, 1.0])
K1 = 1.2
#: Kilometres per degree of latitude, at least (the meridian's 110.57 km at the equator).
KM_PER_DEGREE = 110.5


def _near(candidate_filter: CandidateFilter, max_radius: float, params: dict, n: int) -> str:
    """Rows near the filter's box: a box in degrees at least as wide as the distance (the btree on
    lon, lat finds them), then each row's own reach (its service radius) within it."""
    x0, y0, x1, y1 = candidate_filter.near
    km = max(candidate_filter.within_km, candidate_filter.radius_factor * max_radius)
    lat_margin = km / KM_PER_DEGREE
    widest = min(89.0, max(abs(y0 - lat_margin), abs(y1 + lat_margin)))
    per_km_lon = 1 / (KM_PER_DEGREE * math.cos(math.radians(widest)))
    params.update(
        {
            f"x0_{n}": x0 - km * per_km_lon,
            f"x1_{n}": x1 + km * per_km_lon,
            f"y0_{n}": y0 - lat_margin,
            f"y1_{n}": y1 + lat_margin,
        }
    )
    box = f"lon BETWEEN :x0_{n} AND :x1_{n} AND lat BETWEEN :y0_{n} AND :y1_{n}"
    if candidate_filter.radius_factor * max_radius <= candidate_filter.within_km:
        return box
    params.update(
        {
            f"bx0_{n}": x0,
            f"bx1_{n}": x1,
            f"by0_{n}": y0,
            f"by1_{n}": y1,
            f"km_{n}": candidate_filter.within_km,
            f"rf_{n}": candidate_filter.radius_factor,
            f"klon_{n}": per_km_lon,
            f"klat_{n}": 1 / KM_PER_DEGREE,
        }
    )
    reach = f"GREATEST(:km_{n}, :rf_{n} * radius_km)"
    return (
        f"{box} AND lon BETWEEN :bx0_{n} - {reach} * :klon_{n} AND :bx1_{n} + {reach} * :klon_{n} "
        f"AND lat BETWEEN :by0_{n} - {reach} * :klat_{n} AND :by1_{n} + {reach} * :klat_{n}"
    )


def _where(candidate_filter: CandidateFilter, max_radius: float, params: dict, n: int) -> str:
    conditions = ["type = ANY(:types)", "lon IS NOT NULL"]
    f = candidate_filter
    if f.kinds:
        params[f"kinds_{n}"] = f.kinds
        conditions.append(f"(kinds & :kinds_{n}) <> 0")
    if f.themes_or_none:
        params[f"tn_{n}"] = f.themes_or_none
        conditions.append(f"((themes & :tn_{n}) <> 0 OR themes = 0)")
    if f.fit_terms is not None and f.near is None:
        # Near a need the box bounds the rows: there nearly every row fits in some part (a kind of
        # help, a theme, a word), and testing the words cost more than reading the rest.
        fit = []
        for name, bits in (("kinds", f.fit_kinds), ("themes", f.fit_themes), ("groups", f.fit_groups)):
            if bits:
                params[f"f{name}_{n}"] = bits
                fit.append(f"({name} & :f{name}_{n}) <> 0")
        if f.without_kinds:
            fit.append("kinds = 0")
        if f.any_groups:
            fit.append("groups <> 0")
        if f.fit_terms:
            # A term in name, summary or description: what text relevance reads (the postings; the
            # tsvector holds place names and labels too, which score nothing here).
            params[f"q_{n}"] = list(f.fit_terms)
            fit.append(
                "(type, entry_id) IN (SELECT type, entry_id FROM search_postings "
                f"WHERE lexeme = ANY(CAST(:q_{n} AS text[])))"
            )
        conditions.append("(" + (" OR ".join(fit) or "false") + ")")
    if f.near is not None:
        conditions.append(_near(f, max_radius, params, n))
    where = " AND ".join(conditions)
    if f.near is not None and f.everywhere_all and f.everywhere_any:
        # A branch of its own: the near rows come from the lon/lat btree, these from the partial
        # index of migration 0025 (the bits as literals, so that the planner sees its predicate).
        anywhere = [c for c in conditions if not c.startswith("lon BETWEEN")]
        params[f"ea_{n}"] = f.everywhere_any
        bits = [1 << bit for bit in range(int(f.everywhere_all).bit_length()) if f.everywhere_all >> bit & 1]
        anywhere.extend(f"(kinds & {bit}) = {bit}" for bit in bits)
        anywhere.append(f"(kinds & :ea_{n}) <> 0")
        where = f"{where}) UNION ALL (SELECT {SELECTED} FROM search_entries WHERE {' AND '.join(anywhere)}"
    if f.first is not None:
        params[f"first_{n}"] = f.first
        return (
            f"(SELECT {SELECTED} FROM search_entries WHERE {where} ORDER BY type, entry_id LIMIT :first_{n})"
        )
    return f"(SELECT {SELECTED} FROM search_entries WHERE {where})"


def _rows(sql: str, params: dict) -> list[tuple]:
    """The rows of a statement, read in PostgreSQL's binary format on the session's connection."""
    statement = text(sql).bindparams(**params).compile(dialect=db.engine.dialect)
    connection = db.session.connection().connection.driver_connection
    with connection.cursor(binary=True) as cursor:
        return cursor.execute(str(statement), statement.params).fetchall()


def _arrays(sql: str, params: dict) -> tuple:
    """The one row of a statement of aggregates."""
    return _rows(sql, params)[0]


#: Entry types by number (1, 2, …) in the order of their names: a row's key is code << 32 | id.
TYPE_CODES = tuple(sorted(TYPES))
TYPE_CODE = "array_position(CAST(:codes AS text[]), CAST(type AS text))"
#: Postings a worker keeps at most (~14 bytes each), as the Whoosh engine bounds its posting cache.
MAX_KEPT_POSTINGS = 2_000_000


class PostingsCache:
    """The postings of the terms read lately, per process, each with the version its term had in
    search_terms when they were read (migration 0026): a commit that changes a term's postings gives
    it a new version in the same transaction, so one small read tells every server which of its
    postings are current. The version is read before the postings: postings read after a commit
    are at least as new as their version, and an older version only reads them again."""

    def __init__(self, max_postings: int = MAX_KEPT_POSTINGS):
        self.max_postings = max_postings
        self._kept: OrderedDict[tuple, tuple[int, np.ndarray, np.ndarray, np.ndarray]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def read(self, table: tuple, terms: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """term -> (keys of its postings, their frequencies in name, summary, description as an
        (n, 3) array, the entries with it in each of these fields), for the whole index."""
        versions = dict(
            db.session.execute(
                text("SELECT lexeme, version FROM search_terms WHERE lexeme = ANY(:terms)"), {"terms": terms}
            ).all()
        )
        found = {}
        with self._lock:
            for term in terms:
                kept = self._kept.get((table, term))
                if kept is not None and kept[0] == versions.get(term, -1):
                    self._kept.move_to_end((table, term))
                    found[term] = kept[1:]
        stale = [term for term in terms if term not in found]
        if stale:
            read = self._postings(stale)
            with self._lock:
                for term in stale:
                    found[term] = read[term]
                    self._keep((table, term), (versions.get(term, -1), *read[term]))
        return found

    def _postings(self, terms: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        empty = (np.zeros(0, dtype=np.int64), np.zeros((0, 3), dtype=np.int16), np.zeros(3, dtype=np.int64))
        read = dict.fromkeys(terms, empty)
        for lexeme, keys, frequencies in _rows(
            # From the covering index of migration 0025 alone; the frequencies packed in one number.
            f"SELECT lexeme, array_agg((CAST({TYPE_CODE} AS bigint) << 32) | entry_id), "
            "array_agg((CAST(name_tf AS bigint) << 32) | (CAST(summary_tf AS bigint) << 16) | body_tf) "
            "FROM search_postings WHERE lexeme = ANY(:terms) GROUP BY lexeme",
            {"terms": terms, "codes": list(TYPE_CODES)},
        ):
            packed = np.array(frequencies, dtype=np.int64)
            tf = np.stack([packed >> 32, (packed >> 16) & 0xFFFF, packed & 0xFFFF], axis=1).astype(np.int16)
            read[lexeme] = (np.array(keys, dtype=np.int64), tf, (tf > 0).sum(axis=0))
        return read

    def _keep(self, key: tuple, value: tuple) -> None:
        former = self._kept.pop(key, None)
        if former is not None:
            self._size -= len(former[1])
        if len(value[1]) > self.max_postings:
            return
        self._kept[key] = value
        self._size += len(value[1])
        while self._size > self.max_postings:
            _key, dropped = self._kept.popitem(last=False)
            self._size -= len(dropped[1])

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._size = 0


POSTINGS = PostingsCache()


class PostgresCandidates(CandidateSnapshot):
    """Matching's candidates of the asked types – those that pass one of the filters, or all – in
    the order of type and id."""

    def __init__(self, types: tuple[str, ...], filters: tuple[CandidateFilter, ...] | None = None):
        params: dict = {"types": list(types), "codes": list(TYPE_CODES), "rows": ROWS}
        if filters is None:
            keys = f"SELECT {SELECTED} FROM search_entries WHERE type = ANY(:types)"
        else:
            max_radius = 0.0
            if any(f.near is not None and f.radius_factor for f in filters):
                # The btree of migration 0025 answers at once.
                max_radius = (
                    db.session.execute(text("SELECT max(radius_km) FROM search_entries")).scalar() or 0.0
                )
            # A row may pass several filters: UNION ALL, the repeats dropped below (cheaper than in SQL).
            keys = " UNION ALL ".join(_where(f, float(max_radius), params, n) for n, f in enumerate(filters))
        aggregated = ", ".join([f"array_agg({TYPE_CODE})", *(f"array_agg({name})" for name in COLUMNS[1:])])
        *columns, total, table = _arrays(
            # The rows as search_terms counts them (in the same transactions), not by a scan.
            f"SELECT {aggregated}, "
            "(SELECT COALESCE(max(entries), 0) FROM search_terms WHERE lexeme = :rows), "
            "CAST(to_regclass('search_terms') AS oid) "
            f"FROM ({keys}) AS k",
            params,
        )
        columns = [values or [] for values in columns]
        codes = np.array(columns[0], dtype=np.int64)
        entry_id = np.array(columns[1], dtype=np.int64)
        # Sorted by type and id, each row once.
        _unique, order = np.unique((codes << 32) + entry_id, return_index=True)
        self.candidates = Candidates(
            type=np.array(TYPE_CODES, dtype=str)[codes[order] - 1],
            entry_id=entry_id[order],
            themes=np.array(columns[2], dtype=np.uint32)[order],
            groups=np.array(columns[3], dtype=np.uint32)[order],
            kinds=np.array(columns[4], dtype=np.uint32)[order],
            lon=np.array(columns[5], dtype=np.float64)[order],  # None (no point) becomes NaN
            lat=np.array(columns[6], dtype=np.float64)[order],
            radius_km=np.array(columns[7], dtype=np.float32)[order],
        )
        #: Each row's key as one number (type code, then id), ascending: postings find their rows.
        #: (Codes follow TYPE_CODES, sorted as the names: the rows' order is that of type, id.)
        self._keys = (codes[order] << 32) + entry_id[order]
        self._total = int(total)
        #: Which table of which database the postings come from (a recreated table is another).
        self._table = (db.engine.url.render_as_string(hide_password=True), int(table or 0))
        #: term -> (rows read, each one's BM25 part before the term's weight, its document frequency:
        #: the most entries with it in one field).
        self._terms: dict[str, tuple[np.ndarray, np.ndarray, int]] = {}

    def _read_terms(self, terms) -> None:
        missing = sorted(set(terms) - set(self._terms))
        if not missing:
            return
        total = max(1, self._total)
        for term, (keys, frequencies, df) in POSTINGS.read(self._table, missing).items():
            rows = np.minimum(np.searchsorted(self._keys, keys), max(len(self._keys) - 1, 0))
            read = self._keys[rows] == keys if len(self._keys) else np.zeros(len(keys), dtype=bool)
            idf = np.log(1 + (total - df + 0.5) / (df + 0.5))
            weight = frequencies[read] * FIELD_BOOSTS  # Whoosh stores a field's boost in the weight
            parts = FIELD_BOOSTS * idf * weight * (K1 + 1) / (weight + K1)
            self._terms[term] = (rows[read], parts.sum(axis=1), int(df.max()))

    def text_scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        scores = np.zeros(len(self.candidates))
        if not weighted_terms:
            return scores
        self._read_terms(weighted_terms)
        for term in sorted(weighted_terms):
            rows, parts, _found = self._terms[term]
            scores[rows] += weighted_terms[term] * parts  # a row holds each term once
        return scores

    def total(self) -> int:
        return self._total

    def document_frequency(self, term: str) -> tuple[int, int]:
        self._read_terms([term])
        return self._terms[term][2], self._total

    def entry(self, row: int) -> IndexedEntry:
        kind, entry_id = str(self.candidates.type[row]), int(self.candidates.entry_id[row])
        found = db.session.execute(
            text(f"SELECT {ENTRY_COLUMNS} FROM search_entries WHERE type = :type AND entry_id = :entry_id"),
            {"type": kind, "entry_id": entry_id},
        ).one()
        return entry_of(found)
