"""Public registration and the private edit link: forms in two steps (enter, then check and consent)."""

from functools import partial

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..deferred import after_response
from ..email_address import normalised_email
from ..entries import registered_kind_for_word
from ..errors import InvalidInput
from ..extensions import db, limiter
from ..form_limits import (
    EDIT_LINK,
    REGISTRATION,
    clock_time,
    count_stored,
    minutes_until,
    wait_before_storing,
)
from ..forms import ActionForm, require_action_token
from ..mail import commit_then_send, queue_mail
from ..maps.detail import point_map
from ..maps.picker import location_picker
from ..security import counts_if_not_found
from .forms import FORMS, ConfirmDeletionForm, LinkRequestForm
from .records import record_of
from .services import (
    change_entry,
    confirm_current,
    delete_entry,
    edit_url,
    entries_of_submitter,
    entry_for_token,
    export_entry,
    issue_links,
    pending_revision,
    place_of_point,
    resolve_location,
    submit_entry,
)

bp = Blueprint("submissions", __name__)

#: Only failed look-ups count: guessing a 256-bit token is hopeless, and now also slow.
TOKEN_LIMIT = "20 per hour"


@bp.get("/eintragen")
def choose():
    """What to register: an initiative or a meeting place."""
    return render_template("submissions/choose.html")


@bp.route("/eintragen/<word>", methods=["GET", "POST"])
def register(word: str):
    """The registration form; nothing is stored before the consent step is confirmed. Over the
    limits (form_limits.py) the check step is shown again, with everything typed, and says when."""
    kind = (registered_kind_for_word(word) or abort(404)).type
    form = FORMS[kind]()
    outcome = _two_steps(kind, form)
    if outcome.get("done"):
        email = outcome["record"]["submitter_email"]
        retry = wait_before_storing(REGISTRATION, email)
        if retry is not None:
            outcome = {"step": "confirm", "point": outcome["point"], "retry": retry, "errors": True}
            return _render_step(kind, form, outcome, url_for("submissions.register", word=word))
        count_stored(REGISTRATION, email)
        if form.is_bot():  # the honeypot was filled: say thanks, store nothing
            return redirect(url_for("submissions.thanks"))
        entry, token = submit_entry(kind, outcome["record"], *outcome["point"])
        queue_mail(entry.submitter_email, "submitted", entry=entry, link=edit_url(token))
        commit_then_send()
        return redirect(url_for("submissions.thanks"))
    return _render_step(kind, form, outcome, url_for("submissions.register", word=word))


@bp.get("/eintragen/danke")
def thanks():
    """Thanks: what happens next with a registered entry."""
    return render_template("submissions/thanks.html")


@bp.get("/eintrag/<token>")
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def manage(token: str):
    """What the owner of an entry can do with it."""
    kind, entry = entry_for_token(token)
    return render_template(
        "submissions/manage.html",
        kind=kind,
        entry=entry,
        token=token,
        revision=pending_revision(kind, entry.id),
        form=ActionForm(),
    )


