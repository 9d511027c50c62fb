"""Measures: public pages (without notes), the planners' form, and the printable Werkstattplan."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.services import kommunen_of, require_scope
from ..errors import ValidationFailed
from ..extensions import db
from ..forms import select_choices
from ..municipalities.services import get_kommune
from ..needs.models import Need
from ..participation.ideas import idea_chain, ideas_by_measure
from ..staff.notices import notify
from ..timeutil import local_today
from .forms import MeasureForm, NoteForm
from .schema import MEASURE, STATUS_LABELS
from .services import (
    add_note,
    get_measure,
    initiatives_for,
    measures_of_kommune,
    measures_of_kommunen,
    needs_for,
    save_measure,
)

bp = Blueprint("measures", __name__)


@bp.get("/kommunen/<slug>/massnahmen")
def of_kommune(slug: str):
    """The measures of a Kommune, as the public sees them (no notes)."""
    kommune = get_kommune(slug)
    return render_template(
        "measures/list.html", kommune=kommune, measures=measures_of_kommune(kommune.id), labels=STATUS_LABELS
    )


@bp.get("/massnahmen/<int:measure_id>")
def measure(measure_id: int):
    """One measure, as the public sees it: no progress notes; the residents' published ideas it takes up."""
    measure = get_measure(measure_id)
    ideas = ideas_by_measure(measure.kommune_id).get(measure.id, [])
    return render_template("measures/detail.html", measure=measure, ideas=ideas, labels=STATUS_LABELS)


@bp.get("/kommunen/<slug>/werkstattplan")
def workshop_plan(slug: str):
    """The Werkstattplan: needs, measures, responsible actors and timelines, and the chain need →
    residents' published ideas → measures → responsible actors, for printing."""
    kommune = get_kommune(slug)
    needs = list(db.session.scalars(select(Need).where(Need.kommune_id == kommune.id).order_by(Need.title)))
    needs.sort(key=lambda need: (need.region.name if need.region else "", need.title))
    measures = measures_of_kommune(kommune.id)
    chain, loose = idea_chain(needs, measures)
    return render_template(
        "measures/workshop_plan.html",
        kommune=kommune,
        needs=needs,
        measures=measures,
        chain=[link for link in chain if link.ideas],
        loose=loose,
        labels=STATUS_LABELS,
        today=local_today(),
    )


@bp.get("/intern/massnahmen")
@login_required
def staff_list():
    """The measures of the planner's Kommunen, to edit and to note progress."""
    kommunen = kommunen_of(current_user)
    measures = measures_of_kommunen([kommune.id for kommune in kommunen])
    return render_template(
        "measures/staff_list.html", kommunen=kommunen, measures=measures, labels=STATUS_LABELS
    )


@bp.route("/intern/massnahmen/neu", methods=["GET", "POST"])
@login_required
def new():
    """A new measure for needs of the planner's Kommunen."""
    return _form(None)


@bp.route("/intern/massnahmen/<int:measure_id>", methods=["GET", "POST"])
@login_required
def edit(measure_id: int):
    """Change a measure of one of the planner's Kommunen; its notes below."""
    measure = get_measure(measure_id)
    require_scope(current_user, measure.kommune_id, f"measure {measure_id}")
    return _form(measure)


@bp.post("/intern/massnahmen/<int:measure_id>/notiz")
@login_required
def note(measure_id: int):
    """Add a dated progress note to a measure (internal)."""
    measure = get_measure(measure_id)
    require_scope(current_user, measure.kommune_id, f"measure {measure_id}")
    form = NoteForm()
    if not form.validate_on_submit():
        return _render(MeasureForm(formdata=None), measure, form), 400
    add_note(measure, form.noted_on.data, form.text.data, current_user.id)
    db.session.commit()
    notify(_("Fortschritt notiert."))
    return redirect(url_for("measures.edit", measure_id=measure.id))


def _form(measure):
    """The measure form: shown, or its values saved (the form again with the reasons if refused)."""
    kommunen = kommunen_of(current_user)
    form = _measure_form(kommunen)
    if request.method == "GET" and measure is not None:
        _fill(form, measure)
    if request.method == "POST" and form.validate():
        try:
            saved = save_measure(measure, _measure_data(form, kommunen))
        except ValidationFailed as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
        else:
            db.session.commit()
            notify(_("Maßnahme „%(title)s“ gespeichert.", title=saved.title))
            return redirect(url_for("measures.edit", measure_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return _render(form, measure, NoteForm(formdata=None, noted_on=local_today())), status


def _measure_form(kommunen) -> MeasureForm:
    """The form with the choices of the planner's Kommunen: their needs and approved initiatives."""
    form = MeasureForm()
    ids = [k.id for k in kommunen]
    form.kommune.choices = select_choices((k.slug, k.name) for k in kommunen)
    form.needs.choices = select_choices(
        (str(n.id), f"{n.title} ({n.region.name if n.region else n.kommune.name})") for n in needs_for(ids)
    )
    initiatives = initiatives_for(ids)
    form.responsible.choices = select_choices([("", "–"), *((str(i.id), i.name) for i in initiatives)])
    form.partners.choices = select_choices((str(i.id), i.name) for i in initiatives)
    return form


def _fill(form: MeasureForm, measure) -> None:
    form.title.data, form.description.data = measure.title, measure.description
    form.status.data = measure.status
    form.starts_on.data, form.ends_on.data = measure.starts_on, measure.ends_on
    form.kommune.data = measure.kommune.slug
    form.needs.data = [str(n.id) for n in measure.needs]
    form.responsible.data = str(measure.responsible_id or "")
    form.partners.data = [str(i.id) for i in measure.partners]


def _measure_data(form: MeasureForm, kommunen) -> dict:
    """The form's values as save_measure takes them (the choices hold only the planner's ids)."""
    kommune = next(k for k in kommunen if k.slug == form.kommune.data)
    return {
        **{name: form[name].data for name in MEASURE.names()},
        "kommune_id": kommune.id,
        "need_ids": [int(v) for v in form.needs.data or []],
        "responsible_id": int(form.responsible.data) if form.responsible.data else None,
        "partner_ids": [int(v) for v in form.partners.data or []],
    }


def _render(form, measure, note_form):
    return render_template(
        "measures/form.html", form=form, measure=measure, note_form=note_form, labels=STATUS_LABELS
    )
