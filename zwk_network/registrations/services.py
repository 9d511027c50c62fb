"""Registering for a conference: places while there are some, then the waiting list.

A cancellation frees a place, which goes to the first on the waiting list. Each registration
has a private cancel link (256 random bits, stored only as a hash).

Registrations and cancellations of one conference are serialised by the database: each first
takes the conference row's write lock (see _lock_places), then counts and writes, and keeps the
lock until the request commits. One active registration per address and conference is also a
unique index, so that no path around this service can store a second one.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..conferences.models import Conference
from ..email_address import InvalidEmail, normalised_email
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..timeutil import utcnow
from .models import Registration, RegistrationStatus


def is_open(conference: Conference, today: date) -> bool:
    """Registration is open until the day of the conference, for conferences with a date."""
    return conference.date is not None and conference.date >= today


def confirmed_count(conference_id: int) -> int:
    query = (
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.conference_id == conference_id,
            Registration.status == RegistrationStatus.CONFIRMED.value,
        )
    )
    return db.session.scalar(query)


def places_left(conference: Conference) -> int | None:
    return (
        None if conference.capacity is None else max(0, conference.capacity - confirmed_count(conference.id))
    )


def places_left_of(conferences) -> dict[int, int | None]:
    """Places left of each of these conferences (None: no limit), counted in one query."""
    ids = [conference.id for conference in conferences]
    counts = dict(
        db.session.execute(
            select(Registration.conference_id, func.count())
            .where(
                Registration.conference_id.in_(ids or [-1]),
                Registration.status == RegistrationStatus.CONFIRMED.value,
            )
            .group_by(Registration.conference_id)
        ).all()
    )
    return {
        c.id: None if c.capacity is None else max(0, c.capacity - counts.get(c.id, 0)) for c in conferences
    }


def register(conference: Conference, data: dict, today: date) -> tuple[Registration, str]:
    """A new registration (confirmed, or on the waiting list when full) and its cancel token."""
    if not is_open(conference, today):
        raise InvalidInput({"conference": _("Für diese Veranstaltung ist keine Anmeldung (mehr) möglich.")})
    try:
        email = normalised_email(data["email"])
    except InvalidEmail as error:
        raise InvalidInput({"email": str(error)}) from None
    capacity = _lock_places(conference.id)
    if _email_taken(conference.id, email):
        raise _already_registered()
    full = capacity is not None and confirmed_count(conference.id) >= capacity
    token = secrets.token_urlsafe(32)
    registration = Registration(
        conference_id=conference.id,
        name=data["name"].strip(),
        email=email,
        organisation=(data.get("organisation") or "").strip(),
        accessibility_needs=(data.get("accessibility_needs") or "").strip(),
        status=(RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED).value,
        cancel_token_hash=_hash(token),
    )
    try:
        with db.session.begin_nested():  # the unique index is the last word; a clash undoes only this
            db.session.add(registration)
    except IntegrityError:
        raise _already_registered() from None
    return registration, token


def _email_taken(conference_id: int, email: str) -> bool:
    taken = select(Registration.id).where(
        Registration.conference_id == conference_id,
        Registration.email == email,
        Registration.status != RegistrationStatus.CANCELLED.value,
    )
    return db.session.scalar(taken) is not None


def _already_registered() -> InvalidInput:
    return InvalidInput({"email": _("Mit dieser E-Mail-Adresse ist schon jemand angemeldet.")})


def _lock_places(conference_id: int) -> int | None:
    """Take the conference's write lock until the transaction ends; returns its current capacity.

    A no-op UPDATE of the conference row works on both backends: PostgreSQL locks the row (a
    second registration waits here, then counts what the first committed); SQLite takes its
    database write lock before anything is counted (the busy timeout lets the second wait).
    """
    statement = (
        update(Conference.__table__)
        .where(Conference.__table__.c.id == conference_id)
        .values(capacity=Conference.__table__.c.capacity)
        .returning(Conference.__table__.c.capacity)
    )
    return db.session.execute(statement).scalar_one()


def registration_for_token(token: str) -> Registration:
    registration = db.session.scalar(
        select(Registration).where(Registration.cancel_token_hash == _hash(token))
    )
    if registration is None or len(token) > 100:
        raise NotFound("registration")
    return registration


@dataclass(frozen=True)
class Cancellation:
    """What a cancellation did: `done` is False when it was cancelled before (nothing changed)."""

    done: bool
    was_waiting: bool = False
    moved_up: Registration | None = None


def cancel(registration: Registration) -> Registration | None:
    """Cancel; returns the registration moved up from the waiting list, if any."""
    return cancel_registration(registration).moved_up


def cancel_registration(registration: Registration) -> Cancellation:
    """Cancel, and move the first on the waiting list up into a freed place."""
    _lock_places(registration.conference_id)
    db.session.refresh(registration)  # as committed by whoever held the lock before
    if registration.status == RegistrationStatus.CANCELLED:
        return Cancellation(done=False)
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED.value
    registration.cancelled_at = utcnow()
    db.session.flush()
    if not freed:
        return Cancellation(done=True, was_waiting=True)
    first = db.session.scalar(
        select(Registration)
        .where(
            Registration.conference_id == registration.conference_id,
            Registration.status == RegistrationStatus.WAITING.value,
        )
        .order_by(Registration.created_at, Registration.id)
        .limit(1)
    )
    if first is not None:
        first.status = RegistrationStatus.CONFIRMED.value
    return Cancellation(done=True, moved_up=first)


def registrations_of(conference_id: int) -> list[Registration]:
    query = select(Registration).where(Registration.conference_id == conference_id)
    return list(db.session.scalars(query.order_by(Registration.created_at, Registration.id)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
