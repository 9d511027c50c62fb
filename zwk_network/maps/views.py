"""The public map page."""

from flask import Blueprint, render_template, request

from ..search.services import hit_url
from .public import public_map_page

bp = Blueprint("maps", __name__)


@bp.get("/karte")
def public_map():
    """Initiatives, meeting places and needs on a map, filtered like the search; a list without JS."""
    page = public_map_page(request.args)
    html = render_template("maps/public.html", page=page, page_map=page.map, hit_url=hit_url)
    return html, 400 if page.problems else 200
