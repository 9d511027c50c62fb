"""/mitmachen (send a contribution), /ideen (the idea board, „Betrifft mich auch“) and the planners'
moderation under /intern/mitmachen."""

import secrets
from dataclasses import dataclass

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..extensions import db, limiter
from ..form_limits import CONTRIBUTE, clock_time, count_stored, minutes_until, wait_before_storing
from ..forms import ActionForm, require_action_token, select_choices
from ..mail import commit_then_send, render_mail
from ..municipalities.services import list_kommunen
from ..staff.notices import notify
from .forms import AnswerForm, ContributionForm, LinksForm, MergeForm, ReasonForm
from .ideas import progress_of, set_links, turn_into_measure
from .labels import KIND_LABELS, PROGRESS_LABELS, PUBLISHABLE, STATUS_LABELS
from .services import (
    ENTRY_TYPE,
    SUPPORT_COOKIE,
    allowed_actions,
    answer_contribution,
    contribution_for_planner,
    contributions_for,
    decline_contribution,
    link_choices,
    merge_into_need,
    public_contribution,
    publish_contribution,
    published_contributions,
    require_action,
    submit_contribution,
    support,
    support_counts,
    supported_by,
    turn_into_need,
)

bp = Blueprint("participation", __name__)

SUPPORT_LIMIT = "30 per hour; 100 per day"
LABELS = {"kinds": KIND_LABELS, "states": STATUS_LABELS, "progress": PROGRESS_LABELS}


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@bp.route("/mitmachen", methods=["GET", "POST"])
def contribute():
    """Send an idea, a need, a remark or an offer to help: no account, reviewed before anything shows."""
    form = ContributionForm()
    kommunen = list_kommunen()
    choices = [(k.slug, k.name) for k in kommunen]
    # No Kommune chosen for the resident: without a town the form asks, never guesses the first one.
    form.kommune.choices = select_choices(
        choices if len(kommunen) == 1 else [("", _("– bitte wählen –")), *choices]
    )
    if request.method == "GET" and len(kommunen) == 1:
        form.kommune.data = kommunen[0].slug
    retry = None
    if form.validate_on_submit() and (retry := wait_before_storing(CONTRIBUTE, form.email.data)) is None:
        count_stored(CONTRIBUTE, form.email.data)
        if form.homepage.data:  # the honeypot: say the same, store nothing
            return redirect(url_for("participation.thanks"))
        data = {name: getattr(form, name).data for name in ("kind", "text", "theme", "target_group", "town")}
        data |= {"name": form.name.data, "email": form.email.data, "contact": form.contact.data}
        data["wants_answer"] = form.wants_answer.data
        try:
            submit_contribution(data, form.kommune.data, _float(form.lat.data), _float(form.lon.data))
        except InvalidInput as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason] if name in form else [reason]
        else:
            commit_then_send()
            return redirect(url_for("participation.thanks"))
    page = render_template(
        "participation/form.html",
        form=form,
        retry_at=clock_time(retry) if retry else None,
        retry_minutes=minutes_until(retry) if retry else None,
    )
    if retry is not None:
        return page, 429, {"Retry-After": str(60 * minutes_until(retry))}
    return page, 400 if request.method == "POST" else 200


@bp.get("/mitmachen/danke")
def thanks():
    """After sending: what happens next."""
    return render_template("participation/thanks.html")


@bp.get("/ideen")
def board():
    """The idea board: published ideas and needs of residents, with their status and supporters."""
    contributions = published_contributions()
    ids = [c.id for c in contributions]
    return render_template(
        "participation/board.html",
        contributions=contributions,
        counts=support_counts(ENTRY_TYPE, ids),
        mine=supported_by(ENTRY_TYPE, ids, request.cookies.get(SUPPORT_COOKIE)),
        progress={c.id: progress_of(c) for c in contributions},
        form=ActionForm(),
        labels=LABELS,
    )


