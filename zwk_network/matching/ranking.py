"""Scoring every approved initiative and meeting place for one need, with NumPy (score.py explains it).

The search index holds exactly the public entries with their kinds of help, themes, target groups,
points and service radii as NumPy columns; one pass over the postings gives every entry's text
relevance. All parts are computed for all entries at once; only the best few get names and reasons.
"""

import gc
import math
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import numpy as np
import shapely
from flask_babel import gettext as _
from shapely.geometry.base import BaseGeometry

from ..formats import format_km
from ..geo.ellipsoid import local_distances_m
from ..search.analysis import PUNCTUATION, fold, stem, terms
from ..search.backend import CandidateFilter, CandidateSnapshot
from ..taxonomy import HELP_KINDS, ONLINE, help_kind_label, target_group_label, theme_label
from ..taxonomy.bits import GROUP_BITS, KIND_BITS, THEME_BITS
from ..taxonomy.lexicon import lexicon
from .concepts import concept_terms, need_stop_words, related_terms
from .kinds import kind_terms, kinds_of
from .score import (
    ALL_GENERATIONS,
    ANSWER_FIT,
    ANSWER_GROUP,
    ANSWER_OWN_TEXT,
    ANSWER_TEXT,
    BEYOND_REACH_DECAY,
    BRIDGE_KIND,
    COVERAGE_NEEDED,
    DEFAULT_REACH_KM,
    DESCRIPTION_WEIGHT,
    DISTINCTIVE_MIN,
    DISTINCTIVE_SHARE,
    NEAR_EDGE,
    OFF_TOPIC,
    OTHER_GROUP,
    OTHER_KIND,
    RELATED_WEIGHT,
    SERVICE_RADIUS_DEFAULT_KM,
    TEXT_GROUP,
    TEXT_HALF,
    UNKNOWN_KIND,
    UNSPECIFIC,
    band,
    weights_for,
)

MATCHED_TYPES = ("initiative", "place")
MAX_REASON_WORDS = 4
AREA_TOLERANCE_KM = 0.25
KM_PER_DEGREE_LAT = 111.2
#: Distances to an area are measured exactly up to an entry's reach, at least EXACT_NEAR_KM and at
#: most EXACT_KM from the area's bounding box (beyond: a lower bound; creating 100 000 points costs).
EXACT_NEAR_KM = 30.0
EXACT_KM = 100.0
#: The nearest answer beyond reach is named up to this distance (farther: „none nearer than …“).
NEAREST_NAMED_KM = 50.0
#: The farthest reach of a kind of help that does not come to people (advice: 25 km).
FARTHEST_FIXED_REACH_KM = max(
    [DEFAULT_REACH_KM, SERVICE_RADIUS_DEFAULT_KM]
    + [
        kind.reach_km
        for kind in HELP_KINDS.values()
        if kind.reach_km is not None and kind.reach_km != math.inf
    ]
)
#: match_nearby() first reads the entries that could score at least this (NEAR_EDGE: those within reach) …
FIRST_THRESHOLD = NEAR_EDGE
#: … and, below this, every entry that fits at all, wherever it is.
LOWEST_THRESHOLD = 0.02


@dataclass(frozen=True)
class Settlement:
    """A Gemeinde of a region (its gazetteer point): a region-wide need is covered where they reach help."""

    name: str
    lon: float
    lat: float


@dataclass
class NeedProfile:
    """What matching needs to know about a need."""

    title: str
    description: str
    themes: list[str]
    target_groups: list[str]
    geometry: BaseGeometry | None  # its own area, else its region, else its Kommune
    help_kinds: list[str] = field(default_factory=list)  # as given; suggested from the text when empty
    #: For a need of a whole region or Kommune: its Gemeinden, by which coverage is measured.
    settlements: list[Settlement] = field(default_factory=list)
    #: Entries a planner ruled out for this need, as (type, id): never candidates, never answers.
    excluded: frozenset[tuple[str, int]] = frozenset()
    #: Words of its text that name places (lower case): they say where, not what is needed.
    place_words: frozenset[str] = frozenset()


@dataclass
class Match:
    type: str
    id: int
    name: str
    score: float
    distance_km: float | None
    parts: dict[str, float]  # each part's value (kind, theme, target_group, text, nearness)
    reasons: list[str]
    answers: bool = False  # offers the asked help to the asked people, within reach
    within_reach: bool = False
    band: str = "weak"  # good | partly | weak (score.band)


