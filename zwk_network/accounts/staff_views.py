"""Admins manage the staff accounts: list, create (with an invitation by e-mail), role, Kommunen,
deactivate. Admins only; planners get 403."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import InvalidInput
from ..extensions import db, limiter
from ..forms import ActionForm, require_action_token, select_choices
from ..links import site_url
from ..mail import commit_then_send, queue_mail
from ..municipalities.services import list_kommunen
from ..staff.notices import notify
from .access import admin_required
from .forms import ROLE_LABELS, StaffForm
from .services import account_limit_key, get_user, invite_user, list_users, queue_password_reset, update_user
from .tokens import RESET_ACCOUNT_LIMIT, RESET_ACCOUNT_SCOPE, RESET_LIMIT, VALID_SECONDS, password_token

bp = Blueprint("staff_accounts", __name__, url_prefix="/intern/konten")


@bp.get("")
@admin_required
def staff_list():
    """Every staff account with its role, Kommunen and state."""
    return render_template("accounts/staff_list.html", users=list_users(), roles=ROLE_LABELS)


@bp.route("/neu", methods=["GET", "POST"])
@admin_required
def new():
    """A new account; its owner gets an e-mail with a link to set a password."""
    form = _form()
    if request.method == "POST" and form.validate():
        data = (form.email.data or "", form.role.data, form.kommunen.data or [], form.name.data or "")
        try:
            user = invite_user(*data)
        except InvalidInput as error:
            db.session.rollback()
            _show_errors(form, error)
        else:
            link = site_url("accounts.reset_password", token=password_token(user, "invitation"))
            queue_mail(user.email, "invitation", link=link, days=VALID_SECONDS["invitation"] // 86400)
            commit_then_send()
            notify(
                _("Konto für %(email)s angelegt; die Einladung ist per E-Mail unterwegs.", email=user.email)
            )
            return redirect(url_for("staff_accounts.staff_list"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/staff_form.html", form=form, user=None), status


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit(user_id: int):
    """Change an account's name, role and Kommunen, or deactivate it (its sessions end)."""
    user = get_user(user_id)
    form = _form()
    if request.method == "GET":
        form.name.data, form.role.data, form.active.data = user.name, user.role, user.active
        form.kommunen.data = [kommune.slug for kommune in user.kommunen]
    elif form.validate():
        data = (form.name.data or "", form.role.data, form.kommunen.data or [], form.active.data)
        try:
            changes = update_user(current_user, user, *data)
        except InvalidInput as error:
            db.session.rollback()
            _show_errors(form, error)
        else:
            db.session.commit()
            if "active" in changes and not user.active:
                notify(_("Das Konto %(email)s ist gesperrt; seine Sitzungen sind beendet.", email=user.email))
            else:
                notify(
                    _("Konto %(email)s gespeichert.", email=user.email) if changes else _("Nichts geändert.")
                )
            return redirect(url_for("staff_accounts.staff_list"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/staff_form.html", form=form, user=user, action_form=ActionForm()), status


def _target_account() -> str:
    """The rate-limit key of the account whose reset link an admin sends: the same counter as
    the public „Passwort vergessen“ form's for that address."""
    return account_limit_key(get_user(request.view_args["user_id"]).email)


@bp.post("/<int:user_id>/passwort-link")
@admin_required
@limiter.limit(RESET_LIMIT)
@limiter.shared_limit(RESET_ACCOUNT_LIMIT, RESET_ACCOUNT_SCOPE, key_func=_target_account)
def send_reset_link(user_id: int):
    """Send the account a password-reset link (the public reset's mail and limits), and say so."""
    user = get_user(user_id)
    require_action_token()
    if not user.active:
        notify(_("Das Konto %(email)s ist gesperrt: Es bekommt keinen Link.", email=user.email))
        return redirect(url_for("staff_accounts.edit", user_id=user.id))
    queue_password_reset(user, by_admin=True)
    commit_then_send()
    notify(
        _(
            "Link zum Zurücksetzen an %(email)s gesendet; er gilt eine Stunde und nur einmal.",
            email=user.email,
        )
    )
    return redirect(url_for("staff_accounts.edit", user_id=user.id))


def _form() -> StaffForm:
    form = StaffForm()
    form.kommunen.choices = select_choices((k.slug, k.name) for k in list_kommunen())
    return form


def _show_errors(form: StaffForm, error: InvalidInput) -> None:
    for name, reason in error.errors.items():
        field = form[{"kommune": "kommunen"}.get(name, name)]
        field.errors = [*field.errors, reason]
