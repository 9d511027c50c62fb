"""A VTIMEZONE with yearly rules (RRULE), taken from the time zone database's own rule.

icalendar's Timezone.from_tzinfo lists every transition as RDATEs (and says it "only works from
1970 to 2038"); some clients (vobject) then read summer-time events an hour off. Calendar clients
expect the form of RFC 5545's examples: a DAYLIGHT and a STANDARD part, each with an RRULE.

The rule comes from zoneinfo's data: a TZif file ends with the POSIX TZ string that holds after
its last listed transition ("CET-1CEST,M3.5.0,M10.5.0/3" for Europe/Berlin). Both parts start
in the first year from which zoneinfo's transitions all follow that rule (1996 for Berlin, when
summer time began to end in October). tests/conferences/test_calendar.py checks that two parsers
read every event time as zoneinfo does. A zone without such a rule falls back to icalendar's RDATE form.
"""

import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_POSIX = re.compile(
    rf"^(?P<std>[A-Za-z]{{3,}}|<[^>]+>)(?P<stdoff>{_OFFSET})(?P<dst>[A-Za-z]{{3,}}|<[^>]+>)(?P<dstoff>{_OFFSET})?"
    rf",M(?P<sm>\d{{1,2}})\.(?P<sw>[1-5])\.(?P<sd>[0-6])(?:/(?P<st>{_OFFSET}))?"
    rf",M(?P<em>\d{{1,2}})\.(?P<ew>[1-5])\.(?P<ed>[0-6])(?:/(?P<et>{_OFFSET}))?$"
)
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
FIRST_YEAR, LAST_YEAR = 1970, 2037


@cache
def vtimezone(key: str) -> Timezone:
    """The VTIMEZONE of a zone (e.g. "Europe/Berlin") with yearly rules."""
    rule = _posix_rule(key)
    match = _POSIX.match(rule) if rule else None
    if match is None:
        return Timezone.from_tzinfo(zoneinfo.ZoneInfo(key), key)
    std_offset = -_seconds(match["stdoff"])
    dst_offset = -_seconds(match["dstoff"]) if match["dstoff"] else std_offset + 3600
    to_dst = _Transition(
        int(match["sm"]), int(match["sw"]), int(match["sd"]), match["st"], std_offset, dst_offset
    )
    to_std = _Transition(
        int(match["em"]), int(match["ew"]), int(match["ed"]), match["et"], dst_offset, std_offset
    )
    zone = zoneinfo.ZoneInfo(key)
    since = max(to_dst.first_year(zone), to_std.first_year(zone))  # both parts hold from then on
    timezone = Timezone()
    timezone.add("TZID", key)
    for part, transition, name in (
        (TimezoneDaylight(), to_dst, match["dst"]),
        (TimezoneStandard(), to_std, match["std"]),
    ):
        part.add("TZNAME", name.strip("<>"))
        part.TZOFFSETFROM = timedelta(seconds=transition.offset_from)
        part.TZOFFSETTO = timedelta(seconds=transition.offset_to)
        part.DTSTART = transition.local(since)
        part.add("RRULE", vRecur(freq="YEARLY", bymonth=transition.month, byday=transition.byday))
        timezone.add_component(part)
    return timezone


def _posix_rule(key: str) -> str | None:
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / key
        if path.is_file():
            lines = path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)
            return lines[-1].decode("ascii", "replace") if len(lines) == 2 else None
    try:
        import importlib.resources

        data = importlib.resources.files("tzdata.zoneinfo").joinpath(key).read_bytes()
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        return None
    lines = data.rstrip(b"\n").rsplit(b"\n", 1)
    return lines[-1].decode("ascii", "replace") if len(lines) == 2 else None


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


class _Transition:
    """A POSIX Mm.w.d/time rule: the w-th (5: last) weekday d of month m, at a local time."""

    def __init__(self, month, week, weekday, at, offset_from, offset_to):
        self.month, self.week, self.weekday = month, week, weekday
        self.at = _seconds(at) if at else 7200  # POSIX: 02:00 unless said
        self.offset_from, self.offset_to = offset_from, offset_to

    @property
    def byday(self) -> str:
        return f"{-1 if self.week == 5 else self.week}{_WEEKDAYS[self.weekday]}"

    def day(self, year: int) -> date:
        first = date(year, self.month, 1)
        python_weekday = (self.weekday - 1) % 7  # POSIX 0 = Sunday; Python 0 = Monday
        day = first + timedelta(days=(python_weekday - first.weekday()) % 7 + 7 * (self.week - 1))
        while day.month != self.month:  # week 5: the last one
            day -= timedelta(days=7)
        return day

    def local(self, year: int) -> datetime:
        return datetime.combine(self.day(year), time()) + timedelta(seconds=self.at)

    def follows(self, zone, year: int) -> bool:
        """Whether zoneinfo changes the offset exactly at this rule's moment in that year."""
        moment = (self.local(year) - timedelta(seconds=self.offset_from)).replace(tzinfo=UTC)
        before = (moment - timedelta(minutes=1)).astimezone(zone).utcoffset()
        after = (moment + timedelta(minutes=1)).astimezone(zone).utcoffset()
        return before == timedelta(seconds=self.offset_from) and after == timedelta(seconds=self.offset_to)

    def first_year(self, zone) -> int:
        year = LAST_YEAR
        while year > FIRST_YEAR and self.follows(zone, year - 1):
            year -= 1
        return year