@dataclass
class MatchResult:
    matches: list[Match]
    gap: bool
    candidates_in_reach: int  # entries that answer the need within reach
    best_score: float
    reasons: list[str] = field(default_factory=list)  # why it is a gap
    help_kinds: list[str] = field(default_factory=list)  # the kinds the need asks for
    help_kinds_suggested: bool = False  # found in its text, not given by a planner
    coverage: tuple[int, int] | None = None  # Gemeinden that reach an answer, of all (region-wide needs)
    uncovered: list[str] = field(default_factory=list)  # names of Gemeinden that reach none


@dataclass
class _Words:
    own: list[str]  # the need's terms
    related: dict[str, str]  # related term -> concept
    surface: dict[str, str]  # term -> the word in the need's text
    weights: dict[str, float]  # term -> 1 from the title, DESCRIPTION_WEIGHT from the description only
    title: set[str] = field(default_factory=set)  # the whole words of its title (index terms)


@dataclass
class _Parts:
    """Every entry's value of each part, as arrays over document numbers."""

    weights: dict[str, float]
    kind: np.ndarray
    theme: np.ndarray
    group: np.ndarray
    group_in_text: np.ndarray  # bool: its text names one of the need's target groups
    for_all: np.ndarray  # bool: tagged „alle Generationen“
    text: np.ndarray
    kind_match: np.ndarray  # bool: offers one of the asked kinds
    bridging: np.ndarray  # bool: brings people to the asked kind (taxonomy.HelpKind.bridged_by)
    distance: np.ndarray
    reach: np.ndarray
    nearness: np.ndarray

    def fit(self) -> np.ndarray:
        w = self.weights
        return (
            w["kind"] * self.kind
            + w["theme"] * self.theme
            + w["target_group"] * self.group
            + w["text"] * self.text
        )

    def values(self, docnum: int) -> dict[str, float]:
        return {
            name: round(float(getattr(self, attr)[docnum]), 3)
            for name, attr in (
                ("kind", "kind"),
                ("theme", "theme"),
                ("target_group", "group"),
                ("text", "text"),
                ("nearness", "nearness"),
            )
        }


def match(snapshot: CandidateSnapshot, need: NeedProfile, limit: int = 10) -> MatchResult:
    columns = snapshot.candidates
    eligible = np.isin(columns.type, MATCHED_TYPES)
    eligible &= ~np.isnan(columns.lon)
    eligible &= ~_excluded(columns, need.excluded)
    kinds = kinds_of("need", need.help_kinds, need.title, "", need.description)
    words = _need_words(need)
    parts = _parts(snapshot, need, kinds.slugs, words)
    other_kind = np.where(parts.kind_match | (parts.kind > 0) | (not kinds.slugs), 1.0, OTHER_KIND)
    other_kind = np.where(parts.bridging, OTHER_KIND, other_kind)
    # A Fahrdienst to the missing shop shares no theme with it, yet brings people there.
    on_topic = (parts.theme > 0) | (columns.themes == 0) | (not need.themes) | parts.bridging
    off_topic = np.where(on_topic, 1.0, OFF_TOPIC)
    other_group = np.where(_for_other_people(columns, parts, need), OTHER_GROUP, 1.0)
    unasked = np.where(_without_the_ask(snapshot, need, words, kinds.slugs), UNSPECIFIC, 1.0)
    factors = other_kind * off_topic * other_group * unasked
    score = np.where(eligible, parts.fit() * parts.nearness * factors, -1.0)
    answering = eligible & _answers(columns, parts, need, kinds.slugs)
    within = parts.distance <= parts.reach
    in_reach = answering & within
    matches = [
        _match(
            snapshot,
            int(docnum),
            float(score[docnum]),
            need,
            kinds.slugs,
            parts,
            words,
            bool(in_reach[docnum]),
        )
        for docnum in _top(score, limit, columns, parts.distance)
        if score[docnum] > 0
    ]
    result = MatchResult(
        matches,
        gap=False,
        candidates_in_reach=int(in_reach.sum()),
        best_score=matches[0].score if matches else 0.0,
        help_kinds=list(kinds.slugs),
        help_kinds_suggested=kinds.suggested,
    )
    _decide_gap(result, snapshot, need, kinds.slugs, parts, eligible, answering, in_reach)
    return result


