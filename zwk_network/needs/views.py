"""Public list and detail pages of needs."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from ..forms import ActionForm
from ..list_views import render_list
from ..listing import parse_list_filters
from ..maps.detail import detail_map
from ..matching.kinds import suggested_for_viewer
from ..matching.services import matches_for_need
from ..participation.services import SUPPORT_COOKIE, origins_of_need, supported_by
from .services import list_needs

CANDIDATES_ON_PAGE = 5

bp = Blueprint("needs", __name__)


@bp.get("/bedarfe")
def needs():
    """All needs from the conferences, filterable and paginated."""
    filters = parse_list_filters(request.args)
    return render_list("needs/list.html", list_needs(filters), filters, "needs.needs")


@bp.get("/bedarfe/<int:need_id>")
def need(need_id: int):
    """One need."""
    need, result = matches_for_need(need_id, limit=CANDIDATES_ON_PAGE)
    return render_template(
        "needs/detail.html",
        need=need,
        result=result,
        page_map=detail_map(need),
        suggested_kinds=suggested_for_viewer(current_user, "need", need),
        origins=origins_of_need(need),
        supported=bool(supported_by("need", [need.id], request.cookies.get(SUPPORT_COOKIE))),
        support_form=ActionForm(),
    )
