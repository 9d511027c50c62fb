"""Public list and detail pages of conferences."""

from flask import Blueprint, render_template, request

from ..list_views import render_list
from ..listing import parse_list_filters
from ..maps.detail import detail_map
from ..needs.services import needs_of_conference
from .services import get_conference, list_conferences

bp = Blueprint("conferences", __name__)


@bp.get("/konferenzen")
def conferences():
    """All conferences, filterable by Kommune and region."""
    filters = parse_list_filters(request.args)
    return render_list("conferences/list.html", list_conferences(filters), filters, "conferences.conferences")


@bp.get("/konferenzen/<int:conference_id>")
def conference(conference_id: int):
    """One conference with its venue, time and needs."""
    conference = get_conference(conference_id)
    return render_template(
        "conferences/detail.html",
        conference=conference,
        needs=needs_of_conference(conference.id),
        page_map=detail_map(conference),
    )