def match_nearby(
    load: Callable[[tuple[CandidateFilter, ...] | None], CandidateSnapshot],
    need: NeedProfile,
    limit: int = 10,
) -> MatchResult:
    """match() on the entries that can change the answer, read by `load(filters)` (None: all of them):
    exactly the answer of match() on every candidate.

    - An entry that fits in no part (no asked kind, kind that brings people there or unknown kind; no
      shared theme or target group; none of the need's words) scores 0: never read.
    - Beyond its reach an entry's nearness is at most NEAR_EDGE · reach / d, so one farther than
      NEAR_EDGE · reach / t from the need's box scores below t (fit and factors are at most 1). Entries
      that could score t are read; when the limit-th best scores at least t, no other can enter the
      list; else t falls to that score (or half) and the nearer entries are read again. Everything in
      reach is read (t ≤ NEAR_EDGE), so answers in reach, coverage and „nur Angebote anderer Art“ are
      exact; an online offer of the asked kind is within reach everywhere: read wherever it is.
    - A gap's reasons name the nearest answer anywhere and whether the asked kind exists at all: for a
      gap the entries that could answer (asked kind, shared theme or none) are read everywhere, and as
      many of the asked kind as the need excludes, plus one.
    """
    if need.geometry is None:
        return match(load(None), need, limit)
    kinds = kinds_of("need", need.help_kinds, need.title, "", need.description).slugs
    fits = _fit_filter(need, kinds, _need_words(need))
    box = tuple(float(value) for value in need.geometry.bounds)
    online = KIND_BITS[ONLINE] if kinds else 0  # without an asked kind, an online offer has a reach
    threshold = FIRST_THRESHOLD
    while True:
        if threshold < LOWEST_THRESHOLD:
            near = fits
        else:
            factor = NEAR_EDGE / threshold
            near = replace(
                fits,
                near=box,
                within_km=factor * FARTHEST_FIXED_REACH_KM,
                radius_factor=factor,
                everywhere_all=online,
                everywhere_any=_bits(kinds, KIND_BITS),
            )
        filters = (near,)
        result = match(load(filters), need, limit)
        last = result.matches[-1].score - 0.0005 if len(result.matches) >= limit else 0.0
        if near.near is None or last >= threshold:
            break
        threshold = min(threshold / 2, last) if last > 0 else threshold / 2
    if result.gap:
        wanted = _bits(kinds, KIND_BITS)
        answering = replace(fits, kinds=wanted, themes_or_none=_bits(need.themes, THEME_BITS))
        filters = (*filters, answering)
        if wanted:
            filters = (*filters, CandidateFilter(kinds=wanted, first=len(need.excluded) + 1))
        result = match(load(filters), need, limit)
    return result


def _fit_filter(need: NeedProfile, kinds: tuple[str, ...], words: "_Words") -> CandidateFilter:
    """The entries that fit a need in some part (a fit above 0): every other entry scores 0."""
    bridges = {b for slug in kinds for b in HELP_KINDS[slug].bridged_by}
    group_bits = _bits(need.target_groups, GROUP_BITS)
    if need.target_groups:
        group_bits |= GROUP_BITS[ALL_GENERATIONS]
    terms = {
        *words.weights,
        *words.related,
        *(_group_terms(need.target_groups) if need.target_groups else ()),
    }
    return CandidateFilter(
        fit_kinds=_bits({*kinds, *bridges}, KIND_BITS),
        without_kinds=bool(kinds),
        fit_themes=_bits(need.themes, THEME_BITS),
        fit_groups=group_bits,
        any_groups=ALL_GENERATIONS in need.target_groups,
        fit_terms=tuple(sorted(terms)),
    )


def why_entry_fits(snapshot: CandidateSnapshot, need: NeedProfile, key: tuple[str, int]) -> Match | None:
    """How one indexed entry fits a need, with the reasons match() gives (kind of help, theme, target
    group, words, distance); None when the entry is not among the snapshot's candidates."""
    columns = snapshot.candidates
    rows = np.flatnonzero((columns.type == key[0]) & (columns.entry_id == key[1]))
    if not len(rows):
        return None
    kinds = kinds_of("need", need.help_kinds, need.title, "", need.description)
    words = _need_words(need)
    parts = _parts(snapshot, need, kinds.slugs, words)
    docnum = int(rows[0])
    score = float(parts.fit()[docnum] * parts.nearness[docnum])
    return _match(snapshot, docnum, score, need, kinds.slugs, parts, words, answers=False)


