"""Home page: what the registry is, how to take part, conferences."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from ..conferences.services import recent_conferences, upcoming_conferences
from ..extensions import db
from ..places.services import list_kommunen
from ..registry.models import Initiative, MeetingPlace, ModerationStatus
from ..timeutil import utcnow

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    """The front page."""
    today = utcnow().date()
    return render_template(
        "pages/home.html",
        upcoming=upcoming_conferences(today),
        recent=recent_conferences(today),
        kommunen=list_kommunen(),
        counts=_public_counts(),
    )


def _public_counts() -> dict:
    counts = {}
    for key, model in (("initiatives", Initiative), ("places", MeetingPlace)):
        query = select(func.count()).where(model.status == ModerationStatus.APPROVED.value)
        counts[key] = db.session.scalar(query.select_from(model))
    return counts
