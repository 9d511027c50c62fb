"""What the staff start page shows: the work that waits in the account's Kommunen (all for admins)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.services import kommunen_of
from ..conferences.models import Conference
from ..extensions import db
from ..moderation.freshness import Freshness, freshness_for
from ..moderation.services import Queue, queue_for
from ..needs.models import Need, NeedStatus
from ..network.services import connected_need_ids
from ..participation.services import pending_count
from ..registrations.services import confirmed_count

#: How many rows a list of the start page shows; the full list is one link away.
SHOWN = 10


@dataclass
class UpcomingConference:
    conference: Conference
    registered: int

    @property
    def places_left(self) -> int | None:
        capacity = self.conference.capacity
        return None if capacity is None else max(0, capacity - self.registered)


@dataclass
class StartPage:
    queue: Queue
    unconnected: list[Need]  # open needs without a connection, oldest first
    connected: list[Need]  # open needs with at least one connection
    conferences: list[UpcomingConference]
    undated: list[UpcomingConference]  # conferences planned without a date yet („noch ohne Termin“)
    freshness: Freshness  # entries hidden for being unconfirmed too long, and those hidden soon
    contributions: int = 0  # residents' contributions waiting for review („Mitmachen“)


def start_page_for(user: User, today: date) -> StartPage:
    """The queue (new entries, pending changes, entries unconfirmed for 12 months), the open needs
    with and without connections, the next conferences and those without a date yet – of the
    account's Kommunen only."""
    kommune_ids = [kommune.id for kommune in kommunen_of(user)] or [-1]
    open_needs = list(
        db.session.scalars(
            select(Need)
            .options(selectinload(Need.region), selectinload(Need.kommune))
            .where(Need.kommune_id.in_(kommune_ids), Need.status != NeedStatus.DONE.value)
            .order_by(Need.created_at, Need.id)
        )
    )
    connected = connected_need_ids([need.id for need in open_needs])
    conferences = db.session.scalars(
        select(Conference)
        .where(Conference.kommune_id.in_(kommune_ids), Conference.date >= today)
        .order_by(Conference.date, Conference.starts_at, Conference.id)
        .limit(5)
    )
    undated = db.session.scalars(
        select(Conference)
        .where(
            Conference.kommune_id.in_(kommune_ids),
            Conference.date.is_(None),
            Conference.year >= today.year,  # a past year's conference without a day is history
        )
        .order_by(Conference.year, Conference.title, Conference.id)
    )
    return StartPage(
        queue=queue_for(user),
        unconnected=[need for need in open_needs if need.id not in connected],
        connected=[need for need in open_needs if need.id in connected],
        conferences=[UpcomingConference(c, confirmed_count(c.id)) for c in conferences],
        undated=[UpcomingConference(c, confirmed_count(c.id)) for c in undated],
        freshness=freshness_for(user),
        contributions=pending_count(user),
    )