def _excluded(columns, excluded: frozenset[tuple[str, int]]) -> np.ndarray:
    mask = np.zeros(len(columns), dtype=bool)
    for kind in {kind for kind, _id in excluded}:
        ids = [entry_id for k, entry_id in excluded if k == kind]
        mask |= (columns.type == kind) & np.isin(columns.entry_id, ids)
    return mask


def _parts(snapshot: CandidateSnapshot, need: NeedProfile, kinds: tuple[str, ...], words: _Words) -> _Parts:
    columns = snapshot.candidates
    own = snapshot.text_scores(words.weights)
    related = snapshot.text_scores(dict.fromkeys(words.related, 1.0)) if words.related else own * 0
    # Related words alone never count as much as the need's own words: at most RELATED_WEIGHT.
    text = np.maximum(own / (own + TEXT_HALF), RELATED_WEIGHT * related / (related + TEXT_HALF))
    wanted = _bits(kinds, KIND_BITS)
    kind_match = (columns.kinds & np.uint32(wanted)) != 0
    unknown = columns.kinds == 0
    bridges = _bits({b for slug in kinds for b in HELP_KINDS[slug].bridged_by} - set(kinds), KIND_BITS)
    bridging = ~kind_match & ((columns.kinds & np.uint32(bridges)) != 0)
    kind = np.where(kind_match, 1.0, np.where(bridging, BRIDGE_KIND, np.where(unknown, UNKNOWN_KIND, 0.0)))
    reach = _reach(columns, kinds, kind_match, bridging)
    # Measured exactly where it decides something: within reach, and near the need for the ranking.
    distance = _distances_km(
        columns.lon, columns.lat, need.geometry, exact_within=np.clip(reach, EXACT_NEAR_KM, EXACT_KM)
    )
    # Nowhere to measure from: distance neither helps nor hurts.
    # Beyond its service radius, a Fahrdienst loses as a meeting place does beyond 10 km: a large radius
    # says how far it goes, not that distance no longer matters past it.
    comes = bridging | (kind_match & _comes_to_people(columns, kinds))
    decay = np.where(comes, np.minimum(reach, SERVICE_RADIUS_DEFAULT_KM), reach)
    nearness = np.full(len(distance), 0.5) if need.geometry is None else _nearness(distance, reach, decay)
    for_all = (columns.groups & np.uint32(GROUP_BITS[ALL_GENERATIONS])) != 0
    group = _group_share(columns.groups, need.target_groups, for_all)
    group_terms = _group_terms(need.target_groups)
    named = np.zeros(len(group), dtype=bool)
    if group_terms:  # the text says whom it is for, though no one ticked the group: half a match
        named = snapshot.text_scores(dict.fromkeys(group_terms, 1.0)) > 0
        group = np.maximum(group, np.where(named, TEXT_GROUP, 0.0))
    return _Parts(
        weights=weights_for(bool(kinds), bool(need.themes), bool(need.target_groups)),
        kind=kind,
        theme=_share(columns.themes, need.themes, THEME_BITS),
        group=group,
        group_in_text=named,
        for_all=for_all,
        text=text,
        kind_match=kind_match,
        bridging=bridging,
        distance=distance,
        reach=reach,
        nearness=nearness,
    )


def _reach(columns, kinds: tuple[str, ...], kind_match: np.ndarray, bridging: np.ndarray) -> np.ndarray:
    """How far each entry may be from the need: the farthest reach of the kinds it shares with the
    need; for one that brings people to the asked kind, its service radius; for an entry of another
    kind, the nearest reach the need asks for."""
    radius = np.where(columns.radius_km > 0, columns.radius_km, SERVICE_RADIUS_DEFAULT_KM).astype(np.float64)
    if not kinds:
        return np.maximum(radius, DEFAULT_REACH_KM)
    shared = np.zeros(len(radius))
    asked = []
    for slug in kinds:
        fixed = HELP_KINDS[slug].reach_km
        value = radius if fixed is None else np.full(len(radius), fixed)
        asked.append(SERVICE_RADIUS_DEFAULT_KM if fixed is None else fixed)
        has = (columns.kinds & np.uint32(KIND_BITS[slug])) != 0
        shared = np.where(has, np.maximum(shared, value), shared)
    online = (columns.kinds & np.uint32(KIND_BITS[ONLINE])) != 0
    shared = np.where(online & kind_match, math.inf, shared)
    return np.where(kind_match, shared, np.where(bridging, radius, min(asked)))