@bp.post("/ideen/<int:contribution_id>/betrifft-mich")
@limiter.limit(SUPPORT_LIMIT)
def support_contribution(contribution_id: int):
    """„Betrifft mich auch“ for a published idea or need (once per browser)."""
    public_contribution(contribution_id)
    return _support(
        ENTRY_TYPE, contribution_id, url_for("participation.board", _anchor=f"beitrag-{contribution_id}")
    )


@bp.post("/bedarfe/<int:need_id>/betrifft-mich")
@limiter.limit(SUPPORT_LIMIT)
def support_need(need_id: int):
    """„Betrifft mich auch“ for a need (once per browser)."""
    return _support("need", need_id, url_for("needs.need", need_id=need_id, _anchor="betrifft-mich"))


def _support(target_type: str, target_id: int, back: str):
    require_action_token()
    token = request.cookies.get(SUPPORT_COOKIE) or secrets.token_urlsafe(24)
    if len(token) > 64:
        token = secrets.token_urlsafe(24)
    counted = support(target_type, target_id, token)
    db.session.commit()
    response = redirect(back)
    response.set_cookie(
        SUPPORT_COOKIE,
        token,
        max_age=400 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    if not counted:
        response.headers["X-Already-Counted"] = "1"
    return response


@bp.get("/intern/mitmachen")
@login_required
def staff_list():
    """The contributions of the planner's Kommunen: new ones first to review."""
    status = request.args.get("stand") or None
    contributions = contributions_for(current_user, status if status in STATUS_LABELS else None)
    return render_template(
        "participation/staff_list.html",
        contributions=contributions,
        counts=support_counts(ENTRY_TYPE, [c.id for c in contributions]),
        labels=LABELS,
        status=status,
    )


@bp.route("/intern/mitmachen/<int:contribution_id>", methods=["GET", "POST"])
@login_required
def review(contribution_id: int):
    """One contribution: publish, merge into a need, turn into a need, answer, decline."""
    contribution = contribution_for_planner(current_user, contribution_id)
    return _review_page(contribution, ReasonForm(formdata=None), AnswerForm(formdata=None))


def _review_page(contribution, reason_form, answer_form, preview=None, problems=None, status=200, links=None):
    merge_form = MergeForm(formdata=None)
    choices = link_choices(contribution.kommune_id)
    merge_form.need.choices = select_choices(choices["needs"])
    if links is None:
        links = LinksForm(formdata=None)
        links.needs.data = [str(n.id) for n in contribution.needs]
        links.measures.data = [str(m.id) for m in contribution.measures]
        links.conference.data = str(contribution.conference_id or "")
    _link_choices(links, choices)
    return render_template(
        "participation/review.html",
        contribution=contribution,
        reason_form=reason_form,
        answer_form=answer_form,
        merge_form=merge_form,
        links_form=links,
        action_form=ActionForm(),
        preview=preview,
        problems=problems or {},
        publishable=contribution.kind in PUBLISHABLE,
        allowed=allowed_actions(contribution),
        supporters=support_counts(ENTRY_TYPE, [contribution.id])[contribution.id],
        labels=LABELS,
    ), status


@dataclass
class _Forms:
    """The forms of the review page, as the planner sent them."""

    reason: ReasonForm
    answer: AnswerForm
    links: LinksForm | None = None


@dataclass(frozen=True)
class _Done:
    """What an action says once its change is committed, and the page that follows."""

    message: str
    target: str


def _staff_list() -> str:
    return url_for("participation.staff_list")


def _publish(contribution, forms: _Forms):
    publish_contribution(contribution)
    return _Done(_("Veröffentlicht: der Beitrag steht jetzt auf der Ideenwand."), _staff_list())


def _decline(contribution, forms: _Forms):
    decline_contribution(contribution, forms.reason.reason.data)
    return _Done(_("Abgelehnt; die Begründung ist gespeichert."), _staff_list())


def _merge(contribution, forms: _Forms):
    merge_into_need(contribution, _id(request.form.get("need")) or -1)
    return _Done(_("Dem Bedarf „%(title)s“ hinzugefügt.", title=contribution.need.title), _staff_list())


def _to_need(contribution, forms: _Forms):
    need = turn_into_need(contribution)
    message = _("Bedarf „%(title)s“ angelegt – bitte prüfen und ergänzen.", title=need.title)
    return _Done(message, url_for("network.edit_need", need_id=need.id))


def _to_measure(contribution, forms: _Forms):
    measure = turn_into_measure(contribution)
    message = _("Maßnahme „%(title)s“ angelegt – bitte prüfen und ergänzen.", title=measure.title)
    return _Done(message, url_for("measures.edit", measure_id=measure.id))


def _link(contribution, forms: _Forms):
    forms.links = LinksForm()
    _link_choices(forms.links, link_choices(contribution.kommune_id))
    needs, measures = _ids(forms.links.needs.data), _ids(forms.links.measures.data)
    set_links(contribution, needs, measures, _chosen(forms.links.conference.data))
    return _Done(
        _("Verknüpfungen gespeichert."), url_for("participation.review", contribution_id=contribution.id)
    )


def _answer(contribution, forms: _Forms):
    """First a preview of the mail (nothing changes), then, confirmed, the mail is sent."""
    send = request.form.get("step") == "send"
    result = answer_contribution(contribution, forms.answer.answer.data, send, current_user)
    if not send:
        forms.answer.step.data = "send"
        preview = render_mail("contribution_answer", contribution=contribution, answer=result)
        return _review_page(contribution, ReasonForm(formdata=None), forms.answer, preview=preview)
    return _Done(_("Antwort gesendet."), _staff_list())


#: Each action of the review page (the URL's last part) and what carries it out: it changes the
#: contribution through the services and says what happened, or returns a page (the preview).
#: Which actions a contribution allows in its state is services.ACTIONS_BY_STATE.
_ACTIONS = {
    "veroeffentlichen": _publish,
    "ablehnen": _decline,
    "zusammenfuehren": _merge,
    "bedarf": _to_need,
    "massnahme": _to_measure,
    "verknuepfen": _link,
    "antworten": _answer,
}


@bp.post("/intern/mitmachen/<int:contribution_id>/<action>")
@login_required
def act(contribution_id: int, action: str):
    """A planner's decision on a contribution: one commit, then the mails, then a page says what happened."""
    contribution = contribution_for_planner(current_user, contribution_id)
    handler = _ACTIONS.get(action)
    if handler is None:
        abort(404)
    forms = _Forms(ReasonForm(), AnswerForm())
    try:
        require_action(contribution, action)
        require_action_token()
        outcome = handler(contribution, forms)
    except InvalidInput as error:
        db.session.rollback()
        return _review_page(
            contribution, forms.reason, forms.answer, problems=error.errors, status=400, links=forms.links
        )
    if not isinstance(outcome, _Done):
        return outcome  # a page, nothing changed
    commit_then_send()
    notify(outcome.message)
    return redirect(outcome.target)


def _link_choices(form: LinksForm, choices: dict) -> None:
    form.needs.choices = select_choices(choices["needs"])
    form.measures.choices = select_choices(choices["measures"])
    form.conference.choices = select_choices([("", _("– keine –")), *choices["conferences"]])


def _id(value) -> int | None:
    number = _float(value)
    return int(number) if number is not None and number.is_integer() and 0 < number < 2**31 else None


def _chosen(value) -> int | None:
    """The chosen conference: none, or its id (-1, which no conference has, for one that is not a number)."""
    return (_id(value) or -1) if value else None


def _ids(values) -> list[int]:
    """The chosen ids; one that is not a number is -1, which no entry has (the service refuses it)."""
    return [_id(value) or -1 for value in values or []]
