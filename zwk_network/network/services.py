"""Connecting actors: confirm or dismiss candidates, keep track, introduce them to each other.

Every change is recorded in the audit log; a planner acts only on needs of their Kommunen.
"""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..accounts.models import User
from ..accounts.services import require_scope
from ..audit.services import record
from ..entries import REGISTERED_MODELS, entry_url
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..geo.geojson import to_geometry
from ..matching.ranking import MatchResult
from ..matching.services import candidate_snapshot, match_need
from ..needs.location import need_geometry
from ..needs.models import Need
from ..needs.services import get_need
from ..timeutil import period_errors, utcnow
from .models import Connection, ConnectionStatus
from .schema import CONNECTION


@dataclass
class Linked:
    connection: Connection
    entry: object | None  # None when the entry is no longer published

    @property
    def kind(self) -> str:
        return self.connection.entry_type


def need_for_planner(user: User, need_id: int) -> Need:
    need = get_need(need_id)
    require_scope(user, need.kommune_id, f"need {need_id}")
    return need


def connections_of_need(need_id: int, include_dismissed: bool = False) -> list[Linked]:
    query = select(Connection).where(Connection.need_id == need_id).order_by(Connection.created_at)
    if not include_dismissed:
        query = query.where(Connection.status != ConnectionStatus.DISMISSED.value)
    return [
        Linked(connection, _entry(connection.entry_type, connection.entry_id))
        for connection in db.session.scalars(query)
    ]


@dataclass
class Dismissed:
    kind: str
    entry_id: int
    name: str
    by: str  # who dismissed it
    at: object  # when


def dismissed_of_need(need_id: int) -> list[Dismissed]:
    """The suggestions planners ruled out for a need, with who did and when (to take it back)."""
    query = (
        select(Connection, User)
        .outerjoin(User, User.id == Connection.created_by_id)
        .where(Connection.need_id == need_id, Connection.status == ConnectionStatus.DISMISSED.value)
        .order_by(Connection.updated_at.desc())
    )
    found = []
    for connection, user in db.session.execute(query):
        entry = _entry(connection.entry_type, connection.entry_id)
        if entry is not None:
            by = (user.name or user.email) if user else _("unbekannt")
            found.append(Dismissed(connection.entry_type, entry.id, entry.name, by, connection.updated_at))
    return found


def restore_candidate(need: Need, kind: str, entry_id: int) -> None:
    """Take back a dismissal: the entry is a suggestion for the need again."""
    query = select(Connection).where(
        Connection.need_id == need.id,
        Connection.entry_type == kind,
        Connection.entry_id == entry_id,
        Connection.status == ConnectionStatus.DISMISSED.value,
    )
    connection = db.session.scalar(query)
    if connection is None:
        raise NotFound(f"dismissed {kind} {entry_id}")
    db.session.delete(connection)
    record(
        "Verwerfen zurückgenommen",
        kind,
        _entry(kind, entry_id),
        note=_("für Bedarf „%(title)s“", title=need.title),
    )


def candidates(need: Need, limit: int = 10) -> MatchResult:
    """The best candidates not yet connected to the need or dismissed for it."""
    pairs = select(Connection.entry_type, Connection.entry_id).where(Connection.need_id == need.id)
    rows = db.session.execute(pairs)
    taken = {(kind, entry_id) for kind, entry_id in rows}
    result = match_need(candidate_snapshot(), need, limit=limit + len(taken))
    result.matches = [m for m in result.matches if (m.type, m.id) not in taken][:limit]
    return result


def confirm_candidate(user: User, need: Need, kind: str, entry_id: int, score: float | None) -> Connection:
    entry = _published(kind, entry_id)
    connection = _connection(need.id, kind, entry_id)
    connection.status = ConnectionStatus.PROPOSED.value
    connection.score = score
    connection.created_by_id = user.id
    db.session.add(connection)
    record("Vernetzung bestätigt", kind, entry, note=_("für Bedarf „%(title)s“", title=need.title))
    return connection