def _comes_to_people(columns, kinds: tuple[str, ...]) -> np.ndarray:
    """Entries whose reach is their service radius: they offer an asked kind that comes to people."""
    coming = _bits([slug for slug in kinds if HELP_KINDS[slug].reach_km is None], KIND_BITS)
    return (columns.kinds & np.uint32(coming)) != 0


def _nearness(distance: np.ndarray, reach: np.ndarray, decay: np.ndarray) -> np.ndarray:
    """1 in the area, linearly down to NEAR_EDGE at the edge of reach, then NEAR_EDGE · L / (L + d − reach):
    with L = reach that is NEAR_EDGE · reach / d (score.py); `decay` is L."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = 1 - (1 - NEAR_EDGE) * np.where(np.isinf(reach), 0.0, distance / reach)
        beyond = NEAR_EDGE * (decay / np.maximum(decay + distance - reach, 1e-9)) ** BEYOND_REACH_DECAY
    return np.where(distance <= reach, inside, beyond)


def _without_the_ask(
    snapshot: CandidateSnapshot, need: NeedProfile, words: _Words, kinds: tuple[str, ...]
) -> np.ndarray:
    """Entries without the very offer the need's title names, when it names a particular one: for „Ein
    Chor in Gnoien“, a Dorfverein with the theme Kultur is no choir. The offer: a word of the title that
    the lexicon lists for the asked kind of help ([arten]: „Chor“ for Freizeit, „Laden“ for
    Versorgung), other than the kind's own name („Treffpunkt“), distinctive in the registry
    (score.DISTINCTIVE_SHARE) and found in some entry – a word no entry has distinguishes none. Only
    for help people go to: in „Zum Arzt nach Güstrow“ a Fahrdienst is asked, the doctor is where to."""
    none = np.zeros(len(snapshot.candidates), dtype=bool)
    if not kinds or any(HELP_KINDS[slug].reach_km is None for slug in kinds):
        return none
    offers = set().union(*(kind_terms().get(slug, frozenset()) for slug in kinds))
    named = {stem(fold(str(label).lower())) for label in [*kinds, *map(help_kind_label, kinds)]}
    asked = [
        term
        for term in sorted((words.title & offers) - named)
        if snapshot.document_frequency(term)[0] > 0 and _distinctive(snapshot, term)
    ]
    if not asked:
        return none
    return snapshot.text_scores(dict.fromkeys(asked, 1.0)) <= 0


def _for_other_people(columns, parts: _Parts, need: NeedProfile) -> np.ndarray:
    """Entries for other people than the need's: a youth club for a need of older people. Only when
    both sides name whom they are for (not everyone), and the entry's text does not name the need's."""
    if not need.target_groups or ALL_GENERATIONS in need.target_groups:
        return np.zeros(len(parts.group), dtype=bool)
    tagged = (columns.groups != 0) & ~parts.for_all
    return tagged & (parts.group == 0) & ~parts.group_in_text


def _answers(columns, parts: _Parts, need: NeedProfile, kinds: tuple[str, ...]) -> np.ndarray:
    """Who answers the need wherever they are: the asked kind, for the asked people, on its subject
    (a shared theme; for an entry without themes, its text), and fitting well as a whole."""
    everyone = np.ones(len(parts.kind), dtype=bool)
    kind_ok = parts.kind_match if kinds else everyone
    if need.target_groups:
        # For the asked people: most of them by its target groups, or everyone („alle Generationen“) –
        # a youth club is no meeting place for all generations – or, untagged, by its own words.
        named = _share(columns.groups, need.target_groups, GROUP_BITS) >= ANSWER_GROUP
        group_ok = named | parts.for_all | parts.group_in_text | (parts.text >= ANSWER_OWN_TEXT)
    else:
        group_ok = everyone
    untagged = columns.themes == 0
    if need.themes:
        topic_ok = (parts.theme > 0) | (untagged & (parts.text >= ANSWER_TEXT))
    else:
        topic_ok = everyone if kinds else parts.text >= ANSWER_TEXT  # the kind says what it is about
    return kind_ok & group_ok & topic_ok & (parts.fit() >= ANSWER_FIT)


def _decide_gap(
    result: MatchResult,
    snapshot,
    need: NeedProfile,
    kinds: tuple[str, ...],
    parts: _Parts,
    eligible: np.ndarray,
    answering: np.ndarray,
    in_reach: np.ndarray,
) -> None:
    """A gap when nothing answers the need within reach; for a whole region, when fewer than
    COVERAGE_NEEDED of its Gemeinden reach an answer. The reasons say why."""
    kind_names = " / ".join(help_kind_label(slug) for slug in kinds) or _("jeder Art")
    if need.settlements:
        covered, uncovered = _coverage(snapshot.candidates, need.settlements, answering, parts.reach)
        total = len(need.settlements)
        result.coverage, result.uncovered = (covered, total), uncovered
        if covered < COVERAGE_NEEDED * total:
            result.gap = True
            result.reasons.append(
                _(
                    "nur %(covered)s von %(total)s Gemeinden erreichen ein Angebot (%(kinds)s) in Reichweite",
                    covered=covered,
                    total=total,
                    kinds=kind_names,
                )
            )
    elif need.geometry is None:
        result.gap = not answering.any()
    else:
        result.gap = not in_reach.any()
    if not result.gap or (need.settlements and answering.any()):
        return
    if not result.reasons:
        farther = np.flatnonzero(answering)
        nearest = farther[np.argmin(parts.distance[farther])] if len(farther) else None
        if nearest is not None and parts.distance[nearest] > NEAREST_NAMED_KM:
            result.reasons.append(
                _(
                    "kein Angebot dieser Art (%(kinds)s) näher als %(km)s km",
                    kinds=kind_names,
                    km=int(NEAREST_NAMED_KM),
                )
            )
        elif nearest is not None:
            stored = snapshot.entry(int(nearest))
            result.reasons.append(
                _(
                    "kein Angebot dieser Art (%(kinds)s) in Reichweite; das nächste: %(name)s, %(km)s km",
                    kinds=kind_names,
                    name=stored.name,
                    km=_km(_exact_km(snapshot, need, int(nearest), parts)),
                )
            )
        elif kinds and (eligible & parts.kind_match).any():
            result.reasons.append(
                _(
                    "Angebote dieser Art (%(kinds)s) gibt es, aber nicht für diese "
                    "Zielgruppe oder dieses Thema",
                    kinds=kind_names,
                )
            )
        elif kinds:
            result.reasons.append(_("kein Angebot dieser Art (%(kinds)s) im Register", kinds=kind_names))
        else:
            result.reasons.append(_("kein passendes Angebot im Register"))
    nearby_other = eligible & ~answering & (parts.distance <= parts.reach) & (parts.theme > 0)
    if nearby_other.any():
        result.reasons.append(_("in der Nähe nur Angebote anderer Art zum selben Thema"))


def _coverage(
    columns, settlements: list[Settlement], answering: np.ndarray, reach: np.ndarray
) -> tuple[int, list[str]]:
    """How many settlements have an answering entry within reach, and the names of those without."""
    docs = np.flatnonzero(answering)
    lon, lat, entry_reach = columns.lon[docs], columns.lat[docs], reach[docs]
    covered, uncovered = 0, []
    for place in settlements:
        if len(docs) and (local_distances_m(lon, lat, place.lon, place.lat) / 1000 <= entry_reach).any():
            covered += 1
        else:
            uncovered.append(place.name)
    return covered, uncovered


def _share(bits: np.ndarray, slugs: list[str], table: dict[str, int]) -> np.ndarray:
    if not slugs:
        return np.zeros(len(bits))
    return np.bitwise_count(bits & np.uint32(_bits(slugs, table))).astype(np.float64) / len(slugs)


def _bits(slugs, table: dict[str, int]) -> int:
    value = 0
    for slug in slugs:
        value |= table[slug]
    return value


def _group_terms(slugs: list[str]) -> list[str]:
    """The index terms of the words that name the need's target groups (lexicon [zielgruppen])."""
    words = dict(lexicon().group_words)
    return sorted(
        {stem(fold(word.lower())) for slug in slugs for word in words.get(slug, ()) if " " not in word}
    )