@bp.route("/eintrag/<token>/bearbeiten", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def edit(token: str):
    """The owner changes an entry through the private link (checked again before it is published)."""
    kind, entry = entry_for_token(token)
    form = FORMS[kind]()
    if request.method == "GET":
        revision = pending_revision(kind, entry.id)
        data = revision.data if revision else record_of(entry)
        form.fill_from(data, data.get("lon"), data.get("lat"))
    outcome = _two_steps(kind, form)
    if outcome.get("done"):
        result = change_entry(kind, entry, outcome["record"])
        db.session.commit()
        return redirect(url_for("submissions.manage", token=token, saved=result))
    return _render_step(kind, form, outcome, url_for("submissions.edit", token=token), entry=entry)


@bp.post("/eintrag/<token>/bestaetigen")
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def confirm(token: str):
    """The owner confirms the entry is still current (the yearly reminder's question)."""
    kind, entry = entry_for_token(token)
    require_action_token()
    confirm_current(kind, entry)
    db.session.commit()
    return redirect(url_for("submissions.manage", token=token, saved="confirmed"))


@bp.get("/eintrag/<token>/daten.json")
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def download(token: str):
    """The owner downloads everything stored about the entry, as JSON."""
    kind, entry = entry_for_token(token)
    response = jsonify(export_entry(kind, entry))
    response.headers["Content-Disposition"] = f'attachment; filename="zwk-eintrag-{kind}-{entry.id}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/eintrag/<token>/loeschen", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def delete(token: str):
    """The owner deletes the entry (after confirming); the planners who connected it are told."""
    kind, entry = entry_for_token(token)
    form = ConfirmDeletionForm()
    if form.validate_on_submit():
        email, name = entry.submitter_email, entry.name
        told = delete_entry(kind, entry)
        if email:
            queue_mail(email, "deleted", name=name)
        for partner in told:  # the planners who connected it to a need
            queue_mail(
                partner.planner_email, "partner_deleted", name=partner.entry_name, need=partner.need_title
            )
        commit_then_send()
        return render_template("submissions/deleted.html", name=name)
    status = 400 if request.method == "POST" else 200
    return render_template("submissions/delete.html", entry=entry, token=token, form=form), status


@bp.route("/eintrag/link-anfordern", methods=["GET", "POST"])
def request_link():
    """A new edit link, by e-mail. The answer is the same whether the address is known or not,
    in content and in time: the address is looked up only after the answer has been sent. Limited
    per e-mail address (hashed) and, generously, per client (form_limits.EDIT_LINK); over the limit
    the form is shown again with the address typed and says when to send it again."""
    form = LinkRequestForm()
    if form.validate_on_submit():
        email = normalised_email(form.email.data)
        retry = wait_before_storing(EDIT_LINK, email)
        if retry is not None:
            page = render_template(
                "submissions/link_request.html",
                form=form,
                retry_at=clock_time(retry),
                retry_minutes=minutes_until(retry),
            )
            return page, 429, {"Retry-After": str(60 * minutes_until(retry))}
        count_stored(EDIT_LINK, email)
        after_response(partial(_send_new_links, email))
        return render_template("submissions/link_sent.html")
    status = 400 if request.method == "POST" else 200
    return render_template("submissions/link_request.html", form=form), status


def _send_new_links(email: str) -> None:
    entries = entries_of_submitter(email)
    if entries:
        queue_mail(email, "links", links=issue_links(entries))
        commit_then_send()


def _two_steps(kind: str, form) -> dict:
    """Step "check" shows what will be published and asks for consent; step "submit" stores.

    Returns {"done": True, "record", "point"} when everything is valid and consented to;
    otherwise what to render: {"step": "form"|"confirm", "errors": bool, "consent_missing": bool}."""
    if request.method != "POST":
        return {"step": "form", "errors": False}
    step = request.form.get("step", "check")
    valid = form.validate()
    point = None
    if valid:
        try:
            point = resolve_location(
                form.lat.data, form.lon.data, form.town.data, form.street.data, form.postcode.data
            )
        except InvalidInput as error:
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
            valid = False
    if not valid:
        return {"step": "form", "errors": True}
    if step == "edit":
        return {"step": "form", "errors": False}
    if step == "submit":
        if request.form.get("consent") == "yes":
            record = form.record()
            record["lon"], record["lat"] = point
            return {"done": True, "record": record, "point": point}
        return {"step": "confirm", "errors": True, "consent_missing": True, "point": point}
    return {"step": "confirm", "errors": False, "point": point}


def _render_step(kind: str, form, outcome: dict, action: str, entry=None):
    status = 400 if outcome.get("errors") else 200
    if outcome["step"] == "confirm":
        record, (lon, lat) = form.record(), outcome["point"]
        retry = outcome.get("retry")
        page = render_template(
            "submissions/confirm.html",
            kind=kind,
            form=form,
            action=action,
            entry=entry,
            point=outcome["point"],
            place=place_of_point(lon, lat),
            page_map=point_map(lon, lat, kind, record["name"]),
            consent_missing=outcome.get("consent_missing"),
            retry_at=clock_time(retry) if retry else None,
            retry_minutes=minutes_until(retry) if retry else None,
            record=record,
        )
        if retry is not None:  # over the limit: 429, with everything typed still in the page
            return page, 429, {"Retry-After": str(60 * minutes_until(retry))}
        return page, status
    picker = location_picker("f-point", _("Karte: Ort des Eintrags wählen"), town_field_id="town")
    return render_template(
        "submissions/form.html",
        kind=kind,
        form=form,
        action=action,
        entry=entry,
        picker=picker,
        page_map=picker.map,
    ), status
