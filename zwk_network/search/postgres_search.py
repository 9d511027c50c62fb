"""One search in PostgreSQL: words as a tsquery, filters, radius and bbox in the same SQL.

The steps are those of the Whoosh engine (whoosh_search.py), so both find the same entries:
every word must match (its stem, or its compound parts together); when fewer than FEW entries
have all the words, the lexicon's related words count too (ranked below); when none has them,
similar words (pg_trgm finds candidates, an edit distance of 1–2 decides); and with several words
and still few entries, those with at least half of the words follow. Ranking is BM25-like: per
lexeme ts_rank_cd over the weighted tsvector (postgres_rows.py), saturated, times the lexeme's idf
from the counts kept with the rows (postgres_terms.py); facets are counted in one statement, each leaving out
its own filter (when asked, they also give the steps their count). A radius is asked of lon/lat, so
that ix_search_entries_matching (migration 0029) answers it without the table's rows (_within_sql).
All user input reaches the SQL as bind parameters; lexemes are quoted.
"""

import math
from dataclasses import dataclass, field

from sqlalchemy import text

from ..entries import TYPES
from ..taxonomy.bits import GROUP_BITS, KIND_BITS, THEME_BITS
from .analysis import fold, split_once, stem
from .backend import SearchHit, SearchQuery, SearchResult
from .postgres_rows import RANK_WEIGHTS, quoted
from .postgres_terms import idf_weights
from .snippets import FIELDS as SNIPPET_FIELDS
from .snippets import snippet
from .words import MAX_FUZZY_WORDS, RELATED_WEIGHT, query_words, related_stems, words_left_out

FEW = 3
#: BM25's k1 for a term's weighted frequency: Whoosh's 1.2 in ts_rank_cd's weights (name 1.0, Whoosh 4).
TERM_K1 = 0.3
MAX_EXPANSIONS = 8
MAX_CANDIDATES = 64
NEARBY_KM = 10.0
POINT = "CAST(ST_SetSRID(ST_MakePoint(:point_lon, :point_lat), 4326) AS geography)"
#: A row's point made from its lon/lat as the writes make `location` (postgres_rows.INSERT_ROWS; the
#: copy's EWKT carries repr's exact doubles): the same geography, read from an index, not the row.
ROW_POINT = "CAST(ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geography)"
#: Degrees of latitude per km, from a radius smaller than the earth's least (the meridian's at the
#: equator, 6 335 km): the box around a radius holds every point within it, with room to spare.
BOX_KM_PER_RADIAN = 6300.0
#: Metres per degree of a sphere of the earth's mean radius: the flat distance (degrees of latitude,
#: degrees of longitude times the cosine of the mean latitude) is within 0.6 % of ST_Distance's
#: spheroid up to 110 km and 75° (measured); inside 0.97 or beyond 1.03 of the radius it decides.
FLAT_M_PER_DEGREE = 6371008.8 * math.pi / 180
FLAT_MARGIN, FLAT_MAX_KM, FLAT_MAX_LAT = 0.03, 100.0, 75.0
FLAT = "power((lon - :point_lon) * cos(radians((lat + :point_lat) / 2)), 2) + power(lat - :point_lat, 2)"


@dataclass
class Words:
    """The text part of a query as tsqueries (text): what must match, and what ranks."""

    queries: list[str]  # one per word: what it matches (with related and similar words as asked)
    matching: str  # every word
    own: str  # any own stem or part of any word (no related words), each alone: ranks
    related: str | None = None  # the related words alone: rank at RELATED_WEIGHT
    terms: set[str] = field(default_factory=set)  # every lexeme, for snippets
    own_lexemes: list[str] = field(default_factory=list)  # those of `own`, ranked each by its idf
    related_lexemes: list[str] = field(default_factory=list)  # those of `related`


