"""Signing in and out of the staff area."""

from functools import partial

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..deferred import after_response
from ..errors import InvalidInput
from ..extensions import db, limiter
from ..mail import commit_then_send
from ..redirects import same_site_path
from ..security import counts_if_refused
from ..staff.notices import notify
from .forms import ForgotPasswordForm, LoginForm, NewPasswordForm
from .services import (
    account_limit_key,
    active_user_with_email,
    authenticate,
    end_sessions,
    queue_password_reset,
    set_new_password,
)
from .tokens import RESET_ACCOUNT_LIMIT, RESET_ACCOUNT_SCOPE, RESET_LIMIT, user_for_password_token

bp = Blueprint("accounts", __name__, url_prefix="/intern")


#: Per client address; and per account tried, whichever address it comes from (failures only).
LOGIN_LIMIT = "10 per minute; 50 per hour"
ACCOUNT_LIMIT = "10 per 15 minutes"
#: Setting a password with a link: per client address (guessing tokens is hopeless, but cheap to stop).
NEW_PASSWORD_LIMIT = "20 per hour"


def tried_account() -> str:
    """The rate-limit key of the account a sign-in names: its normalised address, hashed."""
    return account_limit_key(request.form.get("email") or "")


def _too_many_for_account() -> str:
    return _(
        "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto. "
        "Bitte warten Sie eine Viertelstunde und versuchen Sie es dann noch einmal."
    )


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(
    ACCOUNT_LIMIT,
    methods=["POST"],
    key_func=tried_account,
    deduct_when=counts_if_refused,
    error_message=_too_many_for_account,
)
def login():
    """Staff sign-in; a failed attempt says only that address or password was wrong."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            notify(_("Angemeldet als %(name)s.", name=user.name or user.email))
            return redirect(same_site_path(request.args.get("next")) or url_for("staff.home"))
        error = _("E-Mail-Adresse oder Passwort stimmen nicht.")
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form, error=error), status


@bp.post("/abmelden")
@login_required
def logout():
    """Sign out; the session cookie (and any copy of it) is no longer accepted."""
    end_sessions(current_user)
    logout_user()
    db.session.commit()
    notify(_("Sie sind abgemeldet."))
    return redirect(url_for("pages.home"))


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"], deduct_when=lambda response: response.status_code == 200)
@limiter.shared_limit(
    RESET_ACCOUNT_LIMIT,
    RESET_ACCOUNT_SCOPE,
    methods=["POST"],
    key_func=tried_account,
    deduct_when=lambda response: response.status_code == 200,
)
def forgot_password():
    """Ask for a password link. The answer is the same, in content and in time, whether an active
    account has the address or not: the address is looked up after the answer has gone."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        after_response(partial(_send_password_link, form.email.data))
        return render_template("accounts/forgot_sent.html")
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/forgot.html", form=form), status


def _send_password_link(email: str) -> None:
    user = active_user_with_email(email)
    if user is not None:
        queue_password_reset(user)
        commit_then_send()


@bp.route("/passwort-neu/<token>", methods=["GET", "POST"])
@limiter.limit(NEW_PASSWORD_LIMIT, methods=["POST"])
def reset_password(token: str):
    """Set a new password with the link from the e-mail (one hour, or three days for a new
    account; once). Every session of the account ends; then sign in."""
    user = user_for_password_token(token)
    if user is None:
        return render_template("accounts/reset.html", form=None), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            set_new_password(user, form.password.data)
        except InvalidInput as error:
            db.session.rollback()
            form.password.errors = [*form.password.errors, *error.errors.values()]
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            notify(_("Ihr Passwort ist gesetzt. Bitte melden Sie sich damit an."))
            return redirect(url_for("accounts.login"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/reset.html", form=form, user=user), status
