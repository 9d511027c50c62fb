"""The staff start page (Übersicht): where sign-in lands, with the day's work one click away."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..timeutil import local_today
from .services import SHOWN, start_page_for

bp = Blueprint("staff", __name__, url_prefix="/intern")


@bp.get("/")
@login_required
def home():
    """What waits in the planner's Kommunen: reviews, changes, stale entries, open needs, conferences."""
    return render_template("staff/home.html", start=start_page_for(current_user, local_today()), shown=SHOWN)
