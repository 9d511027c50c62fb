"""Public pages of Kommunen with their regions and project phases."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..taxonomy import TARGET_GROUPS
from .services import get_kommune

bp = Blueprint("municipalities", __name__)


@bp.get("/kommunen/<slug>/luecken")
def gaps(slug: str):
    """Needs of a Kommune with their best candidates; gaps (no one addresses them yet) first; per target
    group, or for one (?zielgruppe=…)."""
    from ..matching.overview import gap_overview

    kommune = get_kommune(slug)
    wanted = request.args.get("zielgruppe") or None
    problem = None
    if wanted is not None and wanted not in TARGET_GROUPS:
        problem, wanted = _("Diese Zielgruppe gibt es nicht. Es werden alle Bedarfe gezeigt."), None
    results, groups, page_map = gap_overview(slug, wanted)
    page = render_template(
        "municipalities/gaps.html",
        kommune=kommune,
        results=results,
        page_map=page_map,
        groups=groups,
        target_group=wanted,
        problem=problem,
    )
    return page, 400 if problem else 200


@bp.get("/kommunen/<slug>")
def kommune(slug: str):
    """A Kommune: description, regions, project phases."""
    return render_template("municipalities/kommune.html", kommune=get_kommune(slug))