@dataclass
class Selection:
    """SQL conditions of one query: `where` holds everything but the facet filters."""

    where: str
    facet_filters: dict[str, str]
    params: dict
    words: Words | None
    partial: str | None = None  # true for rows with only some of the words
    fuzzy: bool = False
    facets: dict[str, dict] | None = None  # counted already (select with facets), else None

    def condition(self, leave_out: str | None = None) -> str:
        parts = [self.where] + [sql for name, sql in self.facet_filters.items() if name != leave_out]
        return " AND ".join(f"({part})" for part in parts)


def _term_query(lexemes: list[str]) -> str:
    return " | ".join(quoted(lexeme) for lexeme in lexemes)


def _word_query(word: str, related: bool, similar: list[str]) -> tuple[str, set[str]]:
    """A word's tsquery: its stem or its parts together; related and similar stems as alternatives."""
    stemmed = stem(fold(word))
    options = [stemmed] + (sorted(related_stems(stemmed)) if related else [])
    options += [term for term in similar if term not in options]
    lexemes = set(options)
    alternatives = [_term_query(options)]
    parts = split_once(word)
    if parts:
        grouped = []
        for part in parts:
            part_stem = stem(fold(part))
            part_options = [part_stem] + (sorted(related_stems(part_stem)) if related else [])
            lexemes |= set(part_options)
            grouped.append(f"({_term_query(part_options)})")
        alternatives.append(" & ".join(grouped))
    return " | ".join(f"({alternative})" for alternative in alternatives), lexemes


def words_query(session, words: list[str], related: bool = False, fuzzy: bool = False) -> Words | None:
    if not words:
        return None
    queries, owns, lexemes, related_only = [], set(), set(), set()
    for number, word in enumerate(words):
        similar = similar_stems(session, word) if fuzzy and number < MAX_FUZZY_WORDS else []
        query, found = _word_query(word, related, similar)
        _own, own_lexemes = _word_query(word, False, similar)
        queries.append(query)
        owns |= own_lexemes
        lexemes |= found
        related_only |= found - own_lexemes
    return Words(
        queries=queries,
        matching=" & ".join(f"({query})" for query in queries),
        # Every own lexeme ranks alone, as each term of Whoosh's query scores: „Jugendclub“ ranks
        # „Jugendzentrum“ by its part „jugend“ (own) and „zentrum“ (related), not by related alone.
        own=_term_query(sorted(owns)),
        related=_term_query(sorted(related_only)) if related_only else None,
        terms=lexemes,
        own_lexemes=sorted(owns),
        related_lexemes=sorted(related_only),
    )


def similar_stems(session, word: str) -> list[str]:
    """Index terms within 1 (short) or 2 edits of the word's stem, same first letter, closest first."""
    stemmed = stem(fold(word))
    if len(stemmed) < 4:
        return []
    allowed = 1 if len(stemmed) < 8 else 2
    return _similar(session, "s", stemmed, allowed)[:MAX_EXPANSIONS]


def _similar(session, kind: str, word: str, allowed: int) -> list[str]:
    rows = session.execute(
        text(
            "SELECT word FROM search_words WHERE kind = :kind AND word LIKE :first "
            "ORDER BY word <-> :word LIMIT :limit"
        ),
        {"kind": kind, "word": word, "first": _like_prefix(word[0]), "limit": MAX_CANDIDATES},
    ).scalars()
    close = [(distance(word, candidate), candidate) for candidate in rows]
    return [candidate for d, candidate in sorted(close) if d <= allowed]


def _like_prefix(letter: str) -> str:
    return letter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _filters(query: SearchQuery) -> tuple[list[str], dict[str, str], dict]:
    """Non-facet conditions, facet conditions, and their parameters."""
    where, facets, params = ["TRUE"], {}, {}
    if query.kommune_id:
        where.append("kommune_id = :kommune_id")
        params["kommune_id"] = query.kommune_id
    if query.bbox:
        # On ix_search_entries_lon_lat (migration 0016): counted and clustered from the index alone.
        where.append("lon BETWEEN :min_lon AND :max_lon AND lat BETWEEN :min_lat AND :max_lat")
        params.update(zip(("min_lon", "min_lat", "max_lon", "max_lat"), query.bbox, strict=True))
    if query.point is not None:
        params["point_lon"], params["point_lat"] = query.point
    if query.point is not None and query.radius_km:
        where.append(_within_sql())
        params.update(_within_params(*query.point, query.radius_km))
    if query.types:
        facets["type"] = "type = ANY(:types)"
        params["types"] = list(query.types)
    if query.region_ids:
        facets["region"] = "region_id = ANY(:region_ids)"
        params["region_ids"] = list(query.region_ids)
    for name, value, column, bits in (
        ("theme", query.theme, "themes", THEME_BITS),
        ("target_group", query.target_group, "groups", GROUP_BITS),
        ("help_kind", query.help_kind, "kinds", KIND_BITS),
    ):
        if value:
            facets[name] = f"({column} & :{name}_bit) <> 0"
            params[f"{name}_bit"] = bits[value]
    return where, facets, params


