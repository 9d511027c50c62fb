"""The staff area: decisions on entries and their changes, edits, the audit log. Sign-in required.
The queue itself is on the start page (staff/)."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.access import admin_required
from ..audit.labels import action_label, change_label, kind_label
from ..audit.services import all_audit_lines, audit_page
from ..entries import BY_TYPE, entry_url, registered_kind_for_word
from ..errors import InvalidInput
from ..extensions import db
from ..field_labels import change_field_label, change_value
from ..formats import spreadsheet_moment
from ..forms import ActionForm, require_action_token
from ..links import site_url
from ..mail import commit_then_send, queue_mail
from ..maps.detail import detail_map
from ..matching.kinds import suggested_unless_given
from ..spreadsheet import csv_download
from ..staff.notices import notify
from ..submissions.forms import STAFF_FORMS
from ..submissions.records import record_of
from ..submissions.services import pending_revision, resolve_location
from .services import (
    approve_entry,
    approve_revision,
    audit_scope,
    confirm_entry,
    entry_for_review,
    reject_entry,
    reject_revision,
    review_details,
    revision_changes,
    revision_for_review,
    staff_edit,
)

bp = Blueprint("moderation", __name__, url_prefix="/intern")


@bp.get("/eintrag/<word>/<int:entry_id>")
@login_required
def review(word: str, entry_id: int):
    """One entry for review: what will be published, a pending change, the decisions."""
    kind = _kind(word)
    return _render_review(kind, word, entry_for_review(current_user, kind, entry_id))


def _render_review(kind: str, word: str, entry, error: str | None = None):
    revision = pending_revision(kind, entry.id)
    page = render_template(
        "moderation/review.html",
        kind=kind,
        word=word,
        entry=entry,
        record=record_of(entry),
        revision=revision,
        changes=revision_changes(entry, revision) if revision else {},
        form=ActionForm(),
        error=error,
        page_map=detail_map(entry),
        suggested_kinds=suggested_unless_given(kind, entry),
        **review_details(kind, entry),
    )
    return page, 400 if error else 200


@bp.post("/eintrag/<word>/<int:entry_id>/freigeben")
@login_required
def approve(word: str, entry_id: int):
    """Publish a new entry and tell its contact."""
    kind, entry = _checked(word, entry_id)
    approve_entry(kind, entry)
    if entry.submitter_email:
        request_link = site_url("submissions.request_link")
        queue_mail(
            entry.submitter_email,
            "approved",
            entry=entry,
            public_link=_public_link(kind, entry),
            request_link=request_link,
        )
    commit_then_send()
    notify(_told(_("„%(name)s“ ist freigegeben und öffentlich sichtbar.", name=entry.name), entry))
    return redirect(url_for("staff.home"))


@bp.post("/eintrag/<word>/<int:entry_id>/bestaetigen")
@login_required
def confirm(word: str, entry_id: int):
    """Confirm a published entry as current; one hidden as stale is public again at once."""
    kind, entry = _checked(word, entry_id)
    if entry.status != "approved":
        abort(404)
    was_hidden = entry.hidden_as_stale_at is not None
    confirm_entry(kind, entry)
    db.session.commit()
    if was_hidden:
        notify(_("„%(name)s“ ist als aktuell bestätigt und wieder öffentlich sichtbar.", name=entry.name))
    else:
        notify(_("„%(name)s“ ist als aktuell bestätigt.", name=entry.name))
    return redirect(url_for("moderation.review", word=word, entry_id=entry.id))


@bp.post("/eintrag/<word>/<int:entry_id>/ablehnen")
@login_required
def reject(word: str, entry_id: int):
    """Reject a new entry with a reason and tell its contact."""
    kind, entry = _checked(word, entry_id)
    reason = request.form.get("reason", "")
    try:
        reject_entry(kind, entry, reason)
    except InvalidInput as error:
        db.session.rollback()
        return _review_with_error(word, entry_id, error)
    if entry.submitter_email:
        request_link = site_url("submissions.request_link")
        queue_mail(
            entry.submitter_email,
            "rejected",
            entry=entry,
            reason=entry.rejection_reason,
            request_link=request_link,
        )
    commit_then_send()
    notify(_told(_("„%(name)s“ ist abgelehnt.", name=entry.name), entry))
    return redirect(url_for("staff.home"))


@bp.post("/eintrag/<word>/<int:entry_id>/aenderung/<int:revision_id>/<decision>")
@login_required
def decide_change(word: str, entry_id: int, revision_id: int, decision: str):
    """Publish or reject the pending change of a published entry and tell its contact."""
    kind, entry = _checked(word, entry_id)
    revision = revision_for_review(current_user, kind, entry, revision_id)
    if decision == "freigeben":
        approve_revision(kind, entry, revision, current_user)
        template, extra = "change_approved", {"public_link": _public_link(kind, entry)}
        done = _("Die Änderung an „%(name)s“ ist freigegeben und veröffentlicht.", name=entry.name)
    elif decision == "ablehnen":
        try:
            reject_revision(kind, entry, revision, request.form.get("reason", ""), current_user)
        except InvalidInput as error:
            db.session.rollback()
            return _review_with_error(word, entry_id, error)
        template, extra = "change_rejected", {"reason": revision.reason}
        done = _("Die Änderung an „%(name)s“ ist abgelehnt; die bisherige Fassung bleibt.", name=entry.name)
    else:
        abort(404)
    if entry.submitter_email:
        queue_mail(entry.submitter_email, template, entry=entry, **extra)
    commit_then_send()
    notify(_told(done, entry))
    return redirect(url_for("staff.home"))


@bp.route("/eintrag/<word>/<int:entry_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(word: str, entry_id: int):
    """Staff correct an entry directly (recorded in the audit log)."""
    kind = _kind(word)
    entry = entry_for_review(current_user, kind, entry_id)
    form = STAFF_FORMS[kind]()
    if request.method == "GET":
        data = record_of(entry)
        form.fill_from(data, data["lon"], data["lat"])
    elif form.validate():
        try:
            point = resolve_location(
                form.lat.data, form.lon.data, form.town.data, form.street.data, form.postcode.data
            )
        except InvalidInput as error:
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
        else:
            data = form.record()
            data["lon"], data["lat"] = point
            changes = staff_edit(kind, entry, data)
            db.session.commit()
            notify(_("„%(name)s“ gespeichert.", name=entry.name) if changes else _("Nichts geändert."))
            return redirect(url_for("moderation.review", word=word, entry_id=entry.id))
    status = 400 if request.method == "POST" else 200
    return render_template("moderation/edit.html", kind=kind, word=word, entry=entry, form=form), status


@bp.get("/protokoll")
@login_required
def audit_log():
    """Every change: who, when, what (admins: all; planners: their Kommunen's entries and measures)."""
    page = max(1, request.args.get("page", 1, type=int))
    lines, total = audit_page(page, scope=audit_scope(current_user))
    labels = {"action": action_label, "kind": kind_label, "change": change_label}
    return render_template(
        "moderation/audit.html", lines=lines, total=total, page=page, per_page=50, labels=labels
    )


def _told(done: str, entry) -> str:
    """The confirmation of a decision, and whether the person who entered it got an e-mail."""
    if entry.submitter_email:
        return done + " " + _("Die Person, die eingetragen hat, bekommt eine E-Mail.")
    return done + " " + _("Es ist keine E-Mail-Adresse hinterlegt: niemand wurde benachrichtigt.")


@bp.get("/protokoll.csv")
@admin_required
def audit_csv():
    """The whole audit log as CSV for a German spreadsheet: local times, the labels the page shows."""
    header = [_("Wann"), _("Wer"), _("Was"), _("Notiz"), _("Art"), _("Nr."), _("Eintrag"), _("Änderungen")]
    rows = (
        [
            spreadsheet_moment(line.at),
            line.actor,
            line.action,
            line.note,
            str(BY_TYPE[line.entry_type].label) if line.entry_type in BY_TYPE else line.entry_type,
            line.entry_id,
            line.entry_name,
            "; ".join(
                f"{change_field_label(field)}: {change_value(field, before)} → {change_value(field, after)}"
                for field, (before, after) in (line.changes or {}).items()
            ),
        ]
        for line in all_audit_lines()
    )
    return csv_download("aenderungsprotokoll.csv", header, rows)


def _checked(word: str, entry_id: int):
    """The entry of a decision: in the planner's Kommunen, and the form's CSRF token valid."""
    kind = _kind(word)
    entry = entry_for_review(current_user, kind, entry_id)
    require_action_token()
    return kind, entry


def _review_with_error(word: str, entry_id: int, error: InvalidInput):
    kind = _kind(word)
    return _render_review(
        kind, word, entry_for_review(current_user, kind, entry_id), " ".join(error.errors.values())
    )


def _kind(word: str) -> str:
    """The type of entry a URL word names (initiative, begegnungsort); 404 for any other word."""
    return (registered_kind_for_word(word) or abort(404)).type


def _public_link(kind: str, entry) -> str:
    return entry_url(kind, entry.id, external=True)
