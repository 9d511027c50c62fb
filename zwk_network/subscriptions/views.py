"""Subscribe to any filter, confirm, change, end (also with one click from the mail); Atom feeds."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..errors import InvalidInput
from ..extensions import csrf, db, limiter
from ..form_limits import SUBSCRIBE, clock_time, count_stored, minutes_until, wait_before_storing
from ..forms import ActionForm, require_action_token
from ..mail import commit_then_send
from ..security import counts_if_not_found
from ..submissions.services import entry_for_token
from .feed import atom_feed
from .filters import FILTER_PARAMETERS, describe_filter, filter_args, normalise_filter
from .forms import FrequencyForm, SubscribeForm
from .services import (
    FREQUENCY_LABELS,
    change_subscription,
    confirm_subscription,
    end_subscription,
    nearby_needs_filter,
    subscribe,
    subscriptions_of_initiative,
)
from .tokens import manage_token, subscription_for_confirm_token, subscription_for_manage_token

bp = Blueprint("subscriptions", __name__)

TOKEN_LIMIT = "20 per hour"
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


@bp.app_template_global()
def filter_links(types: tuple[str, ...] = ()) -> dict[str, str]:
    """„Benachrichtigen, wenn …“ and the Atom feed for the filter of the page being shown (its
    query string, the search's parameters); `types` fixes the kind (the needs list: needs)."""
    args = MultiDict(
        [(name, value) for name, value in request.args.items(multi=True) if name in FILTER_PARAMETERS]
    )
    if types:
        args.setlist("type", list(types))
    values = args.to_dict(flat=False)
    return {
        "subscribe": url_for("subscriptions.subscribe_form", **values),
        "feed": url_for("subscriptions.feed", **values),
        "subscribe_base": url_for("subscriptions.subscribe_form"),
        "feed_base": url_for("subscriptions.feed"),
    }


@bp.route("/benachrichtigen", methods=["GET", "POST"])
def subscribe_form():
    """„Benachrichtigen, wenn …“: the page's filter in words; address, how often, consent."""
    try:
        normalised = normalise_filter(request.args)
    except InvalidInput as error:
        return render_template("subscriptions/subscribe.html", problems=error.errors, form=None), 400
    return _subscribe_page(normalised, "subscriptions/subscribe.html")


@bp.route("/eintrag/<token>/bedarfe-in-der-naehe", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def nearby_needs(token: str):
    """„Bedarfe in meiner Nähe“: an initiative's private edit link subscribes to new needs around it."""
    kind, entry = entry_for_token(token)
    if kind != "initiative":
        abort(404)
    return _subscribe_page(
        nearby_needs_filter(entry),
        "subscriptions/nearby_needs.html",
        initiative=entry,
        token=token,
        existing=subscriptions_of_initiative(entry.id),
    )


def _subscribe_page(normalised: dict, template: str, initiative=None, **context):
    form = SubscribeForm()
    if initiative is not None and request.method == "GET" and initiative.submitter_email:
        form.email.data = initiative.submitter_email
    retry = None
    if form.validate_on_submit() and (retry := wait_before_storing(SUBSCRIBE, form.email.data)) is None:
        count_stored(SUBSCRIBE, form.email.data)
        if form.homepage.data:  # the honeypot: say the same, store nothing
            return redirect(url_for("subscriptions.sent"))
        try:
            subscribe(form.email.data, normalised, form.frequency.data, initiative.id if initiative else None)
        except InvalidInput as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason] if name in form else [reason]
        else:
            commit_then_send()
            return redirect(url_for("subscriptions.sent"))
    page = render_template(
        template,
        form=form,
        problems={},
        filter_lines=describe_filter(normalised),
        filter_args=filter_args(normalised),
        initiative=initiative,
        retry_at=clock_time(retry) if retry else None,
        retry_minutes=minutes_until(retry) if retry else None,
        **context,
    )
    if retry is not None:
        return page, 429, {"Retry-After": str(60 * minutes_until(retry))}
    return page, 400 if request.method == "POST" else 200


@bp.get("/benachrichtigen/gesendet")
def sent():
    """After subscribing: the confirmation mail is on its way."""
    return render_template("subscriptions/sent.html")


@bp.route("/benachrichtigen/bestaetigen/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def confirm(token: str):
    """The link of the confirmation mail: a button confirms (a mail scanner opening links does not)."""
    subscription = subscription_for_confirm_token(token)
    if subscription is None:
        return render_template("subscriptions/invalid.html"), 404
    if request.method == "POST":
        require_action_token()
        confirm_subscription(subscription)
        commit_then_send()
        return redirect(url_for("subscriptions.manage", token=manage_token(subscription), confirmed=1))
    return render_template(
        "subscriptions/confirm.html",
        subscription=subscription,
        filter_lines=describe_filter(subscription.filter),
        frequency_label=FREQUENCY_LABELS[subscription.frequency],
        form=ActionForm(),
    )


@bp.route("/benachrichtigung/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def manage(token: str):
    """The private manage link: the filter, how often (changeable), the feed, end it."""
    subscription = subscription_for_manage_token(token)
    if subscription is None:
        return render_template("subscriptions/invalid.html"), 404
    form = FrequencyForm(frequency=subscription.frequency)
    if form.validate_on_submit():
        change_subscription(subscription, form.frequency.data)
        commit_then_send()
        return redirect(url_for("subscriptions.manage", token=token, saved=1))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "subscriptions/manage.html",
        subscription=subscription,
        token=token,
        form=form,
        action_form=ActionForm(),
        filter_lines=describe_filter(subscription.filter),
        filter_args=filter_args(subscription.filter),
    ), status


@bp.route("/abbestellen/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def unsubscribe(token: str):
    """The unsubscribe link: a button ends the subscription and deletes the address."""
    subscription = subscription_for_manage_token(token)
    if request.method == "POST":
        require_action_token()
        if subscription is not None:
            end_subscription(subscription)
            commit_then_send()
        return render_template("subscriptions/ended.html")
    if subscription is None:
        return render_template("subscriptions/invalid.html"), 404
    return render_template(
        "subscriptions/unsubscribe.html",
        token=token,
        filter_lines=describe_filter(subscription.filter),
        form=ActionForm(),
    )


@bp.route("/abbestellen/<token>/sofort", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(TOKEN_LIMIT, deduct_when=counts_if_not_found)
def one_click(token: str):
    """RFC 8058 one-click unsubscribe: a mail program POSTs `List-Unsubscribe=One-Click` to the
    List-Unsubscribe link. The signed token is the only credential (no CSRF token: the mail
    program has none); a browser opening the link gets the page with the button instead."""
    if request.method == "GET":
        return redirect(url_for("subscriptions.unsubscribe", token=token))
    if request.form.get("List-Unsubscribe") != "One-Click":
        abort(400)
    subscription = subscription_for_manage_token(token)
    if subscription is None:
        abort(404)
    end_subscription(subscription)
    commit_then_send()
    return Response(_("Abbestellt. Ihre E-Mail-Adresse ist gelöscht.") + "\n", mimetype="text/plain")


@bp.get("/feed.atom")
def feed():
    """The Atom feed of any filter (the search's parameters); no address, no cookie needed."""
    try:
        normalised = normalise_filter(request.args)
    except InvalidInput as error:
        return render_template("subscriptions/subscribe.html", problems=error.errors, form=None), 400
    return Response(atom_feed(normalised), mimetype="application/atom+xml")
