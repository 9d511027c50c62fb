"""Time helpers: timestamps are stored as naive UTC on both backends."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