def _group_share(bits: np.ndarray, slugs: list[str], entry_for_all: np.ndarray) -> np.ndarray:
    share = _share(bits, slugs, GROUP_BITS)
    if not slugs:
        return share
    if ALL_GENERATIONS in slugs:
        return np.maximum(share, np.where(bits != 0, 0.5, 0.0))
    return np.maximum(share, np.where(entry_for_all, 0.5, 0.0))


def _need_words(need: NeedProfile) -> _Words:
    """The need's index terms (without filler), the related terms of their concepts, and each term's word."""
    ignored = need_stop_words() | lexicon().need_fillers | need.place_words
    surface, whole, weights, title = {}, set(), {}, set()
    for text, weight in ((need.title, 1.0), (need.description, DESCRIPTION_WEIGHT)):
        for word in (text or "").split():
            clean = word.strip(PUNCTUATION)
            for part in clean.split("-"):
                if len(part) < 3 or part.lower() in ignored:
                    continue
                whole.add(stem(fold(part.lower())))
                if weight == 1.0:
                    title.add(stem(fold(part.lower())))
                for term in terms(part):
                    surface.setdefault(term, part)
                    weights.setdefault(term, weight)
    own = list(surface)
    # Related words come from whole words only: „Gesangverein“ is no word about sport for its „Verein“.
    return _Words(
        own=own, related=related_terms(whole & set(own)), surface=surface, weights=weights, title=title
    )


