"""Scoring every approved initiative and meeting place for one need, with NumPy.

The search index holds exactly the public entries with their themes, target groups, points
and service radii as NumPy columns; one Whoosh query gives every entry's text relevance. All
parts are computed for all entries at once; only the best few get names and reasons.
"""

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from flask_babel import gettext as _
from shapely.geometry.base import BaseGeometry

from ..geo.ellipsoid import local_distances_m
from ..search.analysis import terms
from ..search.backend import ScoringSnapshot
from ..search.documents import TYPES
from ..search.whoosh_schema import GROUP_BITS, THEME_BITS
from ..taxonomy import target_group_label, theme_label
from .concepts import concept_terms, need_stop_words, related_terms
from .score import (
    ALL_GENERATIONS,
    GAP_THRESHOLD,
    REACH_KM,
    RELATED_WEIGHT,
    SPACE_SCALE_KM,
    TEXT_HALF,
    weights_for,
)

MATCHED_TYPES = ("initiative", "place")
MAX_REASON_WORDS = 4
AREA_TOLERANCE_KM = 0.25
KM_PER_DEGREE_LAT = 111.2


@dataclass
class NeedProfile:
    """What matching needs to know about a need."""

    title: str
    description: str
    themes: list[str]
    target_groups: list[str]
    geometry: BaseGeometry | None  # its own area, else its region, else its Kommune


@dataclass
class Match:
    type: str
    id: int
    name: str
    score: float
    distance_km: float | None
    parts: dict[str, float]  # each part's contribution to the score
    reasons: list[str]


@dataclass
class MatchResult:
    matches: list[Match]
    gap: bool
    candidates_in_reach: int
    best_score: float
    reasons: list[str] = field(default_factory=list)  # why it is a gap


@dataclass
class _Parts:
    """Every entry's value of each part, as arrays over document numbers."""

    weights: dict[str, float]
    theme: np.ndarray
    group: np.ndarray
    text: np.ndarray
    space: np.ndarray
    distance: np.ndarray
    covered: np.ndarray

    def values(self, docnum: int | slice = slice(None)) -> dict[str, np.ndarray]:
        return {"theme": self.theme[docnum], "target_group": self.group[docnum], "text": self.text[docnum],
                "spatial": self.space[docnum]}  # fmt: skip

    def total(self) -> np.ndarray:
        return sum(self.weights[part] * value for part, value in self.values().items())

    def contributions(self, docnum: int) -> dict[str, float]:
        return {
            part: round(float(self.weights[part] * value), 3) for part, value in self.values(docnum).items()
        }


@dataclass
class _Words:
    own: list[str]  # the need's terms
    related: dict[str, str]  # related term -> concept
    surface: dict[str, str]  # term -> the word in the need's text


def match(snapshot: ScoringSnapshot, need: NeedProfile, limit: int = 10) -> MatchResult:
    columns = snapshot.columns
    eligible = columns.alive & np.isin(columns.type_code, [TYPES.index(t) for t in MATCHED_TYPES])
    eligible &= ~np.isnan(columns.lon)
    words = _need_words(need)
    parts = _parts(snapshot, need, words)
    score = np.where(eligible, parts.total(), -1.0)
    in_reach = (
        eligible if need.geometry is None else eligible & (parts.covered | (parts.distance <= REACH_KM))
    )
    matches = [_match(snapshot, int(docnum), float(score[docnum]), need, parts, words)
               for docnum in _top(score, limit) if score[docnum] > 0]  # fmt: skip
    best_score = matches[0].score if matches else 0.0
    reach = int(in_reach.sum())
    gap_reasons = []
    if reach == 0:
        gap_reasons.append(_("niemand im Umkreis von %(km)s km", km=int(REACH_KM)))
    if best_score < GAP_THRESHOLD:
        gap_reasons.append(_("bester Vorschlag unter %(threshold)s", threshold=GAP_THRESHOLD))
    return MatchResult(matches, gap=bool(gap_reasons), candidates_in_reach=reach, best_score=best_score,
                       reasons=gap_reasons)  # fmt: skip


def _parts(snapshot: ScoringSnapshot, need: NeedProfile, words: _Words) -> _Parts:
    columns = snapshot.columns
    query = {**dict.fromkeys(words.related, RELATED_WEIGHT), **dict.fromkeys(words.own, 1.0)}
    raw_text = snapshot.text_scores(query)
    distance = _distances_km(columns.lon, columns.lat, need.geometry)
    covered = (distance <= columns.radius_km) | (distance == 0)
    if need.geometry is None:
        space = np.full(len(distance), 0.5)  # nowhere to measure from: neither helps nor hurts
    else:
        space = np.where(covered, 1.0, np.exp(-distance / SPACE_SCALE_KM))
    return _Parts(
        weights=weights_for(bool(need.themes), bool(need.target_groups)),
        theme=_share(columns.themes, need.themes, THEME_BITS),
        group=_group_share(columns.groups, need.target_groups),
        text=raw_text / (raw_text + TEXT_HALF),
        space=space,
        distance=distance,
        covered=covered,
    )


def _share(bits: np.ndarray, slugs: list[str], table: dict[str, int]) -> np.ndarray:
    if not slugs:
        return np.zeros(len(bits))
    wanted = 0
    for slug in slugs:
        wanted |= table[slug]
    return np.bitwise_count(bits & np.uint32(wanted)).astype(np.float64) / len(slugs)


def _group_share(bits: np.ndarray, slugs: list[str]) -> np.ndarray:
    share = _share(bits, slugs, GROUP_BITS)
    if not slugs:
        return share
    everyone = GROUP_BITS[ALL_GENERATIONS]
    entry_for_all = (bits & np.uint32(everyone)) != 0
    if ALL_GENERATIONS in slugs:
        return np.maximum(share, np.where(bits != 0, 0.5, 0.0))
    return np.maximum(share, np.where(entry_for_all, 0.5, 0.0))