def _within_sql() -> str:
    """Within the radius, from lon/lat alone (an index-only scan of ix_search_entries_matching, 0029):
    a box holding the circle, then ST_DWithin on the spheroid as ever – but for the rows the flat
    distance places well inside or well outside (all but a ring of ±3 %), where a few operations
    on two doubles decide what the spheroid's distance, 1.5 µs a row, would."""
    return (
        "lon BETWEEN :near_min_lon AND :near_max_lon AND lat BETWEEN :near_min_lat AND :near_max_lat "
        f"AND CASE WHEN {FLAT} <= :flat_inside THEN TRUE WHEN {FLAT} > :flat_outside THEN FALSE "
        f"ELSE ST_DWithin({ROW_POINT}, {POINT}, :radius_m) END"
    )


def _within_params(lon: float, lat: float, radius_km: float) -> dict:
    """The box around the circle (on a sphere of BOX_KM_PER_RADIAN; no longitude bound where the
    circle reaches a pole or the antimeridian), and the squared flat degrees that decide alone
    (none where the flat distance is not known to be that close: beyond 100 km or 75°, no box)."""
    angle = radius_km / BOX_KM_PER_RADIAN
    dlat = math.degrees(angle)
    farthest = math.cos(math.radians(abs(lat) + dlat))  # the parallel where a degree is shortest
    dlon = math.degrees(math.asin(math.sin(angle) / farthest)) if math.sin(angle) < farthest else 360.0
    bounded = lon - dlon > -180 and lon + dlon < 180
    params = {
        "near_min_lon": lon - dlon if bounded else -180.0,
        "near_max_lon": lon + dlon if bounded else 180.0,
        "near_min_lat": lat - dlat,
        "near_max_lat": lat + dlat,
        "flat_inside": -1.0,
        "flat_outside": math.inf,
        "radius_m": radius_km * 1000,
    }
    if bounded and 0 < radius_km <= FLAT_MAX_KM and abs(lat) <= FLAT_MAX_LAT:
        degrees = radius_km * 1000 / FLAT_M_PER_DEGREE
        params["flat_inside"] = (degrees * (1 - FLAT_MARGIN)) ** 2
        params["flat_outside"] = (degrees * (1 + FLAT_MARGIN)) ** 2
    return params


def _count(session, selection: Selection) -> int:
    return session.execute(
        text(f"SELECT count(*) FROM search_entries WHERE {selection.condition()}"), selection.params
    ).scalar_one()


def _count_up_to(session, selection: Selection, limit: int) -> int:
    """The number of matches, counted no further than `limit` (whether there are few is all the
    steps ask: a common word need not be counted through 100 000 rows)."""
    found = f"SELECT 1 FROM search_entries WHERE {selection.condition()} LIMIT :up_to"
    sql = f"SELECT count(*) FROM ({found}) AS found"
    return session.execute(text(sql), {**selection.params, "up_to": limit}).scalar_one()


def _enough(session, selection: Selection, query: SearchQuery, with_facets: bool) -> int:
    """The number of matches, no further than FEW – or, when the facets are asked, all of them from
    the facets (kept with the selection): the count would build the same bitmaps once more."""
    if not with_facets:
        return _count_up_to(session, selection, FEW)
    selection.facets = _facets(session, selection)
    return _total(selection.facets, query)