def _distances_km(
    lon: np.ndarray,
    lat: np.ndarray,
    geometry: BaseGeometry | None,
    exact: bool = False,
    exact_within: np.ndarray | float = EXACT_NEAR_KM,
) -> np.ndarray:
    """Distance from each point to the need's point or area (0 inside the area); farther than
    `exact_within` from the area's bounding box only a lower bound, unless `exact`."""
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
    # The distance to the area's bounding box is a lower bound, exact enough far away; only
    # entries near the area are measured exactly (creating 100 000 points alone takes 130 ms).
    min_x, min_y, max_x, max_y = projected.bounds
    distance = np.hypot(
        np.maximum(np.maximum(min_x - x, 0), x - max_x), np.maximum(np.maximum(min_y - y, 0), y - max_y)
    )
    near = np.arange(len(distance)) if exact else np.flatnonzero(distance <= exact_within)
    shapely.prepare(projected)
    inside = shapely.contains_xy(projected, x[near], y[near])
    outside = near[~inside]
    distance[near[inside]] = 0.0
    with _without_collection():
        distance[outside] = shapely.distance(shapely.points(x[outside], y[outside]), projected)
    return distance


@contextmanager
def _without_collection():
    """Shapely makes a Python object per point, tens of thousands for a need near a dense region.
    They hold no cycles and die with the call, but their number set off the cyclic garbage
    collector's full pass over every object of the worker (~160 ms at 100 000 entries, every
    second need); freed by their reference counts, they need no collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _exact_km(snapshot, need: NeedProfile, docnum: int, parts: _Parts) -> float:
    km = float(parts.distance[docnum])
    if km > EXACT_KM and need.geometry is not None and need.geometry.geom_type != "Point":
        one = slice(docnum, docnum + 1)
        columns = snapshot.candidates
        km = float(_distances_km(columns.lon[one], columns.lat[one], need.geometry, exact=True)[0])
    return round(km, 1)


def _top(score: np.ndarray, limit: int, columns, distance: np.ndarray) -> np.ndarray:
    """The rows of the `limit` best scores; among equal scores the nearer first, then by type and id
    (whichever engine, whichever rows it read: the same list)."""
    if limit <= 0:
        return np.zeros(0, dtype=np.int64)
    if limit < len(score):
        last = np.partition(-score, limit - 1)[limit - 1]  # the limit-th best, negated
        rows = np.flatnonzero(-score <= last)  # and every row tied with it
    else:
        rows = np.arange(len(score))
    order = np.lexsort((columns.entry_id[rows], columns.type[rows], distance[rows], -score[rows]))
    return rows[order][:limit]


def _match(
    snapshot: CandidateSnapshot,
    docnum: int,
    total: float,
    need: NeedProfile,
    kinds: tuple[str, ...],
    parts: _Parts,
    words: _Words,
    answers: bool,
) -> Match:
    stored = snapshot.entry(docnum)
    kind, entry_id = stored.type, stored.entry_id
    columns = snapshot.candidates
    reasons = _kind_reasons(
        int(columns.kinds[docnum]), kinds, stored.help_kinds_suggested, bool(parts.bridging[docnum])
    )
    shared_themes = [slug for slug in need.themes if int(columns.themes[docnum]) & THEME_BITS[slug]]
    if shared_themes:
        themes = ", ".join(theme_label(s) for s in shared_themes)
        reasons.append(_("gleiches Thema: %(themes)s", themes=themes))
    shared = [slug for slug in need.target_groups if int(columns.groups[docnum]) & GROUP_BITS[slug]]
    if shared:
        reasons.append(
            _("gleiche Zielgruppe: %(groups)s", groups=", ".join(target_group_label(s) for s in shared))
        )
    found = _matched_words(snapshot, stored, words, shared_themes)
    if found:
        reasons.append(_("Text passt: %(words)s", words=", ".join(found)))
    km = None if need.geometry is None else _exact_km(snapshot, need, docnum, parts)
    reach = float(parts.reach[docnum])
    within = km is not None and km <= reach
    if km is not None:
        radius = float(columns.radius_km[docnum])
        reasons.append(_distance_reason(km, reach, radius, kinds, bool(parts.kind_match[docnum])))
    return Match(
        type=kind,
        id=int(entry_id),
        name=stored.name,
        score=round(total, 3),
        distance_km=km,
        parts=parts.values(docnum),
        reasons=reasons,
        answers=answers,
        within_reach=within,
        band=band(total),
    )


def _kind_reasons(entry_bits: int, kinds: tuple[str, ...], suggested: bool, bridging: bool) -> list[str]:
    if not kinds:
        return []
    offered = [slug for slug, bit in KIND_BITS.items() if entry_bits & bit]
    shared = [slug for slug in kinds if slug in offered]
    guessed = " (" + _("aus dem Text erkannt") + ")" if suggested else ""
    if shared:
        labels = ", ".join(map(help_kind_label, shared))
        return [_("gleiche Art der Hilfe: %(kinds)s", kinds=labels) + guessed]
    if bridging:
        bridge = [slug for slug in offered if any(slug in HELP_KINDS[k].bridged_by for k in kinds)]
        return [
            _(
                "bringt Menschen hin (%(offered)s): ein Teil der Hilfe (%(kinds)s)",
                offered=", ".join(map(help_kind_label, bridge)),
                kinds=", ".join(map(help_kind_label, kinds)),
            )
            + guessed
        ]
    if not offered:
        return [_("Art der Hilfe unbekannt")]
    return [_("andere Art der Hilfe: %(kinds)s", kinds=", ".join(map(help_kind_label, offered))) + guessed]


def _distance_reason(km: float, reach: float, radius: float, kinds: tuple[str, ...], kind_match: bool) -> str:
    if km == 0:
        return _("im Gebiet des Bedarfs")
    if math.isinf(reach):
        return _("%(km)s km entfernt, online erreichbar", km=_km(km))
    comes = kind_match and any(HELP_KINDS[slug].reach_km is None for slug in kinds) and radius > 0
    if km <= reach:
        if comes:
            return _(
                "%(km)s km entfernt, aktiv im Umkreis von %(radius)s km – in Reichweite",
                km=_km(km),
                radius=_km(radius),
            )
        return _("%(km)s km entfernt – in Reichweite (bis %(reach)s km)", km=_km(km), reach=_km(reach))
    if comes:
        return _(
            "%(km)s km entfernt, aktiv nur im Umkreis von %(radius)s km – außer Reichweite",
            km=_km(km),
            radius=_km(radius),
        )
    return _("%(km)s km entfernt – außer Reichweite (bis %(reach)s km)", km=_km(km), reach=_km(reach))


def _matched_words(snapshot, stored, words: _Words, shared_themes: list[str]) -> list[str]:
    """The need's distinctive words found in the entry, and related words („Bus ~ Mobilität“): never a
    word most entries have, a word already said by a shared theme, or a word paired with itself."""
    entry_terms = set(terms(" ".join((stored.name, stored.summary, stored.body))))
    said = {stem(fold(theme_label(slug).lower())) for slug in shared_themes}
    found: dict[str, str] = {}
    for term in words.own:
        if term in entry_terms and term not in said and _distinctive(snapshot, term):
            found.setdefault(words.surface[term].casefold(), words.surface[term])
    concepts = {words.related[term] for term in entry_terms if term in words.related}
    for concept in sorted(concepts - set(shared_themes)):
        anchor = next((words.surface[t] for t in words.own if t in concept_terms()[concept]), None)
        label = theme_label(concept)
        if anchor and stem(fold(anchor.lower())) != stem(fold(label.lower())):
            found.setdefault(f"{anchor} ~ {label}".casefold(), f"{anchor} ~ {label}")
    return list(found.values())[:MAX_REASON_WORDS]


def _distinctive(snapshot, term: str) -> bool:
    """Whether few entries have the word: at most DISTINCTIVE_SHARE of them (or two, in a small registry)."""
    found, total = snapshot.document_frequency(term)
    return found <= max(DISTINCTIVE_MIN, DISTINCTIVE_SHARE * total)


def _km(value: float) -> str:
    """A number of kilometres for the reasons' „%(km)s km“, in the interface language's format."""
    return format_km(value).removesuffix(" km")