def dismiss_candidate(user: User, need: Need, kind: str, entry_id: int) -> None:
    entry = _published(kind, entry_id)
    connection = _connection(need.id, kind, entry_id)
    connection.status = ConnectionStatus.DISMISSED.value
    connection.created_by_id = user.id
    db.session.add(connection)
    record("Vorschlag verworfen", kind, entry, note=_("für Bedarf „%(title)s“", title=need.title))


def connection_for_planner(user: User, connection_id: int) -> Connection:
    connection = db.session.get(Connection, connection_id)
    if connection is None:
        raise NotFound(f"connection {connection_id}")
    require_scope(user, connection.need.kommune_id, f"connection {connection_id}")
    return connection


def update_connection(connection: Connection, status: str, notes: str, started_on, ended_on):
    """Change a connection's state, notes and dates (dates or YYYY-MM-DD), checked by their
    declaration (network/schema.py) and the end not before the start; else InvalidInput."""
    data = {"status": status, "notes": notes, "started_on": started_on, "ended_on": ended_on}
    clean, errors = CONNECTION.check_all(data)
    if not errors:
        errors = period_errors(clean["started_on"], clean["ended_on"], "ended_on")
    if errors:
        raise InvalidInput(errors)
    before = _state(connection)
    for spec in CONNECTION.column_fields():
        setattr(connection, spec.attribute, clean[spec.name])
    after = _state(connection)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    entry = _entry(connection.entry_type, connection.entry_id)
    note = _("Bedarf „%(title)s“", title=connection.need.title)
    record("Vernetzung geändert", connection.entry_type, entry, changes, note=note)


def introduction(connection: Connection) -> dict:
    """What the introduction e-mail needs: recipient, entry, need, and the other actors."""
    entry = _entry(connection.entry_type, connection.entry_id)
    if entry is None:
        raise InvalidInput({"connection": _("Der Eintrag ist nicht mehr veröffentlicht.")})
    recipient = entry.email or entry.submitter_email
    if not recipient:
        raise InvalidInput({"connection": _("Für diesen Eintrag ist keine E-Mail-Adresse bekannt.")})
    others = [
        (linked.entry, _public_url(linked.kind, linked.entry))
        for linked in connections_of_need(connection.need_id)
        if linked.connection.id != connection.id and linked.entry is not None
    ]
    return {"recipient": recipient, "entry": entry, "need": connection.need, "others": others}


SUBJECT_MAX = 200
TEXT_MAX = 10_000