def _total(facets: dict[str, dict], query: SearchQuery) -> int:
    return sum(facets["type"][kind] for kind in (query.types or TYPES))


def select(session, query: SearchQuery, with_facets: bool = False) -> Selection:
    """The conditions of a query, after the steps of the module docstring (with facets: each step's
    facets counted, those of the last one kept with it)."""
    where, facets, params = _filters(query)
    words = query_words(query.text)
    base = " AND ".join(where)

    def with_words(found: Words | None) -> Selection:
        if found is None:
            return Selection(base, facets, params, None)
        condition = f"{base} AND vector @@ CAST(:words AS tsquery)"
        return Selection(condition, facets, {**params, **_word_params(found)}, found)

    selection = with_words(words_query(session, words))
    if selection.words is None:
        return selection
    count = _enough(session, selection, query, with_facets)
    if count < FEW:
        related = with_words(words_query(session, words, related=True))
        count, selection = _enough(session, related, query, with_facets), related
    if count == 0:
        similar = with_words(words_query(session, words, related=True, fuzzy=True))
        count, selection = _enough(session, similar, query, with_facets), similar
        selection.fuzzy = True
    if len(words) > 1 and count < FEW:
        selection = _with_partial(selection, base, facets, params)
    return selection


def _word_params(words: Words) -> dict:
    params = {"words": words.matching, "own": words.own}
    if words.related:
        params["related"] = words.related
    return params


