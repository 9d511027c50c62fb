"""The search page: one box, filters and facets, all state in the query string."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..maps.picker import location_picker
from ..municipalities.services import list_kommunen, list_regions
from .limits import limit_text_searches
from .services import RADIUS_CHOICES_KM, hit_url, search_page_or_problems

bp = Blueprint("search", __name__)


@bp.get("/suche")
@limit_text_searches
def search():
    """Search everything public; works without JavaScript. Unusable parameters keep the form."""
    page, problems = search_page_or_problems(request.args)
    picker = location_picker("s-point", _("Karte: Mittelpunkt der Umkreissuche wählen"))
    html = render_template(
        "search/results.html",
        page=page,
        filters=page.filters,
        radius_choices=RADIUS_CHOICES_KM,
        problems=problems,
        hit_url=hit_url,
        kommunen=list_kommunen(),
        regions=list_regions(page.filters.kommune),
        picker=picker,
        page_map=picker.map,
    )
    return html, 400 if problems else 200
