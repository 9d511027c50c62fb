"""One search over a Whoosh searcher: masks first (filters, geo), then words, then order.

The words are matched and scored as arrays over all documents (whoosh_arrays.py), with the same
documents and scores as Whoosh's matchers; filters and the radius are masks over the same
document numbers, applied to the arrays rather than document by document."""

import time
from dataclasses import dataclass

import numpy as np
from whoosh.query import Or

from ..geo.clusters import grid_clusters, grid_zoom
from ..geo.dialect import RADIUS_BAND_METRES, RADIUS_BAND_RELATIVE
from ..geo.ellipsoid import local_distances_m, metres_per_degree, vincenty_m
from ..taxonomy.bits import GROUP_BITS, KIND_BITS, THEME_BITS, slugs_of
from .backend import LocatedEntry, MapCluster, MapView, SearchHit, SearchQuery, SearchResult
from .columns import Columns
from .documents import TYPES
from .snippets import snippet
from .whoosh_arrays import OutOfTime, WordArrays, ranked, top_ranked
from .whoosh_query import suggestion, text_query, word_queries
from .whoosh_schema import NO_ID
from .whoosh_scoring import PostingCache
from .words import query_words, words_left_out

#: Seconds one search may spend matching words; then it answers with what it found so far.
TIME_LIMIT = 1.0
#: With fewer entries having all the words, entries with most of them follow.
FEW = 3


class _Clock:
    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()