def _with_partial(selection: Selection, base: str, facets: dict, params: dict) -> Selection:
    """Entries with at least half of the words follow those with all."""
    words = selection.words
    enough = max(1, len(words.queries) // 2)
    word_params = {f"word_{n}": query for n, query in enumerate(words.queries)}
    matched = " + ".join(f"(vector @@ CAST(:word_{n} AS tsquery))::int" for n in range(len(words.queries)))
    return Selection(
        f"{base} AND ({matched}) >= {enough}",
        facets,
        {**params, **word_params, **_word_params(words)},
        words,
        partial="NOT (vector @@ CAST(:words AS tsquery))",
        fuzzy=selection.fuzzy,
    )


def run_search(session, query: SearchQuery) -> SearchResult:
    selection = select(session, query, with_facets=query.facets)
    if query.facets:
        facets = selection.facets if selection.facets is not None else _facets(session, selection)
        total = _total(facets, query)
    elif query.count:
        facets, total = {}, _count(session, selection)
    else:
        facets, total = {}, -1  # not counted (SearchQuery.count)
    hits = _page(session, selection, query)
    found = total if total >= 0 else len(hits)
    words = query_words(query.text)
    tip = suggestion(session, words) if words and (selection.fuzzy or found == 0) else None
    return SearchResult(
        total=total,
        hits=hits,
        facets=facets,
        suggestion=tip,
        fuzzy=selection.fuzzy and found > 0,
        shortened=words_left_out(query.text),
        partial=selection.partial is not None and found > 0 and _has_partial(session, selection),
    )


def _has_partial(session, selection: Selection) -> bool:
    sql = (
        f"SELECT EXISTS (SELECT 1 FROM search_entries WHERE {selection.condition()} AND {selection.partial})"
    )
    return session.execute(text(sql), selection.params).scalar_one()


#: The facets counted per bit of a column: name, column, bits per value.
BIT_FACETS = (
    ("theme", "themes", THEME_BITS),
    ("target_group", "groups", GROUP_BITS),
    ("help_kind", "kinds", KIND_BITS),
)


def _facets(session, selection: Selection) -> dict[str, dict]:
    """Every facet's counts in one pass over the matches, each with every filter but its own.

    One aggregate row per region: a count per type and per bit of each vocabulary (FILTER, no
    rows multiplied per bit), the region's own count; Python adds the regions' rows up."""

    def others(name: str) -> str:
        conditions = [sql for other, sql in selection.facet_filters.items() if other != name]
        return " AND ".join(f"({condition})" for condition in conditions) or "TRUE"

    counted: list[tuple[str, str, str]] = [  # facet, value, the row's condition
        ("type", kind, f"type = '{kind}' AND {others('type')}") for kind in TYPES
    ]
    for name, column, bits in BIT_FACETS:
        counted += [(name, slug, f"({column} & {bit}) <> 0 AND {others(name)}") for slug, bit in bits.items()]
    aggregates = ", ".join(f"count(*) FILTER (WHERE {condition})" for _name, _value, condition in counted)
    sql = f"""
        SELECT region_id, count(*) FILTER (WHERE {others("region")}), {aggregates}
        FROM search_entries WHERE {selection.where} GROUP BY region_id
    """
    facets: dict[str, dict] = {"type": dict.fromkeys(TYPES, 0), "region": {}}
    for name, _column, bits in BIT_FACETS:
        facets[name] = dict.fromkeys(bits, 0)
    for region_id, in_region, *counts in session.execute(text(sql), selection.params):
        if region_id is not None and in_region:
            facets["region"][region_id] = in_region
        for (name, value, _condition), count in zip(counted, counts, strict=True):
            facets[name][value] += count
    return facets


def _distance_sql(query: SearchQuery) -> str:
    if query.point is None:
        return "NULL"
    return f"ST_Distance(location, {POINT})"


def _score_sql(session, selection: Selection, params: dict) -> tuple[list[str], str]:
    """Each own lexeme's ts_rank_cd (its occurrences by their fields' weights) times its idf
    (postgres_terms.py), saturated as BM25 saturates a term's frequency, summed as Whoosh sums its
    terms' scores; the related words likewise at RELATED_WEIGHT (the page bounds the sum s as
    s / (s + 1)). Lexemes and weights reach the SQL as bind parameters.

    Returns the rank columns (one ts_rank_cd per lexeme, computed once per row: _page keeps the
    planner from copying them into every expression that uses them) and the sum over them."""
    words = selection.words
    if words is None:
        return [], "CAST(NULL AS float8)"
    weights = idf_weights(session, [*words.own_lexemes, *words.related_lexemes])
    columns, parts = [], []
    for number, (lexeme, factor) in enumerate(
        [(lexeme, 1.0) for lexeme in words.own_lexemes]
        + [(lexeme, RELATED_WEIGHT) for lexeme in words.related_lexemes]
    ):
        params[f"rank_lexeme_{number}"] = quoted(lexeme)
        params[f"rank_weight_{number}"] = factor * weights[lexeme]
        columns.append(
            f"ts_rank_cd('{RANK_WEIGHTS}', vector, CAST(:rank_lexeme_{number} AS tsquery), 0) "
            f"AS rank_{number}"
        )
        parts.append(f"CAST(:rank_weight_{number} AS float8) * {_saturated(f'rank_{number}')}")
    return columns, " + ".join(parts) or "0"


def _saturated(rank: str) -> str:
    """A term's weighted frequency (name 1.0 … description 0.25) saturated as BM25's tf (K1)."""
    return f"(({rank}) * {TERM_K1 + 1} / (({rank}) + {TERM_K1}))"


def _page(session, selection: Selection, query: SearchQuery) -> list[SearchHit]:
    params = dict(selection.params)
    distance, (ranks, score) = _distance_sql(query), _score_sql(session, selection, params)
    partial = selection.partial or "FALSE"
    order = query.sort or (
        "relevance" if selection.words is not None else "distance" if query.point is not None else "name"
    )
    if order == "relevance" and selection.words is not None:
        ranked = "score"
        if query.prefer_nearby and query.point is not None:
            ranked = "score / (1 + coalesce(distance, 1e12) / 1000 / :nearby_km)"
            params["nearby_km"] = NEARBY_KM
        order_by = f"partial, {ranked} DESC, sort_name, type, entry_id"
    elif order == "distance" and query.point is not None:
        order_by = "partial, distance NULLS LAST, sort_name, type, entry_id"
    else:
        order_by = "sort_name, type, entry_id"
    params["limit"], params["offset"] = query.per_page, (query.page - 1) * query.per_page
    columns = f"type, entry_id, name, summary, body, town, demo, sort_name, {distance} AS distance"
    if selection.words is None and order == "distance" and query.point is not None and query.radius_km:
        sql = _nearest_sql(selection, order_by)
    elif selection.words is None:
        # Nothing to rank: one level, so PostgreSQL may walk ix_search_entries_sort_name and stop at
        # the page (the map's list of a zoom-9 view, 58 862 of 100 115 entries: 0.2 ms, where the
        # levels below made it read the whole table and sort, 94 ms).
        sql = f"""
            SELECT {columns}, FALSE AS partial, CAST(NULL AS float8) AS score
            FROM search_entries WHERE {selection.condition()}
            ORDER BY {order_by} LIMIT :limit OFFSET :offset
        """
    else:
        rank_columns = "".join(f"{rank}, " for rank in ranks)
        # OFFSET 0 keeps each level a level of its own: every rank and the sum are computed once a row.
        sql = f"""
            SELECT * FROM (
                SELECT *, raw_score / (raw_score + 1) AS score FROM (
                    SELECT *, {score} AS raw_score FROM (
                        SELECT {columns}, {rank_columns}{partial} AS partial
                        FROM search_entries WHERE {selection.condition()} OFFSET 0
                    ) AS ranked OFFSET 0
                ) AS matched
            ) AS found
            ORDER BY {order_by} LIMIT :limit OFFSET :offset
        """
    rows = session.execute(text(sql), params).mappings().all()
    words = frozenset(selection.words.terms) if selection.words is not None else frozenset()
    terms = dict.fromkeys(SNIPPET_FIELDS, words)  # every lexeme of the query, in each text
    return [
        SearchHit(
            type=row["type"],
            entry_id=row["entry_id"],
            name=row["name"],
            score=round(float(row["score"]), 4) if row["score"] is not None else None,
            distance_km=round(float(row["distance"]) / 1000, 3) if row["distance"] is not None else None,
            snippet=snippet(row, terms),
            partial=bool(row["partial"]),
            town=row["town"] or "",
            demo=bool(row["demo"]),
        )
        for row in rows
    ]


def _nearest_sql(selection: Selection, order_by: str) -> str:
    """The page of a radius without words by distance, its rows read last: the matches' distances
    from lon/lat in an index-only scan (_within_sql), the page's last distance, and only the rows
    up to it (ties included, so the name and the keys order them as ever) from the table."""
    return f"""
        WITH near AS MATERIALIZED (
            SELECT type, entry_id, ST_Distance({ROW_POINT}, {POINT}) AS distance
            FROM search_entries WHERE {selection.condition()}
        ), last AS (
            SELECT distance FROM near ORDER BY distance LIMIT 1 OFFSET :offset + :limit - 1
        )
        SELECT type, entry_id, name, summary, body, town, demo, sort_name, near.distance,
               FALSE AS partial, CAST(NULL AS float8) AS score
        FROM near JOIN search_entries USING (type, entry_id)
        WHERE near.distance <= coalesce((SELECT distance FROM last), 'Infinity')
        ORDER BY {order_by} LIMIT :limit OFFSET :offset
    """


def suggestion(session, words: list[str]) -> str | None:
    """A respelling from words in the index („Meinten Sie …?“): per word the most frequent of the closest."""
    suggested = []
    for number, word in enumerate(words):
        candidates = _similar(session, "w", word, 2) if number < MAX_FUZZY_WORDS else []
        candidates = [c for c in candidates if _frequency(session, c)]
        if word in candidates or not candidates:
            suggested.append(word)
            continue
        closest = distance(word, candidates[0])
        best = max(
            (c for c in candidates if distance(word, c) == closest), key=lambda c: (_frequency(session, c), c)
        )
        suggested.append(best)
    return " ".join(suggested) if suggested != words else None


def _frequency(session, word: str) -> int:
    return session.execute(
        text("SELECT count(*) FROM search_entries WHERE vector @@ CAST(:term AS tsquery)"),
        {"term": quoted(stem(fold(word)))},
    ).scalar_one()
