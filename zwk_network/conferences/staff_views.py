"""Planners create and edit conferences (the page, the calendar and the registration follow)."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.services import kommunen_of, require_scope
from ..errors import ValidationFailed
from ..extensions import db
from ..forms import select_choices
from ..staff.notices import notify
from ..timeutil import local_today
from .forms import ConferenceForm
from .models import Conference
from .services import conferences_of_kommunen, get_conference, save_conference

bp = Blueprint("conference_admin", __name__, url_prefix="/intern/konferenzen")


@bp.get("")
@login_required
def staff_list():
    """The conferences of the planner's Kommunen: upcoming first, then past; edit and registrations."""
    kommune_ids = [kommune.id for kommune in kommunen_of(current_user)]
    upcoming, past = conferences_of_kommunen(kommune_ids, local_today())
    return render_template("conferences/staff_list.html", upcoming=upcoming, past=past)


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def new():
    """A new conference of one of the planner's Kommunen."""
    return _form(None)


@bp.route("/<int:conference_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(conference_id: int):
    """Change a conference of one of the planner's Kommunen."""
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
        kommune = next(k for k in kommunen if k.slug == form.kommune.data)  # one of the choices
        data = form.cleaned()
        try:
            saved = save_conference(conference, data, kommune.id)
        except ValidationFailed as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
        else:
            db.session.commit()
            notify(_("Konferenz „%(title)s“ gespeichert.", title=saved.title))
            return redirect(url_for("conferences.conference", conference_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template("conferences/form.html", form=form, conference=conference), status
