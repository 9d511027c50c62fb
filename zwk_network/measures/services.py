"""Reading and writing measures; public readers never see progress notes."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..municipalities.models import Kommune
from ..needs.models import Need
from ..registry.models import Initiative, ModerationStatus
from ..timeutil import local_today, period_errors
from .models import Measure, ProgressNote, measure_partners
from .schema import MEASURE


def _measures():
    return select(Measure).options(
        selectinload(Measure.needs),
        selectinload(Measure.partners),
        selectinload(Measure.responsible),
        selectinload(Measure.kommune),
    )


def measures_of_kommune(kommune_id: int) -> list[Measure]:
    query = _measures().where(Measure.kommune_id == kommune_id)
    return list(
        db.session.scalars(query.order_by(Measure.starts_on.is_(None), Measure.starts_on, Measure.title))
    )


def measures_of_kommunen(kommune_ids) -> list[Measure]:
    """The measures of these Kommunen, by Kommune, then as measures_of_kommune orders them."""
    query = _measures().where(Measure.kommune_id.in_(list(kommune_ids) or [-1]))
    order = (Measure.kommune_id, Measure.starts_on.is_(None), Measure.starts_on, Measure.title)
    return list(db.session.scalars(query.order_by(*order)))


def get_measure(measure_id: int) -> Measure:
    measure = db.session.scalar(_measures().where(Measure.id == measure_id))
    if measure is None:
        raise NotFound(f"measure {measure_id}")
    return measure


def needs_for(kommune_ids) -> list[Need]:
    return list(
        db.session.scalars(
            select(Need).where(Need.kommune_id.in_(list(kommune_ids) or [-1])).order_by(Need.title)
        )
    )


def initiatives_for(kommune_ids) -> list[Initiative]:
    query = select(Initiative).where(
        Initiative.kommune_id.in_(list(kommune_ids) or [-1]),
        Initiative.status == ModerationStatus.APPROVED.value,
    )
    return list(db.session.scalars(query.order_by(Initiative.name)))


def save_measure(measure: Measure | None, data: dict) -> Measure:
    """Create or change a measure from form data (ids already limited to the planner's Kommune):
    the declared fields (measures/schema.py) by their rules, the end not before the start, the
    needs of the chosen Kommune; else ValidationFailed naming each field."""
    clean, errors = MEASURE.check_all(data, MEASURE.names())
    if not errors:
        errors = period_errors(clean["starts_on"], clean["ends_on"], "ends_on")
    kommune = db.session.get(Kommune, data["kommune_id"])
    needs = list(db.session.scalars(select(Need).where(Need.id.in_(data["need_ids"]))))
    if any(need.kommune_id != kommune.id for need in needs):
        errors["needs"] = str(_l("gehört nicht zur gewählten Kommune"))
    if errors:
        raise ValidationFailed(errors)
    created = measure is None
    measure = measure or Measure()
    for spec in MEASURE.column_fields():
        setattr(measure, spec.attribute, clean[spec.name])
    measure.kommune_id = kommune.id
    measure.responsible_id = data["responsible_id"]
    measure.needs = needs
    measure.partners = list(
        db.session.scalars(select(Initiative).where(Initiative.id.in_(data["partner_ids"])))
    )
    db.session.add(measure)
    db.session.flush()
    record(
        "Maßnahme angelegt" if created else "Maßnahme geändert", "measure", _Named(measure.id, measure.title)
    )
    return measure


def add_note(measure: Measure, noted_on: date, text: str, user_id: int) -> ProgressNote:
    note = ProgressNote(measure_id=measure.id, noted_on=noted_on, text=text.strip(), created_by_id=user_id)
    db.session.add(note)
    record("Fortschritt notiert", "measure", _Named(measure.id, measure.title), note=text[:200])
    return note


class _Named:
    """What the audit log reads from an entry: an id and a name."""

    def __init__(self, entry_id: int, name: str):
        self.id, self.name = entry_id, name


def note_measures_of_deleted(initiative: Initiative) -> None:
    """An initiative deletes itself: each measure it was responsible for or a partner in keeps a
    dated note of it (its name would otherwise vanish from the measure without a word)."""
    responsible = select(Measure).where(Measure.responsible_id == initiative.id)
    partner = select(Measure).join(measure_partners).where(measure_partners.c.initiative_id == initiative.id)
    for measure in db.session.scalars(responsible):
        text = _(
            "Die verantwortliche Initiative „%(name)s“ hat ihren Eintrag gelöscht.", name=initiative.name
        )
        measure.notes.append(ProgressNote(noted_on=local_today(), text=text))
    for measure in db.session.scalars(partner):
        text = _("Die Partner-Initiative „%(name)s“ hat ihren Eintrag gelöscht.", name=initiative.name)
        measure.notes.append(ProgressNote(noted_on=local_today(), text=text))
