"""Time helpers: timestamps are stored as naive UTC on both backends; the rule for periods."""

from datetime import UTC, date, datetime, time

from flask_babel import gettext as _


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def period_errors(start: date | time | None, end: date | time | None, end_field: str) -> dict[str, str]:
    """The one rule for a period (a measure, a connection, a report, a conference's hours): it may
    not end before it starts. Ending when it starts is allowed (a measure or a connection of one
    day). Without a start or an end there is nothing to check."""
    if start is not None and end is not None and end < start:
        return {end_field: _("liegt vor dem Beginn")}
    return {}