@dataclass
class _Ranking:
    """Matched document numbers and their scores: best first when `ordered`, else ascending by
    document number (a page orders only the few it shows: ordered_first)."""

    docnums: np.ndarray
    scores: np.ndarray
    ordered: bool = True

    def in_order(self) -> "_Ranking":
        if self.ordered:
            return self
        return _Ranking(*top_ranked(self.docnums, self.scores, len(self.docnums)))

    def ordered_first(self, keep: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The best `count` of the documents where `keep` (over all documents) is true, best first."""
        wanted = keep[self.docnums]
        docnums, scores = self.docnums[wanted], self.scores[wanted]
        if self.ordered:
            return docnums[:count], scores[:count]
        return top_ranked(docnums, scores, count)


_NO_RANKING = _Ranking(np.zeros(0, dtype=np.int64), np.zeros(0))


@dataclass
class _Matches:
    matched: np.ndarray
    ranking: _Ranking | None
    incomplete: bool = False  # the time limit cut the matching short


@dataclass
class _Selection:
    """What one query selects: the filter masks, the word matches and their ranking."""

    masks: dict[str, np.ndarray]
    matched: np.ndarray
    ranking: _Ranking | None
    words: list[str]
    words_query: object
    fuzzy: bool
    distances: np.ndarray | None
    incomplete: bool  # the time limit cut the matching short
    clock: _Clock
    partial: np.ndarray | None = None  # matches that lack some of the words (after those with all)

    @property
    def final(self) -> np.ndarray:
        return _combine(self.masks) & self.matched


def _select(searcher, columns: Columns, query: SearchQuery, postings: PostingCache) -> _Selection:
    masks = _masks(columns, query)
    distances = _distances(columns, query)
    if distances is not None and query.radius_km:
        masks["geo"] = masks["geo"] & _within_radius(columns, distances, query)
    words, clock = query_words(query.text), _Clock(TIME_LIMIT)
    arrays = WordArrays(searcher, postings, len(columns.alive), deadline=clock.deadline)
    fuzzy, words_query = False, text_query(words)
    found = _matches(arrays, columns, masks, words_query, clock)
    # Related words only when the words themselves find few: they cost, and rank below anyway.
    # A later step that runs out of time (or has none left) leaves what the earlier one found.
    if words_query is not None and _count(found, masks) < FEW and _time_left(found, clock):
        related = text_query(words, related=True)
        more = _matches(arrays, columns, masks, related, clock)
        found, words_query = _better(found, words_query, more, related)
    if words_query is not None and not _count(found, masks) and _time_left(found, clock):
        similar = text_query(words, fuzzy_reader=searcher.reader(), related=True)
        more = _matches(arrays, columns, masks, similar, clock)
        fuzzy = not more.incomplete
        found, words_query = _better(found, words_query, more, similar)
    selection = _Selection(
        masks, found.matched, found.ranking, words, words_query, fuzzy, distances, found.incomplete, clock
    )
    if len(words) > 1 and _count(found, masks) < FEW and _time_left(found, clock):
        _add_partial_matches(searcher, arrays, columns, selection)
    selection.incomplete |= found.incomplete
    return selection


def _time_left(found: _Matches, clock: _Clock) -> bool:
    """Whether a further step may run; if not, the answer says the search was cut short."""
    if found.incomplete:
        return False
    if clock.left() <= 0:
        found.incomplete = True
        return False
    return True


def _count(found: _Matches, masks: dict) -> int:
    return int(np.count_nonzero(found.matched & _combine(masks)))


def _better(found: _Matches, query, more: _Matches, more_query) -> tuple[_Matches, object]:
    """The next step's matches, unless it ran out of time: then the earlier ones, marked so."""
    if more.incomplete:
        found.incomplete = True
        return found, query
    return more, more_query


def _add_partial_matches(searcher, arrays: WordArrays, columns: Columns, selection: _Selection) -> None:
    """Entries with at least half of the words, after those with all: most words first, then by score."""
    queries = word_queries(selection.words, searcher.reader() if selection.fuzzy else None, related=True)
    base = _base_mask(columns, selection.masks)
    coordination = np.zeros(len(columns.alive), dtype=np.int32)
    scores = np.zeros(len(columns.alive))
    try:
        for query in queries:
            word_matched, word_scores = arrays.evaluate(query)
            coordination += word_matched
            scores += word_scores  # Or(queries): the sum of the words' scores
    except OutOfTime:
        selection.incomplete = True
        return
    full = selection.matched
    enough = max(1, len(queries) // 2)  # "most of the words": at least half of them
    matched = base & (coordination >= enough)
    docnums, ranked_scores = ranked(matched & ~full, scores)
    order = np.lexsort((-ranked_scores, -coordination[docnums]))  # stable: ties stay by score, docnum
    selection.partial = matched & ~full
    selection.matched = full | matched
    before = (selection.ranking or _NO_RANKING).in_order()
    selection.ranking = _Ranking(
        np.concatenate([before.docnums, docnums[order]]),
        np.concatenate([before.scores, ranked_scores[order]]),
    )
    selection.words_query = Or(queries)  # snippets mark whichever words an entry has


def run_search(searcher, columns: Columns, query: SearchQuery, postings: PostingCache) -> SearchResult:
    selection = _select(searcher, columns, query, postings)
    final = selection.final
    facets = _facets(columns, selection.masks, selection.matched, query)
    total = int(final.sum())
    words, fuzzy, words_query = selection.words, selection.fuzzy, selection.words_query
    hits = _page(
        searcher,
        columns,
        final,
        words_query,
        selection.distances,
        query,
        selection.ranking,
        selection.partial,
    )
    wanted = words and (fuzzy or total == 0) and selection.clock.left() > 0
    tip = suggestion(searcher, words) if wanted else None
    partial = selection.partial is not None and bool(np.any(selection.partial & final))
    return SearchResult(
        total=total,
        hits=hits,
        facets=facets,
        suggestion=tip,
        fuzzy=fuzzy and total > 0,
        shortened=words_left_out(query.text),
        incomplete=selection.incomplete,
        partial=partial,
    )


def run_map_view(
    searcher, columns: Columns, query: SearchQuery, zoom: int, detail_limit: int, postings: PostingCache
) -> MapView:
    """Every match with a location: the entries when there are few enough, else grid clusters."""
    final = _select(searcher, columns, query, postings).final & ~np.isnan(columns.lon)
    docnums = np.flatnonzero(final)
    if len(docnums) <= detail_limit:
        entries = [_located_entry(searcher, columns, int(docnum)) for docnum in docnums]
        return MapView(total=len(docnums), entries=entries)
    lon, lat = columns.lon[docnums], columns.lat[docnums]
    cluster_zoom = grid_zoom(lon, lat, zoom)
    clusters = [
        MapCluster(
            lon=cluster.lon,
            lat=cluster.lat,
            count=cluster.count,
            bbox=cluster.bbox,
            counts_by_type={TYPES[code]: count for code, count in cluster.counts_by_type.items()},
        )
        for cluster in grid_clusters(lon, lat, columns.type_code[docnums], cluster_zoom)
    ]
    return MapView(total=len(docnums), entries=None, clusters=clusters, cluster_zoom=cluster_zoom)


def _located_entry(searcher, columns: Columns, docnum: int) -> LocatedEntry:
    stored = searcher.stored_fields(docnum)
    return LocatedEntry(
        type=TYPES[int(columns.type_code[docnum])],
        entry_id=int(columns.entry_id[docnum]),
        name=stored["name"],
        themes=slugs_of(int(columns.themes[docnum]), THEME_BITS),
        lon=float(columns.lon[docnum]),
        lat=float(columns.lat[docnum]),
        demo=bool(stored.get("demo")),
    )


def _masks(columns: Columns, query: SearchQuery) -> dict[str, np.ndarray]:
    everything = columns.alive
    masks = {"alive": everything}
    masks["type"] = (
        np.isin(columns.type_code, [TYPES.index(t) for t in query.types]) if query.types else everything
    )
    masks["kommune"] = columns.kommune == query.kommune_id if query.kommune_id else everything
    masks["region"] = np.isin(columns.region, query.region_ids) if query.region_ids else everything
    masks["theme"] = (columns.themes & THEME_BITS[query.theme]) != 0 if query.theme else everything
    masks["target_group"] = (
        (columns.groups & GROUP_BITS[query.target_group]) != 0 if query.target_group else everything
    )
    masks["help_kind"] = (columns.kinds & KIND_BITS[query.help_kind]) != 0 if query.help_kind else everything
    masks["geo"] = everything
    if query.bbox:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        masks["geo"] = (
            (columns.lon >= min_lon)
            & (columns.lon <= max_lon)
            & (columns.lat >= min_lat)
            & (columns.lat <= max_lat)
        )
    return masks


def _combine(masks: dict[str, np.ndarray], leave_out: str | None = None) -> np.ndarray:
    """All masks but `leave_out` together; a filter not asked for is the `alive` mask itself
    (_masks), skipped rather than combined again (each pass is one over all documents)."""
    alive = masks["alive"]
    result = alive.copy()
    for name, mask in masks.items():
        if name != leave_out and mask is not alive:
            result &= mask
    return result


def _distances(columns: Columns, query: SearchQuery) -> np.ndarray | None:
    """Local distances in metres; with a radius only where they may fall inside it (inf elsewhere)."""
    if query.point is None:
        return None
    if not query.radius_km:
        with np.errstate(invalid="ignore"):
            return local_distances_m(columns.lon, columns.lat, *query.point)
    window = _radius_window(columns, query)
    distances = np.full(len(columns.lon), np.inf)
    distances[window] = local_distances_m(columns.lon[window], columns.lat[window], *query.point)
    return distances


def _radius_window(columns: Columns, query: SearchQuery) -> np.ndarray:
    """Document numbers whose local distance may be within the radius (and its band): the others
    are further in latitude alone, or in longitude at the window's highest latitude."""
    lon, lat = query.point
    reach = query.radius_km * 1000 * (1 + RADIUS_BAND_RELATIVE) + RADIUS_BAND_METRES
    per_lon, per_lat = metres_per_degree(lat)
    d_lat = reach / per_lat
    cos_min = np.cos(np.radians(min(90.0, abs(lat) + d_lat / 2)))
    d_lon = reach / (cos_min * per_lon) if cos_min > 1e-9 else 360.0
    with np.errstate(invalid="ignore"):
        near = (np.abs(columns.lat - lat) <= d_lat) & (np.abs(columns.lon - lon) <= d_lon)
    return np.flatnonzero(near)


def _within_radius(columns: Columns, distances: np.ndarray, query: SearchQuery) -> np.ndarray:
    """Exact on the ellipsoid: the local distance decides except in a thin band at the edge."""
    radius = query.radius_km * 1000
    band = radius * RADIUS_BAND_RELATIVE + RADIUS_BAND_METRES
    with np.errstate(invalid="ignore"):
        inside = distances <= radius - band
        unsure = np.flatnonzero((distances > radius - band) & (distances <= radius + band))
    lon, lat = query.point
    for docnum in unsure:
        inside[docnum] = vincenty_m(lon, lat, columns.lon[docnum], columns.lat[docnum]) <= radius
    return inside


#: Filters that are also facets: each facet's counts leave out its own filter.
FACET_FILTERS = ("type", "theme", "target_group", "help_kind", "region")


def _base_mask(columns: Columns, masks: dict) -> np.ndarray:
    """The filters that are no facets (alive, geo, Kommune): what every facet counts within."""
    return _combine({name: mask for name, mask in masks.items() if name not in FACET_FILTERS})


def _matches(arrays: WordArrays, columns: Columns, masks: dict, words_query, clock: _Clock) -> _Matches:
    """Documents matching the words within the non-facet filters (geo, Kommune), scored.

    The word matches are arrays over all documents, cut to the geo and Kommune filters: exactly
    the set every facet counts from. Stops at the clock's deadline (incomplete, nothing matched).
    """
    if words_query is None:
        return _Matches(np.ones_like(columns.alive), None)
    base = _base_mask(columns, masks)
    if not base.any():
        return _Matches(np.zeros_like(columns.alive), _NO_RANKING)
    if clock.left() <= 0:
        return _Matches(np.zeros_like(columns.alive), _NO_RANKING, incomplete=True)
    try:
        matched, scores = arrays.evaluate(words_query)
    except OutOfTime:
        return _Matches(np.zeros_like(columns.alive), _NO_RANKING, incomplete=True)
    matched = matched & base
    docnums = np.flatnonzero(matched)
    return _Matches(matched, _Ranking(docnums, scores[docnums], ordered=False))


def _facets(columns: Columns, masks: dict, matched: np.ndarray, query: SearchQuery) -> dict[str, dict]:
    """Counts per value, each with every filter applied except its own."""
    facets = {}
    base = _combine(masks, "type") & matched
    counts = np.bincount(columns.type_code[base], minlength=len(TYPES))
    facets["type"] = {kind: int(counts[index]) for index, kind in enumerate(TYPES)}
    bit_facets = (
        ("theme", columns.themes, THEME_BITS),
        ("target_group", columns.groups, GROUP_BITS),
        ("help_kind", columns.kinds, KIND_BITS),
    )
    for name, values, bits in bit_facets:
        facets[name] = _bit_counts(values[_combine(masks, name) & matched], bits)
    regions = columns.region[_combine(masks, "region") & matched]
    if len(regions) and regions.min() >= 0 and regions.max() < 100_000:  # ids: count without sorting
        region_counts = np.bincount(regions)
        found = np.flatnonzero(region_counts)
        facets["region"] = {int(r): int(region_counts[r]) for r in found if r != NO_ID}
    else:
        values, value_counts = np.unique(regions, return_counts=True)
        facets["region"] = {int(r): int(c) for r, c in zip(values, value_counts, strict=True) if r != NO_ID}
    return facets


def _bit_counts(values: np.ndarray, bits: dict[str, int]) -> dict[str, int]:
    return {slug: int(np.count_nonzero(values & bit)) for slug, bit in bits.items()}


def _page(
    searcher, columns, final, words_query, distances, query: SearchQuery, ranking, partial=None
) -> list[SearchHit]:
    start, stop = (query.page - 1) * query.per_page, query.page * query.per_page
    order = query.sort or (
        "relevance" if words_query is not None else "distance" if distances is not None else "name"
    )
    scores = {}
    if order == "relevance" and ranking is not None:
        if query.prefer_nearby and distances is not None:
            ranking = ranking.in_order()
            keep = final[ranking.docnums]
            docs, found = _nearer_first(ranking.docnums[keep], ranking.scores[keep], distances, partial)
            docs, found = docs[start:stop], found[start:stop]
        else:
            docs, found = ranking.ordered_first(final, stop)
            docs, found = docs[start:], found[start:]
        docnums = docs.tolist()
        scores = dict(zip(docnums, found.tolist(), strict=True))
    elif order == "distance" and distances is not None:
        candidates = np.flatnonzero(final)
        keys = (distances[candidates],) if partial is None else (distances[candidates], partial[candidates])
        docnums = candidates[np.lexsort(keys)][start:stop].tolist()  # those with all words first
    else:
        candidates = np.flatnonzero(final)
        docnums = candidates[_first_by(columns.name_rank[candidates], stop)][start:stop].tolist()
    terms = _terms(words_query)
    hits = [_hit(searcher, docnum, scores.get(docnum), distances, terms) for docnum in docnums]
    if partial is not None:
        for hit, docnum in zip(hits, docnums, strict=True):
            hit.partial = bool(partial[docnum])
    return hits


#: A place named in the text: relevance is divided by 1 + distance / NEARBY_KM.
NEARBY_KM = 10.0


def _nearer_first(docnums: np.ndarray, scores: np.ndarray, distances: np.ndarray, partial):
    """Relevance weighed by nearness; entries with all the words before those with some."""
    with np.errstate(invalid="ignore"):
        km = distances[docnums] / 1000
        weight = np.where(np.isfinite(km), 1 / (1 + km / NEARBY_KM), 0.01)
    some_words = partial[docnums] if partial is not None else np.zeros(len(docnums), dtype=bool)
    order = np.lexsort((-scores * weight, some_words))  # stable: ties keep the ranking's order
    return docnums[order], scores[order]


def _first_by(keys: np.ndarray, count: int) -> np.ndarray:
    """Indexes of the `count` smallest keys, in order (keys are unique: no ties to break)."""
    if count < len(keys):
        nearest = np.argpartition(keys, count)[:count]
        return nearest[np.argsort(keys[nearest])]
    return np.argsort(keys)


def _terms(words_query) -> dict[str, frozenset[str]]:
    """The query's terms per field (what snippets mark), once per page."""
    if words_query is None:
        return {}
    terms: dict[str, set[str]] = {}
    for field, text in words_query.iter_all_terms():
        terms.setdefault(field, set()).add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return {field: frozenset(texts) for field, texts in terms.items()}


def _hit(searcher, docnum: int, score, distances, terms: dict[str, frozenset[str]]) -> SearchHit:
    stored = searcher.stored_fields(docnum)
    kind, entry_id = stored["key"].split(":")
    distance = None
    if distances is not None and np.isfinite(distances[docnum]):
        distance = round(float(distances[docnum]) / 1000, 3)
    return SearchHit(
        type=kind,
        entry_id=int(entry_id),
        name=stored["name"],
        score=round(score, 4) if score is not None else None,
        distance_km=distance,
        snippet=snippet(stored, terms),
        town=stored.get("town") or "",
        demo=bool(stored.get("demo")),
    )
