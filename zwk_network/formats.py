"""Numbers, distances, times and dates as people read them, in the interface language (Babel).

German pages write „0,5 km“, „15,2 km“, „14:30“ and „1. Dezember 2026“; English ones „0.5 km“,
„2:30 PM“ and „December 1, 2026“. Templates use these through filters (web.py); nothing formats
a number or a date by hand. Stored timestamps are naive UTC (timeutil) and are shown in
LOCAL_TIMEZONE."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_interval, get_datetime_format
from flask_babel import format_date, format_decimal, format_percent, format_time, get_locale
from flask_babel import gettext as _

#: Where the Kommunen are: timestamps are shown (and exported) in this time zone.
LOCAL_TIMEZONE = ZoneInfo("Europe/Berlin")


def format_km(value: float | None) -> str:
    """A distance to a tenth: „0,5 km“, „15,2 km“, „12 km“ (no „,0“)."""
    if value is None:
        return ""
    return format_decimal(round(value, 1), format="#,##0.#") + " km"


def format_coordinate(value: float) -> str:
    """A degree of latitude or longitude to three places: „53,800“ (German), „53.800“ (English)."""
    return format_decimal(value, format="0.000")


def format_share(value: float | None) -> str:
    """A share between 0 and 1 as a percentage: „85 %“ (German), „85%“ (English)."""
    return "" if value is None else format_percent(value)


def format_clock(value: time | None) -> str:
    """A time of day (a conference's start): „14:30“ / „2:30 PM“. Stored times are local already."""
    return "" if value is None else format_time(value, format="short", rebase=False)


def format_hours(start: time | None, end: time | None = None) -> str:
    """A conference's hours: „14:00–16:30 Uhr“ / „2:00 – 4:30 PM“; a start alone: „14:00 Uhr“."""
    if start is None:
        return ""
    if end is None:
        return _("%(time)s Uhr", time=format_clock(start))
    locale = get_locale()
    skeleton = "Hm" if "H" in locale.time_formats["short"].pattern else "hm"
    return format_interval(start, end, skeleton, locale=locale)


def format_day(value: date | datetime | None, style: str = "long") -> str:
    """A date: „1. Dezember 2026“ (long) or „01.12.26“ (short); a timestamp by its local day."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = local_datetime(value).date()
    return format_date(value, format=style)


def format_moment(value: datetime | None) -> str:
    """A stored timestamp (naive UTC) in local time: „01.12.2026, 17:50“ / „Dec 1, 2026, 5:50 PM“."""
    if value is None:
        return ""
    local = local_datetime(value)
    day = format_date(local.date(), format="medium")
    clock = format_time(local.time(), format="short", rebase=False)
    return get_datetime_format("medium", locale=get_locale()).replace("{1}", day).replace("{0}", clock)


def format_figure(value: float | None, unit: str = "") -> str:
    """A statistic's value with its unit: „1.234 Personen“, „12,5 %“ (German), „1,234“ (English)."""
    if value is None:
        return ""
    text = format_decimal(value, format="#,##0.##")
    return f"{text} {unit}" if unit else text


def local_datetime(value: datetime) -> datetime:
    """A stored timestamp (naive UTC, or aware) as an aware datetime in LOCAL_TIMEZONE."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TIMEZONE)


def join_distinct(parts, separator: str = " · ") -> str:
    """Parts of a line joined, each once and none empty: a town that is also the region's name
    („Auerbach/Vogtl.“) is written once, not „Auerbach/Vogtl. · Auerbach/Vogtl.“."""
    seen, kept = set(), []
    for part in parts:
        text = str(part or "").strip()
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return separator.join(kept)


def spreadsheet_moment(value: datetime | None) -> str:
    """A stored timestamp in local time as a German spreadsheet reads a date and time: „01.12.2026 17:50“
    (the staff CSV files are made for Excel and LibreOffice in a German locale)."""
    return "" if value is None else local_datetime(value).strftime("%d.%m.%Y %H:%M")
