"""Public pages of Kommunen with their regions and project phases."""

from flask import Blueprint, render_template

from .services import get_kommune

bp = Blueprint("places", __name__)


@bp.get("/kommunen/<slug>/luecken")
def gaps(slug: str):
    """Needs of a Kommune with their best candidates; gaps (no one addresses them yet) first."""
    from ..matching.overview import gap_overview

    kommune = get_kommune(slug)
    results, page_map = gap_overview(slug)
    return render_template("places/gaps.html", kommune=kommune, results=results, page_map=page_map)


@bp.get("/kommunen/<slug>")
def kommune(slug: str):
    """A Kommune: description, regions, project phases."""
    return render_template("places/kommune.html", kommune=get_kommune(slug))
