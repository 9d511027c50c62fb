"""The numbers of a Zwischenbilanz: needs raised, connected and addressed; measures by status;
new initiatives; conferences and participants. Counting rules:

- a need was raised at the conference it was named at: it counts when that conference's date
  lies in the period, or, where only the year is recorded (the 2022 round), when that year
  overlaps the period; a need without a conference counts by the day it was recorded;
- connected: it has at least one connection that was not dismissed;
- addressed: its status is "erledigt", or a measure for it is "abgeschlossen";
- measures: those of the Kommune active in the period: begun by its end (a measure without a start
  date from the day it was recorded) and not ended before its start (without an end date: still
  running); they are counted by status and listed;
- new initiatives and meeting places: approved, registered on the site by someone (they have a
  submitter's address) and first recorded in the period. Imported entries – the seed, or a list a
  Kommune brings in – are the stock the network started from, not new members;
- participants: confirmed registrations of the conferences held in the period;
- residents' ideas: received, taken up, realised, and residents who took part – the rules are
  participation.ideas.participation_figures;
- current entries: of the Kommune's approved initiatives and meeting places today (those hidden
  for being unconfirmed too long included), the share confirmed within the last 12 months (the
  yearly reminder's rule, moderation.services.STALE_AFTER); the hidden ones are named apart.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from ..conferences.models import Conference
from ..extensions import db
from ..matching.services import candidate_snapshot, match_need
from ..measures.models import Measure, MeasureStatus
from ..moderation.services import STALE_AFTER, unconfirmed_since
from ..municipalities.models import Kommune
from ..needs.models import Need, NeedStatus
from ..network.services import connected_need_ids
from ..participation.ideas import ParticipationFigures, participation_figures
from ..registrations.services import confirmed_count
from ..registry.models import Initiative, MeetingPlace, ModerationStatus
from ..timeutil import to_local, utcnow


@dataclass
class InterimReport:
    kommune: Kommune
    start: date
    end: date
    needs: list[Need] = field(default_factory=list)  # raised in the period
    connected: set[int] = field(default_factory=set)
    addressed: set[int] = field(default_factory=set)
    gaps: dict[int, list[str]] = field(default_factory=dict)  # open needs nothing answers: their reasons
    measures: list[Measure] = field(default_factory=list)  # active in the period
    measures_by_status: dict[str, int] = field(default_factory=dict)
    new_initiatives: int = 0
    new_places: int = 0
    conferences: list[tuple[Conference, int]] = field(default_factory=list)  # with participants
    entries: int = 0  # approved initiatives and meeting places today
    current_entries: int = 0  # … of them confirmed within the last 12 months
    hidden_entries: int = 0  # … of them hidden for being unconfirmed too long
    ideas: ParticipationFigures = field(default_factory=ParticipationFigures)  # residents' ideas

    @property
    def current_share(self) -> float | None:
        return self.current_entries / self.entries if self.entries else None

    @property
    def participants(self) -> int:
        return sum(count for _conference, count in self.conferences)


def raised_in(need: Need, start: date, end: date) -> bool:
    conference = need.conference
    if conference is not None and conference.date is not None:
        return start <= conference.date <= end
    if conference is not None:
        return start.year <= conference.year <= end.year
    return start <= to_local(need.created_at).date() <= end


def active_in(measure: Measure, start: date, end: date) -> bool:
    """Whether a measure runs during the period (see the module docstring)."""
    begun = measure.starts_on or to_local(measure.created_at).date()
    return begun <= end and (measure.ends_on is None or measure.ends_on >= start)


def interim_report(kommune: Kommune, start: date, end: date) -> InterimReport:
    report = InterimReport(kommune, start, end)
    all_needs = db.session.scalars(select(Need).where(Need.kommune_id == kommune.id).order_by(Need.title))
    report.needs = [need for need in all_needs if raised_in(need, start, end)]
    ids = [need.id for need in report.needs]
    report.connected = connected_need_ids(ids)
    measures = list(db.session.scalars(select(Measure).where(Measure.kommune_id == kommune.id)))
    done_needs = {n.id for m in measures if m.status == MeasureStatus.DONE for n in m.needs}
    report.addressed = {
        need.id for need in report.needs if need.status == NeedStatus.DONE or need.id in done_needs
    }
    snapshot = candidate_snapshot()
    for need in report.needs:  # the rule of the gap page (matching.services.match_need)
        if need.status != NeedStatus.DONE:
            result = match_need(snapshot, need, limit=1)
            if result.gap:
                report.gaps[need.id] = result.reasons
    report.measures = sorted(
        (m for m in measures if active_in(m, start, end)), key=lambda m: (m.starts_on or date.min, m.title)
    )
    report.measures_by_status = dict.fromkeys((s.value for s in MeasureStatus), 0)
    for measure in report.measures:
        report.measures_by_status[measure.status] += 1
    report.new_initiatives = _new(Initiative, kommune.id, start, end)
    report.new_places = _new(MeetingPlace, kommune.id, start, end)
    _count_current(report, kommune.id)
    conferences = db.session.scalars(
        select(Conference)
        .where(Conference.kommune_id == kommune.id, Conference.date >= start, Conference.date <= end)
        .order_by(Conference.date)
    )
    report.conferences = [(c, confirmed_count(c.id)) for c in conferences]
    report.ideas = participation_figures(kommune.id, start, end)
    return report


def _count_current(report: InterimReport, kommune_id: int) -> None:
    """How many approved entries of the Kommune there are, are current, and are hidden as stale."""
    cutoff = utcnow() - STALE_AFTER
    for model in (Initiative, MeetingPlace):
        approved = (model.kommune_id == kommune_id, model.status == ModerationStatus.APPROVED.value)
        total, current, hidden = db.session.execute(
            select(
                func.count(),
                func.count().filter(~unconfirmed_since(model, cutoff)),
                func.count().filter(model.hidden_as_stale_at.is_not(None)),
            )
            .select_from(model)
            .where(*approved)
        ).one()
        report.entries += total
        report.current_entries += current
        report.hidden_entries += hidden


def _new(model, kommune_id: int, start: date, end: date) -> int:
    """Approved entries registered on the site and first recorded in the period (timestamps are
    naive UTC on both backends); imported ones have no submitter and are not new members."""
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    query = (
        select(func.count())
        .select_from(model)
        .where(
            model.kommune_id == kommune_id,
            model.status == ModerationStatus.APPROVED.value,
            model.submitter_email.is_not(None),
            model.created_at >= since,
            model.created_at < until,
        )
    )
    return db.session.scalar(query)
