"""Matching as the pages and the API use it: a need in, ranked candidates with reasons out."""

from flask import url_for
from shapely.ops import unary_union
from sqlalchemy import select

from ..extensions import db
from ..geo.geojson import to_geometry
from ..needs.models import Need, NeedStatus
from ..needs.services import get_need
from ..network.models import Connection, ConnectionStatus
from ..places.services import get_kommune
from ..search.engine import search_backend
from .engine import MatchResult, NeedProfile, match
from .score import GAP_THRESHOLD

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


def need_profile(need: Need) -> NeedProfile:
    """A need as matching sees it; without an area of its own it stands for its region or Kommune."""
    if need.area is not None:
        geometry = to_geometry(need.area)
    elif need.region is not None and need.region.boundary is not None:
        geometry = to_geometry(need.region.boundary)
    else:
        boundaries = [
            to_geometry(region.boundary) for region in need.kommune.regions if region.boundary is not None
        ]
        geometry = unary_union(boundaries) if boundaries else None
    return NeedProfile(title=need.title, description=need.description or "", themes=need.theme_slugs,
                       target_groups=need.target_group_slugs, geometry=geometry)  # fmt: skip


def match_url(match: dict) -> str:
    endpoint = "registry.place" if match["type"] == "place" else "registry.initiative"
    return url_for(endpoint, entry_id=match["id"])


def matches_for_need(need_id: int, limit: int = DEFAULT_LIMIT) -> tuple[Need, MatchResult]:
    """Who could help with a need; never an entry a planner ruled out for it."""
    need = get_need(need_id)
    return need, _match_without_dismissed(search_backend().scoring_snapshot(), need, limit)


def _match_without_dismissed(snapshot, need: Need, limit: int) -> MatchResult:
    """The matches less those dismissed for the need; a need whose only answers were dismissed is a gap."""
    ruled_out = set(db.session.execute(
        select(Connection.entry_type, Connection.entry_id)
        .where(Connection.need_id == need.id, Connection.status == ConnectionStatus.DISMISSED.value)
    ).all())  # fmt: skip
    result = match(snapshot, need_profile(need), limit + len(ruled_out))
    if ruled_out:
        result.matches = [m for m in result.matches if (m.type, m.id) not in ruled_out]
        result.best_score = max((m.score for m in result.matches), default=0.0)
        result.gap = result.gap or result.best_score < GAP_THRESHOLD
    result.matches = result.matches[:limit]
    return result


def gaps_of_kommune(slug: str) -> list[tuple[Need, MatchResult]]:
    """Every need of a Kommune that is not done, with its best candidates; gaps first."""
    kommune = get_kommune(slug)
    snapshot = search_backend().scoring_snapshot()
    needs = db.session.scalars(
        select(Need)
        .where(Need.kommune_id == kommune.id, Need.status != NeedStatus.DONE.value)
        .order_by(Need.title)
    )
    results = [(need, _match_without_dismissed(snapshot, need, limit=3)) for need in needs]
    return sorted(results, key=lambda pair: (not pair[1].gap, pair[1].best_score))
