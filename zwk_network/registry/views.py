"""Public lists and detail pages of initiatives and meeting places."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from ..conferences.services import conferences_at_venue
from ..entries import kind_of
from ..list_views import render_list
from ..listing import parse_list_filters
from ..maps.detail import detail_map
from ..matching.kinds import suggested_for_viewer
from ..network.services import needs_of_entry
from .models import Initiative, MeetingPlace
from .services import get_public_listing, list_public_listings

bp = Blueprint("registry", __name__)


@bp.get("/initiativen")
def initiatives():
    """All published initiatives, filterable and paginated."""
    return _list(Initiative, "registry.initiatives")


@bp.get("/initiativen/<int:entry_id>")
def initiative(entry_id: int):
    """One published initiative."""
    entry = get_public_listing(Initiative, entry_id)
    return render_template(
        "registry/detail.html",
        entry=entry,
        page_map=detail_map(entry),
        connections=_connections_for_staff("initiative", entry),
        suggested_kinds=suggested_for_viewer(current_user, "initiative", entry),
    )


@bp.get("/orte")
def places():
    """All published meeting places, filterable and paginated."""
    return _list(MeetingPlace, "registry.places")


@bp.get("/orte/<int:entry_id>")
def place(entry_id: int):
    """One published meeting place, with the conferences held there."""
    entry = get_public_listing(MeetingPlace, entry_id)
    conferences = conferences_at_venue(entry.id)
    page_map = detail_map(entry)
    return render_template(
        "registry/detail.html",
        entry=entry,
        conferences=conferences,
        page_map=page_map,
        connections=_connections_for_staff("place", entry),
        suggested_kinds=suggested_for_viewer(current_user, "place", entry),
    )


def _connections_for_staff(kind: str, entry) -> list:
    """For signed-in planners: the needs this entry is connected to (in their Kommunen)."""
    if not current_user.is_authenticated:
        return []
    allowed = current_user.kommune_ids()
    return [c for c in needs_of_entry(kind, entry.id) if allowed is None or c.need.kommune_id in allowed]


def _list(model, endpoint: str):
    filters = parse_list_filters(request.args)
    page = list_public_listings(model, filters)
    return render_list(
        "registry/list.html",
        page,
        filters,
        endpoint,
        is_places=model is MeetingPlace,
        entry_type=kind_of(model),
    )
