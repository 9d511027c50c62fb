"""Public registration and cancellation; the planners' list of registrations with CSV."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.services import require_scope
from ..conferences.calendar import calendar_attachment
from ..conferences.services import get_conference
from ..errors import InvalidInput
from ..extensions import db, limiter
from ..form_limits import CONFERENCE, clock_time, count_stored, minutes_until, wait_before_storing
from ..formats import spreadsheet_moment
from ..forms import ActionForm, require_action_token
from ..links import site_url
from ..mail import commit_then_send, queue_mail
from ..security import counts_if_not_found
from ..spreadsheet import csv_download
from ..timeutil import local_today
from .forms import RegistrationForm
from .labels import STATUS_LABELS, status_label
from .services import (
    cancel_registration,
    is_open,
    places_left,
    register,
    registration_for_token,
    registrations_of,
)

bp = Blueprint("registrations", __name__)


@bp.route("/konferenzen/<int:conference_id>/anmelden", methods=["GET", "POST"])
def register_form(conference_id: int):
    """Register for a conference (or join its waiting list); the link to cancel comes by e-mail.
    Over the limits (form_limits.py) the form is shown again, filled in, and says when to send it."""
    conference = get_conference(conference_id)
    today = local_today()
    form = RegistrationForm()
    retry = None
    if form.validate_on_submit() and (retry := wait_before_storing(CONFERENCE, form.email.data)) is None:
        if form.homepage.data:  # the honeypot: say thanks, store nothing (and count it)
            count_stored(CONFERENCE, form.email.data)
            return redirect(url_for("registrations.registered", conference_id=conference.id, waiting=0))
        stored = _register_and_confirm(conference, form, today)
        if stored is not None:
            return stored
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "registrations/form.html",
        conference=conference,
        form=form,
        open=is_open(conference, today),
        places_left=places_left(conference),
        retry_at=clock_time(retry) if retry else None,
        retry_minutes=minutes_until(retry) if retry else None,
    )
    if retry is not None:  # over the limit: 429, with everything typed still in the form
        return page, 429, {"Retry-After": str(60 * minutes_until(retry))}
    return page, status


def _register_and_confirm(conference, form: RegistrationForm, today):
    """Store the registration, send its confirmation (with the .ics when a place is had) and
    redirect; None, with the form's errors set, when the service refused it."""
    try:
        registration, token = register(conference, form.data, today)
    except InvalidInput as error:
        db.session.rollback()
        for name, reason in error.errors.items():
            if name in form:
                form[name].errors = [*form[name].errors, reason]
            else:
                form.form_errors.append(reason)
        return None
    count_stored(CONFERENCE, form.email.data)
    confirmed = registration.status == "bestaetigt"
    queue_mail(
        registration.email,
        "registration",
        attachments=(calendar_attachment(conference),) if confirmed else (),
        registration=registration,
        conference=conference,
        link=site_url("registrations.manage", token=token),
    )
    commit_then_send()
    return redirect(
        url_for("registrations.registered", conference_id=conference.id, waiting=int(not confirmed))
    )


@bp.get("/konferenzen/<int:conference_id>/angemeldet")
def registered(conference_id: int):
    """Thanks for registering (or: on the waiting list)."""
    conference = get_conference(conference_id)
    return render_template(
        "registrations/registered.html", conference=conference, waiting=request.args.get("waiting") == "1"
    )


@bp.route("/anmeldung/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", deduct_when=counts_if_not_found)
def manage(token: str):
    """A registration seen through its private link: cancel it."""
    registration = registration_for_token(token)
    form = ActionForm()
    if request.method == "POST":
        require_action_token()
        cancellation = cancel_registration(registration)
        conference = registration.conference
        if cancellation.done:
            queue_mail(
                registration.email,
                "registration_cancelled",
                registration=registration,
                conference=conference,
                was_waiting=cancellation.was_waiting,
                link=site_url("registrations.register_form", conference_id=conference.id),
            )
        if (moved_up := cancellation.moved_up) is not None:
            queue_mail(
                moved_up.email,
                "registration_moved_up",
                attachments=(calendar_attachment(conference),),
                registration=moved_up,
                conference=conference,
            )
        commit_then_send()
        return redirect(url_for("registrations.manage", token=token))
    return render_template("registrations/manage.html", registration=registration, form=form)


@bp.get("/intern/konferenzen/<int:conference_id>/anmeldungen")
@login_required
def staff_list(conference_id: int):
    """The registrations of a conference of the planner's Kommunen."""
    conference = _scoped(conference_id)
    return render_template(
        "registrations/staff_list.html",
        conference=conference,
        registrations=registrations_of(conference.id),
        places_left=places_left(conference),
        labels=STATUS_LABELS,
    )


@bp.get("/intern/konferenzen/<int:conference_id>/anmeldungen.csv")
@login_required
def staff_csv(conference_id: int):
    """The registrations of a conference as CSV."""
    conference = _scoped(conference_id)
    header = [
        _("Name"),
        _("E-Mail"),
        _("Organisation"),
        _("Barrierefreiheit"),
        _("Stand"),
        _("Angemeldet am"),
    ]
    rows = (
        [
            r.name,
            r.email,
            r.organisation,
            r.accessibility_needs,
            status_label(r.status),
            spreadsheet_moment(r.created_at),
        ]
        for r in registrations_of(conference.id)
    )
    return csv_download(f"anmeldungen-{conference.slug}.csv", header, rows)


def _scoped(conference_id: int):
    conference = get_conference(conference_id)
    require_scope(current_user, conference.kommune_id, f"conference {conference_id}")
    return conference
