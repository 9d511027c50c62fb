"""Public pages of Kommunen with their regions and project phases."""

from flask import Blueprint, render_template

from .services import get_kommune

bp = Blueprint("places", __name__)


@bp.get("/kommunen/<slug>")
def kommune(slug: str):
    """A Kommune: description, regions, project phases."""
    return render_template("places/kommune.html", kommune=get_kommune(slug))