def send_introduction(connection: Connection, subject: str, text: str, again: bool) -> tuple[str, str, str]:
    """Record the introduction as the planner wrote it and return (recipient, subject, text) as
    checked; the caller sends it after the commit. An introduction already sent goes again only
    when `again` says the planner confirmed it."""
    recipient = introduction(connection)["recipient"]
    subject, text = " ".join((subject or "").split()), (text or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Bitte einen Betreff angeben.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _("höchstens %(n)s Zeichen", n=SUBJECT_MAX)
    if not text:
        errors["text"] = _("Bitte einen Text angeben.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("höchstens %(n)s Zeichen", n=TEXT_MAX)
    if connection.introduced_at is not None and not again:
        errors["again"] = _("Schon gesendet: bitte bestätigen Sie, dass sie noch einmal gehen soll.")
    if errors:
        raise InvalidInput(errors)
    again = connection.introduced_at is not None
    connection.introduced_at = utcnow()
    connection.introduction_text = f"Betreff: {subject}\n\n{text}"
    if connection.status == ConnectionStatus.PROPOSED:
        connection.status = ConnectionStatus.CONTACTED.value
    entry = _entry(connection.entry_type, connection.entry_id)
    note = _("Bedarf „%(title)s“", title=connection.need.title)
    record(
        "Vorstellung erneut gesendet" if again else "Vorstellung gesendet",
        connection.entry_type,
        entry,
        {"introduction": [None, connection.introduction_text]},
        note=note,
    )
    return recipient, subject, text


def needs_of_entry(kind: str, entry_id: int) -> list[Connection]:
    return list(
        db.session.scalars(
            select(Connection).where(
                Connection.entry_type == kind,
                Connection.entry_id == entry_id,
                Connection.status != ConnectionStatus.DISMISSED.value,
            )
        )
    )


@dataclass
class DeletedPartner:
    """A connected entry deleted itself: whom to tell, about which need."""

    planner_email: str
    need_title: str
    entry_name: str


def forget_entry(kind: str, entry) -> list[DeletedPartner]:
    """An entry is deleted. Its confirmed connections stay as a record of what was done – the name
    kept, the link (and with it every contact detail) cut; dismissed suggestions go. Returns whom to
    tell (the planner who confirmed each connection); the caller mails them after its commit."""
    of_entry = (Connection.entry_type == kind) & (Connection.entry_id == entry.id)
    dismissed = of_entry & (Connection.status == ConnectionStatus.DISMISSED.value)
    db.session.execute(delete(Connection).where(dismissed))
    told = []
    for connection in db.session.scalars(select(Connection).where(of_entry)):
        connection.entry_name, connection.entry_id = entry.name[:200], None
        connection.introduction_text = ""  # it quoted the entry's details: gone with the entry
        planner = db.session.get(User, connection.created_by_id) if connection.created_by_id else None
        if planner is not None and planner.active:
            told.append(DeletedPartner(planner.email, connection.need.title, entry.name))
    return told


def connected_need_ids(need_ids) -> set[int]:
    rows = db.session.scalars(
        select(Connection.need_id)
        .where(Connection.need_id.in_(list(need_ids)), Connection.status != ConnectionStatus.DISMISSED.value)
        .group_by(Connection.need_id)
        .having(func.count() > 0)
    )
    return set(rows)


def _connection(need_id: int, kind: str, entry_id: int) -> Connection:
    """The need's connection with this entry, new if there is none yet."""
    query = select(Connection).where(Connection.need_id == need_id, Connection.entry_type == kind)
    found = db.session.scalar(query.where(Connection.entry_id == entry_id))
    return found or Connection(need_id=need_id, entry_type=kind, entry_id=entry_id)


def published_entry(kind: str, entry_id: int):
    """A published initiative or place, or NotFound."""
    return _published(kind, entry_id)


def _published(kind: str, entry_id: int):
    entry = _entry(kind, entry_id)
    if entry is None:
        raise NotFound(f"{kind} {entry_id}")
    return entry


def _entry(kind: str, entry_id: int | None):
    model = REGISTERED_MODELS.get(kind)
    entry = db.session.get(model, entry_id) if model and entry_id is not None else None
    return entry if entry is not None and entry.is_public else None


def _public_url(kind: str, entry) -> str:
    return entry_url(kind, entry.id, external=True)


def _state(connection: Connection) -> dict:
    """The declared fields of a connection (network/schema.py), dates as ISO text: the audit log's view."""
    return {spec.name: _iso(spec.value_of(connection)) for spec in CONNECTION.fields}


def _iso(value):
    """A date as YYYY-MM-DD; anything else as it is."""
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class NetworkNode:
    kind: str  # "need", "initiative", "place"
    id: int
    name: str
    lon: float
    lat: float
    url: str


@dataclass
class NetworkLink:
    need: NetworkNode
    entry: NetworkNode
    status: str


def network_of(kommune_ids: list[int], region_id: int | None = None) -> list[NetworkLink]:
    """Needs of these Kommunen (optionally one region) and their confirmed connections."""
    query = (
        select(Connection)
        .join(Need)
        .where(
            Need.kommune_id.in_(kommune_ids or [-1]), Connection.status != ConnectionStatus.DISMISSED.value
        )
    )
    if region_id is not None:
        query = query.where(Need.region_id == region_id)
    links = []
    for connection in db.session.scalars(query.order_by(Connection.need_id)):
        entry = _entry(connection.entry_type, connection.entry_id)
        geometry = need_geometry(connection.need)
        if entry is None or geometry is None:
            continue
        point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
        need_node = NetworkNode(
            "need",
            connection.need.id,
            connection.need.title,
            point.x,
            point.y,
            url_for("network.workspace", need_id=connection.need.id),
        )
        entry_point = to_geometry(entry.location)
        entry_node = NetworkNode(
            connection.entry_type,
            entry.id,
            entry.name,
            entry_point.x,
            entry_point.y,
            _public_url(connection.entry_type, entry),
        )
        links.append(NetworkLink(need_node, entry_node, connection.status))
    return links
