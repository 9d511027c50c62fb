"""Creating accounts, signing in, and what an account may act on."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from ..email_address import InvalidEmail, email_for_lookup, normalised_email
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..municipalities.models import Kommune
from ..timeutil import utcnow
from .models import Role, User

MIN_PASSWORD_LENGTH = 12
#: Checked when no account has the address, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


def create_user(email: str, password: str, role: str, kommune_slugs: list[str], name: str = "") -> User:
    errors = {}
    try:
        email = normalised_email(email)
    except InvalidEmail as error:
        errors["email"] = str(error)
    else:
        if db.session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
            errors["email"] = _("hat schon ein Konto")
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = _("braucht mindestens %(n)s Zeichen", n=MIN_PASSWORD_LENGTH)
    if role not in tuple(Role):
        errors["role"] = _("erlaubt: %(allowed)s", allowed=", ".join(Role))
    kommunen = list(db.session.scalars(select(Kommune).where(Kommune.slug.in_(kommune_slugs))))
    unknown = set(kommune_slugs) - {kommune.slug for kommune in kommunen}
    if unknown:
        errors["kommune"] = _("unbekannt: %(slugs)s", slugs=", ".join(sorted(unknown)))
    if role == Role.PLANNER and not kommune_slugs:
        errors["kommune"] = _("Planer brauchen mindestens eine Kommune")
    if errors:
        raise InvalidInput(errors)
    user = User(email=email, name=name.strip(), role=role, kommunen=kommunen)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email_for_lookup(email)))
    if user is None:
        User(password_hash=_DUMMY_HASH).check_password(password)
        return None
    if not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


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