def _need_words(need: NeedProfile) -> _Words:
    """The need's index terms, the related terms of their concepts, and each term's word."""
    surface = {}
    for word in f"{need.title} {need.description}".replace("-", " ").split():
        clean = word.strip(".,;:!?()„“\"'»«").lower()
        if len(clean) < 3 or clean in need_stop_words():
            continue
        for term in terms(clean):
            surface.setdefault(term, word.strip(".,;:!?()„“\"'»«"))
    own = list(surface)
    return _Words(own=own, related=related_terms(set(own)), surface=surface)


def _distances_km(
    lon: np.ndarray, lat: np.ndarray, geometry: BaseGeometry | None, exact: bool = False
) -> np.ndarray:
    """Distance from each point to the need's point or area (0 inside the area); beyond reach only
    a lower bound unless `exact`."""
    if geometry is None:
        return np.zeros(len(lon))
    if geometry.geom_type == "Point":
        with np.errstate(invalid="ignore"):
            return local_distances_m(lon, lat, geometry.x, geometry.y) / 1000
    # Areas: an equirectangular projection at the area's latitude is exact enough for "12 km";
    # simplified to 0.25 km, which GEOS measures much faster than a detailed boundary.
    lat0 = geometry.centroid.y
    scale = math.cos(math.radians(lat0))
    projected = shapely.transform(geometry, lambda xy: xy * [scale * KM_PER_DEGREE_LAT, KM_PER_DEGREE_LAT])
    projected = shapely.simplify(projected, AREA_TOLERANCE_KM)
    x = np.nan_to_num(lon) * scale * KM_PER_DEGREE_LAT
    y = np.nan_to_num(lat) * KM_PER_DEGREE_LAT
    # The distance to the area's bounding box is a lower bound, exact enough beyond reach; only
    # entries near the area are measured exactly (creating 100 000 points alone takes 130 ms).
    min_x, min_y, max_x, max_y = projected.bounds
    distance = np.hypot(
        np.maximum(np.maximum(min_x - x, 0), x - max_x), np.maximum(np.maximum(min_y - y, 0), y - max_y)
    )
    near = np.arange(len(distance)) if exact else np.flatnonzero(distance <= REACH_KM)
    shapely.prepare(projected)
    inside = shapely.contains_xy(projected, x[near], y[near])
    outside = near[~inside]
    distance[near[inside]] = 0.0
    distance[outside] = shapely.distance(shapely.points(x[outside], y[outside]), projected)
    return distance


def _top(score: np.ndarray, limit: int) -> np.ndarray:
    if limit >= len(score):
        return np.argsort(-score, kind="stable")
    best = np.argpartition(-score, limit)[:limit]
    return best[np.argsort(-score[best], kind="stable")]


def _match(snapshot: ScoringSnapshot, docnum: int, total: float, need: NeedProfile, parts: _Parts,
           words: _Words) -> Match:  # fmt: skip
    stored = snapshot.stored(docnum)
    kind, entry_id = stored["key"].split(":")
    columns = snapshot.columns
    reasons = []
    shared = [slug for slug in need.themes if int(columns.themes[docnum]) & THEME_BITS[slug]]
    if shared:
        reasons.append(_("gleiches Thema: %(themes)s", themes=", ".join(theme_label(s) for s in shared)))
    shared = [slug for slug in need.target_groups if int(columns.groups[docnum]) & GROUP_BITS[slug]]
    if shared:
        reasons.append(
            _("gleiche Zielgruppe: %(groups)s", groups=", ".join(target_group_label(s) for s in shared))
        )
    found = _matched_words(stored, words)
    if found:
        reasons.append(_("Text passt: %(words)s", words=", ".join(found)))
    km = None if need.geometry is None else round(float(parts.distance[docnum]), 1)
    if km is not None and km > REACH_KM and need.geometry.geom_type != "Point":  # a lower bound so far
        one = slice(docnum, docnum + 1)
        exact = _distances_km(columns.lon[one], columns.lat[one], need.geometry, exact=True)
        km = round(float(exact[0]), 1)
    if km is not None:
        reasons.append(_distance_reason(km, bool(parts.covered[docnum]), float(columns.radius_km[docnum])))
    return Match(type=kind, id=int(entry_id), name=stored["name"], score=round(total, 3),
                 distance_km=km, parts=parts.contributions(docnum), reasons=reasons)  # fmt: skip


def _distance_reason(km: float, covered: bool, radius: float) -> str:
    if km == 0:
        return _("im Gebiet des Bedarfs")
    if covered:
        return _("%(km)s km entfernt, aktiv im Umkreis von %(radius)s km", km=_km(km), radius=_km(radius))
    return _("%(km)s km entfernt", km=_km(km))


def _matched_words(stored: dict, words: _Words) -> list[str]:
    """The need's words found in the entry, and related words ("Bus ~ Mobilität")."""
    entry_terms = set(terms(" ".join(stored.get(name) or "" for name in ("name", "summary", "body"))))
    found = [words.surface[term] for term in words.own if term in entry_terms]
    concepts = {words.related[term] for term in entry_terms if term in words.related}
    for concept in sorted(concepts):
        anchor = next((words.surface[t] for t in words.own if t in concept_terms()[concept]), None)
        label = theme_label(concept)
        if anchor and anchor.casefold() != label.casefold():
            found.append(f"{anchor} ~ {label}")
    return list(dict.fromkeys(found))[:MAX_REASON_WORDS]


def _km(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",")
