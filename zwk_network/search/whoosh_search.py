"""One search over a Whoosh searcher: masks first (filters, geo), then words, then order."""

import html
import time
from dataclasses import dataclass

import numpy as np
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
from whoosh.query import Or

from ..geo.dialect import RADIUS_BAND_METRES, RADIUS_BAND_RELATIVE
from ..geo.ellipsoid import local_distances_m, vincenty_m
from .backend import Located, LocatedEntry, SearchHit, SearchQuery, SearchResult
from .columns import Columns
from .documents import TYPES
from .text_query import query_words, suggestion, text_query, word_queries, words_left_out
from .whoosh_schema import GROUP_BITS, KIND_BITS, NO_ID, THEME_BITS, theme_slugs

SNIPPET_FIELDS = ("summary", "body", "name")
_formatter = HtmlFormatter(tagname="b", classname="match", between=" … ")
_fragmenter = ContextFragmenter(maxchars=180, surround=60)
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
class _Selection:
    """What one query selects: the filter masks, the word matches and their ranking."""

    masks: dict[str, np.ndarray]
    matched: np.ndarray
    ranking: list | None
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


def _select(searcher, columns: Columns, query: SearchQuery) -> _Selection:
    masks = _masks(columns, query)
    distances = _distances(columns, query)
    if distances is not None and query.radius_km:
        masks["geo"] = masks["geo"] & _within_radius(columns, distances, query)
    words, clock = query_words(query.text), _Clock(TIME_LIMIT)
    fuzzy, words_query = False, text_query(words)
    matched, ranking, incomplete = _matches(searcher, columns, masks, words_query, clock)
    # Related words only when the words themselves find few: they cost, and rank below anyway.
    if words_query is not None and np.count_nonzero(matched & _combine(masks)) < FEW and clock.left() > 0:
        words_query = text_query(words, related=True)
        matched, ranking, incomplete = _matches(searcher, columns, masks, words_query, clock)
    if words_query is not None and not np.any(matched & _combine(masks)) and clock.left() > 0:
        fuzzy, words_query = True, text_query(words, fuzzy_reader=searcher.reader(), related=True)
        matched, ranking, incomplete = _matches(searcher, columns, masks, words_query, clock)
    selection = _Selection(masks, matched, ranking, words, words_query, fuzzy, distances, incomplete, clock)
    if len(words) > 1 and np.count_nonzero(matched & _combine(masks)) < FEW and clock.left() > 0:
        _add_partial_matches(searcher, columns, selection)
    return selection


