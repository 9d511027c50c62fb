"""From idea to measure: a contribution's links to the needs it answers and the measures that take
it up, how far a published idea has come, and the figures of the Werkstattplan and Zwischenbilanz.

Only published contributions are public (services.PUBLIC_STATES); everything here that feeds a
public page filters on that. Counts for the Zwischenbilanz read every contribution, but never show
one."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..conferences.models import Conference
from ..errors import InvalidInput
from ..extensions import db
from ..measures.models import Measure, MeasureStatus
from ..needs.models import Need
from .labels import PUBLISHABLE, ContributionStatus, IdeaProgress
from .models import Contribution, Support, contribution_needs
from .services import ENTRY_TYPE, PUBLIC_STATES, _reviewed, short_title

MEASURE_TITLE_LENGTH = 120
#: More links than a Kommune has needs and measures is not a planner's choice.
MAX_LINKS = 500


def progress_of(contribution: Contribution) -> str:
    """Published, taken up (linked to a need or a measure) or realised (one of its measures done)."""
    if any(measure.status == MeasureStatus.DONE.value for measure in contribution.measures):
        return IdeaProgress.REALISED.value
    if contribution.measures or contribution.needs or contribution.need_id is not None:
        return IdeaProgress.TAKEN_UP.value
    return IdeaProgress.PUBLISHED.value


def turn_into_measure(contribution: Contribution) -> Measure:
    """A new measure from the contribution (status „Idee“; title and description from its text, the
    needs it answers), for the planner to complete in the measure form. The link stays: the idea
    shows the measure, the Werkstattplan the chain. A published contribution stays public; one not
    yet reviewed is marked as taken up as a measure and stays internal."""
    text = " ".join(contribution.text.split())
    measure = Measure(
        kommune_id=contribution.kommune_id,
        title=short_title(text, MEASURE_TITLE_LENGTH),
        description=contribution.text[:5000],
        status=MeasureStatus.IDEA.value,
    )
    measure.needs = list(
        {need.id: need for need in [*contribution.needs, contribution.need] if need}.values()
    )
    db.session.add(measure)
    db.session.flush()
    contribution.measures = [*contribution.measures, measure]
    record("Maßnahme angelegt", "measure", _Named(measure.id, measure.title), note=_("aus einem Beitrag"))
    if contribution.status not in (ContributionStatus.PENDING.value, ContributionStatus.ANSWERED.value):
        # Published, or already a need: it keeps its state (and stays where it is), the link tells the rest.
        record("als Maßnahme aufgegriffen", ENTRY_TYPE, contribution, note=measure.title)
    else:
        _reviewed(contribution, ContributionStatus.MEASURE.value, "als Maßnahme aufgenommen", measure.title)
    return measure


def set_links(contribution: Contribution, need_ids, measure_ids, conference_id: int | None) -> None:
    """The needs a contribution answers, the measures that take it up and the conference it was raised
    at, as the planner chose them: all of the contribution's Kommune, else InvalidInput."""
    kommune_id = contribution.kommune_id
    need_ids, measure_ids = list(need_ids), list(measure_ids)
    if len(need_ids) + len(measure_ids) > MAX_LINKS:
        raise InvalidInput({"needs": _("Bitte wählen Sie höchstens %(num)s Verknüpfungen.", num=MAX_LINKS)})
    needs = list(db.session.scalars(select(Need).where(Need.id.in_(need_ids))))
    measures = list(db.session.scalars(select(Measure).where(Measure.id.in_(measure_ids))))
    conference = db.session.get(Conference, conference_id) if conference_id else None
    errors = {}
    if len(needs) != len(set(need_ids)) or any(need.kommune_id != kommune_id for need in needs):
        errors["needs"] = _("Bitte wählen Sie nur Bedarfe dieser Kommune.")
    if len(measures) != len(set(measure_ids)) or any(m.kommune_id != kommune_id for m in measures):
        errors["measures"] = _("Bitte wählen Sie nur Maßnahmen dieser Kommune.")
    if conference_id and (conference is None or conference.kommune_id != kommune_id):
        errors["conference"] = _("Bitte wählen Sie eine Konferenz dieser Kommune.")
    if errors:
        raise InvalidInput(errors)
    before = {
        "needs": sorted(n.id for n in contribution.needs),
        "measures": sorted(m.id for m in contribution.measures),
        "conference": contribution.conference_id,
    }
    contribution.needs, contribution.measures = needs, measures
    contribution.conference = conference
    after = {"needs": sorted(n.id for n in needs), "measures": sorted(m.id for m in measures)}
    after["conference"] = conference.id if conference else None
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        record("Verknüpfungen geändert", ENTRY_TYPE, contribution, changes=changes)


class _Named:
    """What the audit log reads from an entry: an id and a name."""

    def __init__(self, entry_id: int, name: str):
        self.id, self.name = entry_id, name


def _published():
    return (
        select(Contribution)
        .where(Contribution.status.in_(PUBLIC_STATES))
        .options(selectinload(Contribution.needs), selectinload(Contribution.measures))
    )


def published_with_location() -> list[Contribution]:
    """Published contributions that have a place on the map (a point, from the map or the town)."""
    query = _published().where(Contribution.lon.is_not(None), Contribution.lat.is_not(None))
    return list(db.session.scalars(query.order_by(Contribution.id)))


