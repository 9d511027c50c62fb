"""Matching as the pages and the API use it: a need in, ranked candidates with reasons out."""

from flask import url_for
from shapely.ops import unary_union
from sqlalchemy import select

from ..extensions import db
from ..geo.geojson import to_geometry
from ..needs.models import Need, NeedStatus
from ..needs.services import get_need
from ..places.services import get_kommune
from ..search.engine import search_backend
from .engine import MatchResult, NeedProfile, match

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
    need = get_need(need_id)
    return need, match(search_backend().scoring_snapshot(), need_profile(need), limit)


def gaps_of_kommune(slug: str) -> list[tuple[Need, MatchResult]]:
    """Every need of a Kommune that is not done, with its best candidates; gaps first."""
    kommune = get_kommune(slug)
    snapshot = search_backend().scoring_snapshot()
    needs = db.session.scalars(
        select(Need)
        .where(Need.kommune_id == kommune.id, Need.status != NeedStatus.DONE.value)
        .order_by(Need.title)
    )
    results = [(need, match(snapshot, need_profile(need), limit=3)) for need in needs]
    return sorted(results, key=lambda pair: (not pair[1].gap, pair[1].best_score))