def _add_partial_matches(searcher, columns: Columns, selection: _Selection) -> None:
    """Entries with at least half of the words, after those with all: most words first, then by score."""
    queries = word_queries(selection.words, searcher.reader() if selection.fuzzy else None, related=True)
    any_words = Or(queries)
    matched, ranking, incomplete = _matches(searcher, columns, selection.masks, any_words, selection.clock)
    coordination = np.zeros(len(columns.alive), dtype=np.int32)
    for query in queries:  # within the same time limit as the matching itself
        if selection.clock.left() <= 0:
            incomplete = True
            break
        docnums = np.fromiter(searcher.docs_for_query(query), dtype=np.int64)
        coordination[docnums] += 1
    full = selection.matched
    enough = max(1, len(queries) // 2)  # "most of the words": at least half of them
    extra = sorted(((int(coordination[d]), score, d) for score, d in ranking
                    if not full[d] and coordination[d] >= enough),
                   key=lambda item: (-item[0], -item[1]))  # fmt: skip
    matched &= coordination >= enough
    selection.partial = matched & ~full
    selection.matched = full | matched
    selection.ranking = list(selection.ranking or []) + [(score, d) for _count, score, d in extra]
    selection.words_query = any_words  # snippets mark whichever words an entry has
    selection.incomplete |= incomplete


def run_search(searcher, columns: Columns, query: SearchQuery) -> SearchResult:
    selection = _select(searcher, columns, query)
    final = selection.final
    facets = _facets(columns, selection.masks, selection.matched, query)
    total = int(final.sum())
    words, fuzzy, words_query = selection.words, selection.fuzzy, selection.words_query
    hits = _page(searcher, columns, final, words_query, selection.distances, query, selection.ranking,
                 selection.partial)  # fmt: skip
    wanted = words and (fuzzy or total == 0) and selection.clock.left() > 0
    tip = suggestion(searcher, words) if wanted else None
    partial = selection.partial is not None and bool(np.any(selection.partial & final))
    return SearchResult(total=total, hits=hits, facets=facets, suggestion=tip, fuzzy=fuzzy and total > 0,
                        shortened=words_left_out(query.text), incomplete=selection.incomplete,
                        partial=partial)  # fmt: skip


def run_locate(searcher, columns: Columns, query: SearchQuery, detail_limit: int) -> Located:
    """Every match with a location: coordinates for all, details when there are few enough."""
    final = _select(searcher, columns, query).final & ~np.isnan(columns.lon)
    docnums = np.flatnonzero(final)
    entries = None
    if len(docnums) <= detail_limit:
        entries = [_located_entry(searcher, columns, int(docnum)) for docnum in docnums]
    return Located(
        total=len(docnums),
        lon=columns.lon[docnums],
        lat=columns.lat[docnums],
        type_code=columns.type_code[docnums],
        entries=entries,
    )


def _located_entry(searcher, columns: Columns, docnum: int) -> LocatedEntry:
    stored = searcher.stored_fields(docnum)
    kind, entry_id = stored["key"].split(":")
    return LocatedEntry(
        type=kind,
        entry_id=int(entry_id),
        name=stored["name"],
        themes=theme_slugs(int(columns.themes[docnum])),
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
    result = np.ones_like(masks["alive"])
    for name, mask in masks.items():
        if name != leave_out:
            result &= mask
    return result


def _distances(columns: Columns, query: SearchQuery) -> np.ndarray | None:
    if query.point is None:
        return None
    with np.errstate(invalid="ignore"):
        return local_distances_m(columns.lon, columns.lat, *query.point)


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


def _matches(searcher, columns: Columns, masks: dict, words_query, clock: _Clock):
    """Documents matching the words within the non-facet filters (geo, Kommune), scored.

    One pass: Whoosh scores only the documents the geo and Kommune filters allow (a mask over
    document numbers before scoring) and records every match, which is exactly the set every
    facet counts from. Stops at the clock's deadline with what it found so far. Returns
    (matched mask, [(score, docnum)] best first or None, whether the deadline cut it short).
    """
    if words_query is None:
        return np.ones_like(columns.alive), None, False
    base = _combine({name: mask for name, mask in masks.items() if name not in FACET_FILTERS})
    allowed = None if base is masks["alive"] or base.all() else {int(d) for d in np.flatnonzero(base)}
    if allowed is not None and not allowed:
        return np.zeros_like(columns.alive), [], False
    if clock.left() <= 0:
        return np.zeros_like(columns.alive), [], True
    collector = TimeLimitCollector(
        searcher.collector(limit=None, filter=allowed), timelimit=clock.left(), use_alarm=False
    )  # no alarm signal: requests may run in threads
    incomplete = False
    try:
        searcher.search_with_collector(words_query, collector)
    except TimeLimit:
        incomplete = True
    ranking = collector.results().top_n  # every match found, best first
    matched = np.zeros_like(columns.alive)
    matched[np.fromiter((docnum for _score, docnum in ranking), dtype=np.int64, count=len(ranking))] = True
    return matched, ranking, incomplete


def _facets(columns: Columns, masks: dict, matched: np.ndarray, query: SearchQuery) -> dict[str, dict]:
    """Counts per value, each with every filter applied except its own."""
    facets = {}
    base = _combine(masks, "type") & matched
    counts = np.bincount(columns.type_code[base], minlength=len(TYPES))
    facets["type"] = {kind: int(counts[index]) for index, kind in enumerate(TYPES)}
    base = _combine(masks, "theme") & matched
    facets["theme"] = {
        slug: int(np.count_nonzero(columns.themes[base] & bit)) for slug, bit in THEME_BITS.items()
    }
    base = _combine(masks, "target_group") & matched
    facets["target_group"] = {
        slug: int(np.count_nonzero(columns.groups[base] & bit)) for slug, bit in GROUP_BITS.items()
    }
    base = _combine(masks, "help_kind") & matched
    facets["help_kind"] = {
        slug: int(np.count_nonzero(columns.kinds[base] & bit)) for slug, bit in KIND_BITS.items()
    }
    base = _combine(masks, "region") & matched
    regions, region_counts = np.unique(columns.region[base], return_counts=True)
    facets["region"] = {int(r): int(c) for r, c in zip(regions, region_counts, strict=True) if r != NO_ID}
    return facets


def _page(searcher, columns, final, words_query, distances, query: SearchQuery, ranking,
          partial=None) -> list[SearchHit]:  # fmt: skip
    start, stop = (query.page - 1) * query.per_page, query.page * query.per_page
    order = query.sort or (
        "relevance" if words_query is not None else "distance" if distances is not None else "name"
    )
    scores = {}
    if order == "relevance" and ranking is not None:
        ranked = [(score, docnum) for score, docnum in ranking if final[docnum]]
        if query.prefer_nearby and distances is not None:
            ranked = _nearer_first(ranked, distances, partial)
        ranked = ranked[start:stop]
        docnums = [docnum for _score, docnum in ranked]
        scores = {docnum: score for score, docnum in ranked}
    elif order == "distance" and distances is not None:
        candidates = np.flatnonzero(final)
        keys = (distances[candidates],) if partial is None else (distances[candidates], partial[candidates])
        docnums = candidates[np.lexsort(keys)][start:stop].tolist()  # those with all words first
    else:
        candidates = np.flatnonzero(final)
        docnums = candidates[_first_by(columns.name_rank[candidates], stop)][start:stop].tolist()
    hits = [_hit(searcher, docnum, scores.get(docnum), distances, words_query) for docnum in docnums]
    if partial is not None:
        for hit, docnum in zip(hits, docnums, strict=True):
            hit.partial = bool(partial[docnum])
    return hits


#: A place named in the text: relevance is divided by 1 + distance / NEARBY_KM.
NEARBY_KM = 10.0


def _nearer_first(ranked: list, distances: np.ndarray, partial) -> list:
    """Relevance weighed by nearness; entries with all the words before those with some."""

    def key(item):
        score, docnum = item
        km = distances[docnum] / 1000
        weight = 1 / (1 + km / NEARBY_KM) if np.isfinite(km) else 0.01
        return (bool(partial[docnum]) if partial is not None else False, -score * weight)

    return sorted(ranked, key=key)


def _first_by(keys: np.ndarray, count: int) -> np.ndarray:
    """Indexes of the `count` smallest keys, in order (keys are unique: no ties to break)."""
    if count < len(keys):
        nearest = np.argpartition(keys, count)[:count]
        return nearest[np.argsort(keys[nearest])]
    return np.argsort(keys)


def _hit(searcher, docnum: int, score, distances, words_query) -> SearchHit:
    stored = searcher.stored_fields(docnum)
    kind, entry_id = stored["key"].split(":")
    distance = None
    if distances is not None and not np.isnan(distances[docnum]):
        distance = round(float(distances[docnum]) / 1000, 3)
    return SearchHit(
        key=stored["key"],
        type=kind,
        entry_id=int(entry_id),
        name=stored["name"],
        score=round(score, 4) if score is not None else None,
        distance_km=distance,
        snippet=_snippet(searcher, docnum, stored, words_query),
        town=stored.get("town") or "",
        demo=bool(stored.get("demo")),
    )


def _snippet(searcher, docnum: int, stored: dict, words_query) -> str:
    """Highlighted passages where the words matched; else the start of the summary (escaped)."""
    if words_query is not None:
        terms = {(field, text) for field, text in words_query.iter_all_terms()}
        for field in SNIPPET_FIELDS:
            text = stored.get(field) or ""
            if not text or not any(f == field for f, _ in terms):
                continue
            highlighted = _highlight(searcher, field, text, terms)
            if highlighted:
                return highlighted
    text = stored.get("summary") or stored.get("body") or ""
    return html.escape(text[:200] + ("…" if len(text) > 200 else ""))


def _highlight(searcher, field: str, text: str, terms) -> str:
    field_terms = frozenset(term.decode("utf-8") if isinstance(term, bytes) else term
                            for f, term in terms if f == field)  # fmt: skip
    analyzer = searcher.schema[field].analyzer
    return highlight(text, field_terms, analyzer, _fragmenter, _formatter, top=2)