def ideas_of_conference(conference: Conference) -> list[Contribution]:
    """Published contributions raised at the conference, or answering a need named there."""
    of_needs = (
        select(contribution_needs.c.contribution_id).join(Need).where(Need.conference_id == conference.id)
    )
    query = _published().where(
        or_(Contribution.conference_id == conference.id, Contribution.id.in_(of_needs))
    )
    return list(db.session.scalars(query.order_by(Contribution.reviewed_at.desc(), Contribution.id.desc())))


def ideas_by_measure(kommune_id: int) -> dict[int, list[Contribution]]:
    """The published contributions of a Kommune that measures take up, by measure id."""
    query = _published().where(Contribution.kommune_id == kommune_id)
    found: dict[int, list[Contribution]] = {}
    for contribution in db.session.scalars(query.order_by(Contribution.id)):
        for measure in contribution.measures:
            found.setdefault(measure.id, []).append(contribution)
    return found


def ideas_by_need(kommune_id: int) -> dict[int, list[Contribution]]:
    """The published contributions of a Kommune that answer a need, by need id."""
    query = _published().where(Contribution.kommune_id == kommune_id)
    found: dict[int, list[Contribution]] = {}
    for contribution in db.session.scalars(query.order_by(Contribution.id)):
        for need_id in {n.id for n in contribution.needs} | ({contribution.need_id} - {None}):
            found.setdefault(need_id, []).append(contribution)
    return found


@dataclass
class ChainLink:
    """One need of the Werkstattplan with the published ideas that answer it, the measures for it
    and, through those measures, the ideas they took up."""

    need: Need
    ideas: list[Contribution] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


def idea_chain(
    needs: list[Need], measures: list[Measure]
) -> tuple[list[ChainLink], list[tuple[Measure, list[Contribution]]]]:
    """need → ideas → measures, for each need; and the measures that answer no need but take up
    ideas, with those ideas."""
    kommune_ids = {need.kommune_id for need in needs} | {measure.kommune_id for measure in measures}
    by_need: dict[int, list[Contribution]] = {}
    by_measure: dict[int, list[Contribution]] = {}
    for kommune_id in kommune_ids:
        by_need |= ideas_by_need(kommune_id)
        by_measure |= ideas_by_measure(kommune_id)
    links = []
    for need in needs:
        for_need = [m for m in measures if need in m.needs]
        ideas = {c.id: c for c in by_need.get(need.id, [])}
        for measure in for_need:
            ideas |= {c.id: c for c in by_measure.get(measure.id, [])}
        links.append(ChainLink(need, sorted(ideas.values(), key=lambda c: c.id), for_need))
    loose = [(m, by_measure[m.id]) for m in measures if not m.needs and by_measure.get(m.id)]
    return links, loose


@dataclass
class ParticipationFigures:
    """The residents' part of a Zwischenbilanz: ideas (and needs) received in the period, taken up,
    realised, and how many residents took part (submitters and supporters)."""

    received: int = 0
    taken_up: int = 0
    realised: int = 0
    submitters: int = 0
    supporters: int = 0

    @property
    def residents(self) -> int:
        return self.submitters + self.supporters


def participation_figures(kommune_id: int, start: date, end: date) -> ParticipationFigures:
    """Counting rules: ideas and needs sent through /mitmachen in the period (remarks and offers to help
    are not ideas); taken up: linked to a need or a measure, or merged into or turned into one;
    realised: a measure that took it up is done. Submitters: distinct e-mail addresses, and each
    contribution without one as one person; supporters: distinct browsers that said „Betrifft mich
    auch“ in the period to a contribution or a need of the Kommune (by the keyed hash already stored:
    nothing new is kept). The two cannot be matched, so a resident who did both counts twice."""
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    period = (
        Contribution.kommune_id == kommune_id,
        Contribution.created_at >= since,
        Contribution.created_at < until,
    )
    ideas = list(
        db.session.scalars(
            select(Contribution)
            .where(*period, Contribution.kind.in_(PUBLISHABLE))
            .options(selectinload(Contribution.needs), selectinload(Contribution.measures))
        )
    )
    figures = ParticipationFigures(received=len(ideas))
    for contribution in ideas:
        progress = progress_of(contribution)
        figures.taken_up += progress != IdeaProgress.PUBLISHED.value
        figures.realised += progress == IdeaProgress.REALISED.value
    emails = db.session.execute(select(Contribution.email).where(*period)).scalars().all()
    figures.submitters = len({e.strip().casefold() for e in emails if e}) + sum(1 for e in emails if not e)
    of_kommune = select(Contribution.id).where(Contribution.kommune_id == kommune_id)
    needs_of_kommune = select(Need.id).where(Need.kommune_id == kommune_id)
    figures.supporters = db.session.scalar(
        select(func.count(func.distinct(Support.browser_hash))).where(
            Support.created_at >= since,
            Support.created_at < until,
            or_(
                (Support.target_type == ENTRY_TYPE) & Support.target_id.in_(of_kommune),
                (Support.target_type == "need") & Support.target_id.in_(needs_of_kommune),
            ),
        )
    )
    return figures
