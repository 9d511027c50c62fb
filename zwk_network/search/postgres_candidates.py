"""The PostgreSQL engine's candidates for one need: the rows a need's filters pass, read in SQL.

matching/ranking.py says which rows can change a need's answer (CandidateFilter); here they are
selected in one statement – the kinds of help, themes and target groups as bit tests, the need's
index terms on the tsvector's GIN index, nearness on the lon/lat btree (migration 0020) – so a
worker reads a few thousand rows, not every entry. Text relevance is BM25 over the postings of
those rows only, with the document frequencies of the whole index (counted in SQL), so every row
scores exactly as in the snapshot of all candidates (postgres_backend.PostgresCandidates).
"""

import math

import numpy as np
from sqlalchemy import text

from ..extensions import db
from .backend import CandidateFilter, Candidates
from .postgres_backend import FIELD_BOOSTS, K1, MATCH_WEIGHTS, PostgresCandidates
from .postgres_rows import quoted

COLUMNS = ("type", "entry_id", "themes", "groups", "kinds", "lon", "lat", "radius_km")
SELECTED = ", ".join(COLUMNS)
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
    if f.fit_terms is not None:
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
            params[f"q_{n}"] = " | ".join(quoted(term) for term in f.fit_terms)
            fit.append(f"vector @@ CAST(:q_{n} AS tsquery)")
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
        where = f"{where}) UNION (SELECT {SELECTED} FROM search_entries WHERE {' AND '.join(anywhere)}"
    if f.first is not None:
        params[f"first_{n}"] = f.first
        return (
            f"(SELECT {SELECTED} FROM search_entries WHERE {where} ORDER BY type, entry_id LIMIT :first_{n})"
        )
    return f"(SELECT {SELECTED} FROM search_entries WHERE {where})"


class FilteredPostgresCandidates(PostgresCandidates):
    """The candidates that pass one of the filters, in the order of all candidates (type, id)."""

    def __init__(self, types: tuple[str, ...], filters: tuple[CandidateFilter, ...]):
        params: dict = {"types": list(types)}
        max_radius = 0.0
        if any(f.near is not None and f.radius_factor for f in filters):
            # The btree of migration 0025 answers at once.
            max_radius = db.session.execute(text("SELECT max(radius_km) FROM search_entries")).scalar() or 0.0
        keys = " UNION ".join(_where(f, float(max_radius), params, n) for n, f in enumerate(filters))
        aggregated = ", ".join(f"array_agg({name} ORDER BY type, entry_id)" for name in COLUMNS)
        columns = db.session.execute(
            text(f"SELECT {aggregated} FROM ({keys}) AS k"),
            params,
        ).one()
        columns = [values or [] for values in columns]
        self.types = types
        self.candidates = Candidates(
            type=np.array(columns[0], dtype=object).astype(str),
            entry_id=np.array(columns[1], dtype=np.int64),
            themes=np.array(columns[2], dtype=np.uint32),
            groups=np.array(columns[3], dtype=np.uint32),
            kinds=np.array(columns[4], dtype=np.uint32),
            lon=np.array(columns[5], dtype=np.float64),
            lat=np.array(columns[6], dtype=np.float64),
            radius_km=np.array(columns[7], dtype=np.float32),
        )
        self._rows = {key: row for row, key in enumerate(self.candidates.keys())}
        self._total: int | None = None
        #: term -> entries with it in name, summary, description: counted once per snapshot.
        self._frequencies: dict[str, tuple[int, int, int]] = {}

    def _field_frequencies(self, terms: list[str]) -> dict[str, tuple[int, int, int]]:
        """How many entries of the whole index have each term in their name, summary, description
        (the covering index of migration 0025 counts them without reading the rows)."""
        missing = sorted(set(terms) - set(self._frequencies))
        if missing:
            found = dict.fromkeys(missing, (0, 0, 0))
            for lexeme, *counts in db.session.execute(
                text(
                    "SELECT lexeme, count(*) FILTER (WHERE name_tf > 0), "
                    "count(*) FILTER (WHERE summary_tf > 0), count(*) FILTER (WHERE body_tf > 0) "
                    "FROM search_postings WHERE lexeme = ANY(:terms) GROUP BY lexeme"
                ),
                {"terms": missing},
            ):
                found[lexeme] = tuple(counts)
            self._frequencies.update(found)
        return {term: self._frequencies[term] for term in terms}

    def document_frequency(self, term: str) -> tuple[int, int]:
        return max(self._field_frequencies([term])[term]), self.total()

    def text_scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        """PostgresCandidates.text_scores for these rows: the document frequency per field counted
        in SQL over the whole index, the postings read only for these rows."""
        scores = np.zeros(len(self.candidates))
        if not weighted_terms or not len(self.candidates):
            return scores
        terms = list(weighted_terms)
        frequency: dict[tuple[str, str], int] = {}
        for lexeme, counts in self._field_frequencies(terms).items():
            for letter, count in zip(MATCH_WEIGHTS, counts, strict=True):
                if count:
                    frequency[lexeme, letter] = count
        if not frequency:
            return scores
        rows = db.session.execute(
            text(
                # The terms' postings from the covering index alone (migration 0025), kept for these rows.
                "SELECT p.type, p.entry_id, p.lexeme, p.name_tf, p.summary_tf, p.body_tf "
                "FROM search_postings AS p "
                "JOIN unnest(CAST(:types AS text[]), CAST(:ids AS integer[])) AS k(type, entry_id) "
                "ON p.type = k.type AND p.entry_id = k.entry_id "
                "WHERE p.lexeme = ANY(:terms)"
            ),
            {
                "types": self.candidates.type.tolist(),
                "ids": self.candidates.entry_id.tolist(),
                "terms": sorted({lexeme for lexeme, _letter in frequency}),
            },
        )
        total = max(1, self.total())
        for kind, entry_id, lexeme, *field_counts in rows:
            row = self._rows[kind, entry_id]
            for letter, tf in zip(MATCH_WEIGHTS, field_counts, strict=True):
                if not tf:
                    continue
                df = frequency[lexeme, letter]
                idf = np.log(1 + (total - df + 0.5) / (df + 0.5))
                boost = FIELD_BOOSTS[MATCH_WEIGHTS[letter]]
                weight = tf * boost
                scores[row] += boost * weighted_terms[lexeme] * idf * weight * (K1 + 1) / (weight + K1)
        return scores
