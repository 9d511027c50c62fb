"""Public lists and detail pages of initiatives and meeting places."""

from flask import Blueprint, render_template, request

from ..conferences.services import conferences_at_venue
from ..list_views import render_list
from ..listing import parse_list_filters
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
    return render_template("registry/detail.html", entry=get_public_listing(Initiative, entry_id))


@bp.get("/orte")
def places():
    """All published meeting places, filterable and paginated."""
    return _list(MeetingPlace, "registry.places")


@bp.get("/orte/<int:entry_id>")
def place(entry_id: int):
    """One published meeting place, with the conferences held there."""
    entry = get_public_listing(MeetingPlace, entry_id)
    return render_template("registry/detail.html", entry=entry, conferences=conferences_at_venue(entry.id))


def _list(model, endpoint: str):
    filters = parse_list_filters(request.args)
    page = list_public_listings(model, filters)
    return render_list("registry/list.html", page, filters, endpoint, is_places=model is MeetingPlace)
