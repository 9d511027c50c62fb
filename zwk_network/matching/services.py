"""Matching as the pages and the API use it: a need in, ranked candidates with reasons out."""

from sqlalchemy import select

from ..entries import entry_url
from ..extensions import db
from ..geo.geojson import point_coordinates, to_geometry
from ..municipalities.gazetteer import place_names_in
from ..municipalities.models import GazetteerPlace
from ..municipalities.services import get_kommune
from ..needs.location import KOMMUNE, REGION, need_location
from ..needs.models import Need, NeedStatus
from ..needs.services import get_need
from ..network.models import Connection, ConnectionStatus
from ..search.engine import search_backend
from .ranking import MATCHED_TYPES, MatchResult, NeedProfile, Settlement, match, match_nearby

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
#: The gazetteer kinds that count as a region's Gemeinden (Ortsteile would weigh a Gemeinde by its villages).
SETTLEMENT_KINDS = ("Stadt", "Gemeinde")


def need_profile(need: Need, excluded: frozenset[tuple[str, int]] = frozenset()) -> NeedProfile:
    """A need as matching sees it, where needs/location.py says it is; without an area of its own it
    stands for its region or Kommune, whose Gemeinden (the gazetteer's Städte and Gemeinden there)
    measure how far it is covered."""
    location = need_location(need)
    settlements = []
    if location.basis == REGION:
        settlements = _settlements(GazetteerPlace.region_id == need.region_id)
    elif location.basis == KOMMUNE:
        settlements = _settlements(GazetteerPlace.kommune_id == need.kommune_id)
    return NeedProfile(
        title=need.title,
        description=need.description or "",
        themes=need.theme_slugs,
        target_groups=need.target_group_slugs,
        geometry=location.geometry,
        help_kinds=need.help_kind_slugs,
        settlements=settlements,
        excluded=excluded,
        place_words=place_names_in(f"{need.title} {need.description or ''}"),
    )


def _settlements(where) -> list[Settlement]:
    query = (
        select(GazetteerPlace.name, GazetteerPlace.location)
        .where(where, GazetteerPlace.kind.in_(SETTLEMENT_KINDS))
        .order_by(GazetteerPlace.name)
    )
    return [
        Settlement(name, *point_coordinates(to_geometry(location)))
        for name, location in db.session.execute(query)
    ]


def match_url(match: dict) -> str:
    return entry_url(match["type"], match["id"])


def candidate_snapshot():
    """Matching's candidates as the index holds them now: one snapshot serves many needs."""
    return search_backend().candidates(MATCHED_TYPES)


def load_candidates(filters):
    """The candidates for filters (ranking.match_nearby): only those an engine reads for them, or all."""
    backend = search_backend()
    return (
        backend.candidates(MATCHED_TYPES)
        if filters is None
        else backend.candidates_for(MATCHED_TYPES, filters)
    )


def matches_for_need(need_id: int, limit: int = DEFAULT_LIMIT) -> tuple[Need, MatchResult]:
    """Who could help with a need; never an entry a planner ruled out for it. Only the entries that
    can change its answer are read (ranking.match_nearby): the same answer as match_need()'s."""
    need = get_need(need_id)
    return need, match_nearby(load_candidates, need_profile(need, dismissed_for(need.id)), limit)


def match_need(snapshot, need: Need, limit: int = DEFAULT_LIMIT) -> MatchResult:
    """The one way every page, the API and the reports match a need: dismissed entries are neither
    candidates nor answers (a need whose only answers were dismissed is a gap)."""
    return match(snapshot, need_profile(need, dismissed_for(need.id)), limit)


def dismissed_for(need_id: int) -> frozenset[tuple[str, int]]:
    rows = db.session.execute(
        select(Connection.entry_type, Connection.entry_id).where(
            Connection.need_id == need_id,
            Connection.status == ConnectionStatus.DISMISSED.value,
            Connection.entry_id.is_not(None),
        )
    )
    return frozenset((kind, entry_id) for kind, entry_id in rows)


def gaps_of_kommune(slug: str) -> list[tuple[Need, MatchResult]]:
    """Every need of a Kommune that is not done, with its best candidates; gaps first."""
    kommune = get_kommune(slug)
    snapshot = candidate_snapshot()
    needs = db.session.scalars(
        select(Need)
        .where(Need.kommune_id == kommune.id, Need.status != NeedStatus.DONE.value)
        .order_by(Need.title)
    )
    results = [(need, match_need(snapshot, need, limit=3)) for need in needs]
    return sorted(results, key=lambda pair: (not pair[1].gap, pair[1].best_score))
