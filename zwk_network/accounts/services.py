"""Creating accounts, signing in, and what an account may act on."""

import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit.services import record
from ..email_address import InvalidEmail, email_for_lookup, normalised_email
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..links import site_url
from ..mail import queue_mail
from ..municipalities.models import Kommune
from ..timeutil import utcnow
from .models import Role, User
from .tokens import password_token

#: NIST SP 800-63B: at least 12 characters here, and long passphrases welcome (no cut below 500).
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 500
#: Checked when no account has the address, so a wrong address takes as long as a wrong password:
#: Werkzeug's scrypt hash (its default, as every account's) of a random password no one knows, made
#: once – hashing it at import cost each worker's start 0.3 s.
_DUMMY_HASH = (
    "scrypt:32768:8:1$u5V3oepEhTBhH8nt$a1669c4118bcd20c85f30a4e2c01695560be8b83c778b3b70c9aeaf4c08b77d"
    "7ca08e78275b0cd3e1c098e45aa8e3c2fa060e2169649ecdc2491f335cc9a5621"
)


def password_errors(password: str, email: str = "") -> dict[str, str]:
    """What is wrong with a new password: too short, too long, only spaces, or the address itself."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return {"password": _("braucht mindestens %(n)s Zeichen", n=MIN_PASSWORD_LENGTH)}
    if len(password) > MAX_PASSWORD_LENGTH:
        return {"password": _("höchstens %(n)s Zeichen", n=MAX_PASSWORD_LENGTH)}
    if not password.strip() or (email and password.strip().lower() == email.strip().lower()):
        return {"password": _("darf nicht nur aus Leerzeichen bestehen oder die E-Mail-Adresse sein")}
    return {}


def create_user(
    email: str, password: str | None, role: str, kommune_slugs: list[str], name: str = ""
) -> User:
    """A new account. Without a password (an admin invites someone) it gets an unusable one:
    its owner sets one through the invitation's link."""
    errors = {}
    try:
        email = normalised_email(email)
    except InvalidEmail as error:
        errors["email"] = str(error)
    else:
        if db.session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
            errors["email"] = _("hat schon ein Konto")
    if password is not None:
        errors |= password_errors(password, email)
    kommunen, scope_errors = _role_and_kommunen(role, kommune_slugs)
    errors |= scope_errors
    if errors:
        raise InvalidInput(errors)
    user = User(email=email, name=" ".join(name.split())[:200], role=role, kommunen=kommunen)
    user.set_password(password if password is not None else secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    return user


def invite_user(email: str, role: str, kommune_slugs: list[str], name: str = "") -> User:
    """An admin creates an account without a password (recorded); the caller mails the invitation."""
    user = create_user(email, None, role, kommune_slugs, name)
    record("Konto angelegt", "user", user, note=user.email)
    return user


def _role_and_kommunen(role: str, kommune_slugs: list[str]) -> tuple[list[Kommune], dict[str, str]]:
    errors = {}
    if role not in tuple(Role):
        errors["role"] = _("erlaubt: %(allowed)s", allowed=", ".join(Role))
    kommunen = list(db.session.scalars(select(Kommune).where(Kommune.slug.in_(kommune_slugs))))
    unknown = set(kommune_slugs) - {kommune.slug for kommune in kommunen}
    if unknown:
        errors["kommune"] = _("unbekannt: %(slugs)s", slugs=", ".join(sorted(unknown)))
    if role == Role.PLANNER and not kommune_slugs:
        errors["kommune"] = _("Planer brauchen mindestens eine Kommune")
    return kommunen, errors


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id}")
    return user


def update_user(
    admin: User, user: User, name: str, role: str, kommune_slugs: list[str], active: bool
) -> dict:
    """An admin changes an account: name, role, Kommunen, active. A deactivated account cannot
    sign in and every session of it ends. An admin cannot lock themselves out. Returns the changes."""
    kommunen, errors = _role_and_kommunen(role, kommune_slugs)
    if user.id == admin.id and (not active or role != Role.ADMIN):
        errors["active"] = _("Sie können sich nicht selbst sperren oder die Admin-Rolle nehmen.")
    if errors:
        raise InvalidInput(errors)
    before = _account_state(user)
    user.name, user.role, user.kommunen = " ".join(name.split())[:200], role, kommunen
    if user.active and not active:
        end_sessions(user)
    user.active = active
    after = _account_state(user)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        record("Konto geändert", "user", user, changes)
    return changes


def set_new_password(user: User, password: str) -> None:
    """The owner of a password link sets a password: every session (and every other link) ends."""
    errors = password_errors(password, user.email)
    if errors:
        raise InvalidInput(errors)
    user.set_password(password)
    end_sessions(user)
    record("Passwort gesetzt", "user", user, actor=f"{user.name or user.email} <{user.email}>")


def _account_state(user: User) -> dict:
    return {
        "name": user.name,
        "role": user.role,
        "kommunen": sorted(kommune.slug for kommune in user.kommunen),
        "active": user.active,
    }


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email_for_lookup(email)))
    if user is None:
        User(password_hash=_DUMMY_HASH).check_password(password)
        return None
    if not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def queue_password_reset(user: User, by_admin: bool = False) -> None:
    """Queue the password-reset mail with a new one-hour link (sent after the commit); an admin's
    sending is recorded in the audit log."""
    link = site_url("accounts.reset_password", token=password_token(user, "reset"))
    queue_mail(user.email, "password_reset", link=link)
    if by_admin:
        record("Passwort-Link gesendet", "user", user, note=user.email)


def account_limit_key(email: str) -> str:
    """The rate-limit key of one account's address (normalised, hashed): sign-in and password links."""
    return "account:" + hashlib.sha256(email_for_lookup(email)[:254].encode("utf-8")).hexdigest()


def active_user_with_email(email: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email_for_lookup(email)))
    return user if user is not None and user.active else None


def user_for_session(session_id: str) -> User | None:
    """The active account a session cookie names, if that session has not been ended."""
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: every session cookie issued so far stops working."""
    user.session_version += 1


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def kommunen_of(user: User) -> list[Kommune]:
    """The Kommunen an account acts for (all for admins), by name."""
    allowed = user.kommune_ids()
    query = select(Kommune).order_by(Kommune.name)
    if allowed is not None:
        query = query.where(Kommune.id.in_(allowed or [-1]))
    return list(db.session.scalars(query))


def may_act_on(user: User, kommune_id: int | None) -> bool:
    allowed = user.kommune_ids()
    return allowed is None or (kommune_id is not None and kommune_id in allowed)


def require_scope(user: User, kommune_id: int | None, what: str) -> None:
    """NotFound (not Forbidden): a planner of another Kommune learns nothing about the entry."""
    if not may_act_on(user, kommune_id):
        raise NotFound(what)
