"""Time helpers: timestamps are stored as naive UTC on both backends; the rule for periods."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

#: The time zone the people of the project live in: staff pages show times in it.
LOCAL_ZONE = ZoneInfo("Europe/Berlin")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """A stored (naive UTC) timestamp as the local time in Europe/Berlin (summer time included)."""
    return value.replace(tzinfo=UTC).astimezone(LOCAL_ZONE)


def local_today() -> date:
    """Today in Europe/Berlin (at 0:30 local time it is already tomorrow there, not yet in UTC)."""
    return datetime.now(LOCAL_ZONE).date()


def period_errors(start: date | time | None, end: date | time | None, end_field: str) -> dict[str, str]:
    """The one rule for a period (a measure, a connection, a report, a conference's hours): it may
    not end before it starts. Ending when it starts is allowed (a measure or a connection of one
    day). Without a start or an end there is nothing to check."""
    if start is not None and end is not None and end < start:
        return {end_field: _("liegt vor dem Beginn")}
    return {}
