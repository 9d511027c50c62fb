"""Signing in and out of the staff area."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..redirects import same_site_path
from .forms import LoginForm
from .services import authenticate

bp = Blueprint("accounts", __name__, url_prefix="/intern")


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
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
    logout_user()
    return redirect(url_for("pages.home"))
