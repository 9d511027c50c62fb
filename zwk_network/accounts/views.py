"""Signing in and out of the staff area."""

import hashlib

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..email_address import email_for_lookup
from ..extensions import db, limiter
from ..redirects import same_site_path
from ..security import counts_if_refused
from .forms import LoginForm
from .services import authenticate, end_sessions

bp = Blueprint("accounts", __name__, url_prefix="/intern")


#: Per client address; and per account tried, whichever address it comes from (failures only).
LOGIN_LIMIT = "10 per minute; 50 per hour"
ACCOUNT_LIMIT = "10 per 15 minutes"


def tried_account() -> str:
    """The rate-limit key of the account a sign-in names: its normalised address, hashed."""
    email = email_for_lookup(request.form.get("email") or "")[:254]
    return "account:" + hashlib.sha256(email.encode("utf-8")).hexdigest()


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
        return redirect(url_for("moderation.queue"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            return redirect(same_site_path(request.args.get("next")) or url_for("moderation.queue"))
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
    return redirect(url_for("pages.home"))
