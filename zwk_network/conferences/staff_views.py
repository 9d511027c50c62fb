"""Planners create and edit conferences (the page, the calendar and the registration follow)."""

import re

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.services import kommunen_of, require_scope
from ..extensions import db
from ..forms import select_choices
from ..places.locator import Locator
from ..places.models import Kommune
from .forms import ConferenceForm
from .models import Conference
from .services import get_conference, place_conference

bp = Blueprint("conference_admin", __name__, url_prefix="/intern/konferenzen")
FIELDS = (
    "title",
    "kind",
    "round",
    "date",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "town",
    "description",
    "capacity",
)


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def new():
    return _form(None)


@bp.route("/<int:conference_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(conference_id: int):
    conference = get_conference(conference_id)
    require_scope(current_user, conference.kommune_id, f"conference {conference_id}")
    return _form(conference)


def _form(conference: Conference | None):
    kommunen = kommunen_of(current_user)
    form = ConferenceForm(obj=conference if request.method == "GET" else None)
    form.kommune.choices = select_choices((k.slug, k.name) for k in kommunen)
    if request.method == "GET" and conference is not None:
        form.kommune.data = conference.kommune.slug
    if request.method == "POST" and form.validate():
        if form.starts_at.data and form.ends_at.data and form.ends_at.data <= form.starts_at.data:
            form.ends_at.errors = [*form.ends_at.errors, "liegt vor dem Beginn"]
        else:
            saved = _save(conference, form, next(k for k in kommunen if k.slug == form.kommune.data))
            db.session.commit()
            return redirect(url_for("conferences.conference", conference_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template("conferences/form.html", form=form, conference=conference), status


def _save(conference: Conference | None, form: ConferenceForm, kommune: Kommune) -> Conference:
    conference = conference or Conference(source="Eingetragen vom Sozialamt")
    for name in FIELDS:
        value = form[name].data
        setattr(conference, name, value.strip() if isinstance(value, str) else value)
    conference.kommune_id = kommune.id
    conference.year = conference.date.year
    if conference.slug is None:
        base = re.sub(r"[^a-z0-9]+", "-", f"{conference.date.isoformat()}-{conference.title}".lower()).strip(
            "-"
        )[:100]
        taken = set(db.session.scalars(select(Conference.slug).where(Conference.slug.like(base + "%"))))
        conference.slug = base if base not in taken else f"{base}-{len(taken) + 1}"
    conference.venue, conference.location, conference.region_id = None, None, None
    place_conference(conference, Locator.from_database())
    db.session.add(conference)
    db.session.flush()
    return conference
