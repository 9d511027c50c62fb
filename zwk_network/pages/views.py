"""Home page: what the registry is, how to take part, conferences."""

from flask import Blueprint, render_template

from ..conferences.services import recent_conferences, upcoming_conferences
from ..municipalities.services import list_kommunen
from ..registry.services import count_public_listings
from ..timeutil import local_today

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    """The front page."""
    today = local_today()
    return render_template(
        "pages/home.html",
        upcoming=upcoming_conferences(today),
        recent=recent_conferences(today),
        kommunen=list_kommunen(),
        counts=count_public_listings(),
    )
