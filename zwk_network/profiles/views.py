"""The Kommunalprofil: the public page and its PDF; the staff's SWOT items, key figures and import."""

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.services import kommunen_of, require_scope
from ..errors import ValidationFailed
from ..extensions import db
from ..forms import ActionForm, require_action_token, select_choices
from ..measures.schema import STATUS_LABELS as MEASURE_LABELS
from ..measures.services import initiatives_for, measures_of_kommunen, needs_for
from ..municipalities.services import get_kommune, list_regions, list_towns
from ..reports.pdf import html_to_pdf, limit_pdf
from ..reports.svg import bars, entries_map
from ..staff.notices import notify
from ..taxonomy import THEMES
from .figures_import import MAX_BYTES, import_key_figures
from .forms import FigureImportForm, KeyFigureForm, SwotForm
from .profile import kommune_profile
from .schema import CATEGORY_HEADINGS, CATEGORY_LABELS, KEY_FIGURE, SWOT_ITEM
from .services import (
    delete_key_figure,
    delete_swot_item,
    get_key_figure,
    get_swot_item,
    key_figures_of,
    save_key_figure,
    save_swot_item,
    swot_items_of,
)

bp = Blueprint("profiles", __name__)


@bp.get("/kommunen/<slug>/profil")
def profile(slug: str):
    """The Kommunalprofil: inventory by region and theme, map, SWOT analysis, key figures."""
    return render_template("profiles/profile.html", **_context(slug), pdf=False)


@bp.get("/kommunen/<slug>/profil.pdf")
@limit_pdf
def profile_pdf(slug: str):
    """The Kommunalprofil as a tagged PDF."""
    pdf = html_to_pdf(render_template("profiles/profile_pdf.html", **_context(slug), pdf=True))
    disposition = f'inline; filename="kommunalprofil-{slug}.pdf"'
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": disposition})


def _context(slug: str) -> dict:
    kommune = get_kommune(slug)
    profile = kommune_profile(kommune)
    inventory = inventory_charts(profile.inventory)
    page_map = entries_map(
        kommune, profile.inventory.initiatives, profile.inventory.places, list_towns(kommune)
    )
    return {
        "kommune": kommune,
        "profile": profile,
        **inventory,
        "entries_map": page_map,
        "headings": CATEGORY_HEADINGS,
        "theme_labels": THEMES,
        "measure_labels": MEASURE_LABELS,
    }


def inventory_charts(inventory) -> dict:
    return {
        "region_chart": bars({row.label: row.entries for row in inventory.by_region}),
        "theme_chart": bars({row.label: row.entries for row in inventory.by_theme}),
    }


@bp.get("/intern/kommunalprofil")
@login_required
def staff_list():
    """The SWOT items and key figures of the planner's Kommunen, to add, change and import."""
    kommunen = kommunen_of(current_user)
    ids = [kommune.id for kommune in kommunen]
    return render_template(
        "profiles/staff_list.html",
        kommunen=kommunen,
        items=swot_items_of(ids),
        figures=key_figures_of(ids),
        labels=CATEGORY_LABELS,
        theme_labels=THEMES,
    )


@bp.route("/intern/kommunalprofil/swot/neu", methods=["GET", "POST"])
@login_required
def new_swot():
    """A new strength, weakness, opportunity or risk of one of the planner's Kommunen."""
    return _swot_form(None)


@bp.route("/intern/kommunalprofil/swot/<int:swot_id>", methods=["GET", "POST"])
@login_required
def edit_swot(swot_id: int):
    """Change a SWOT item of one of the planner's Kommunen."""
    item = get_swot_item(swot_id)
    require_scope(current_user, item.kommune_id, f"swot item {swot_id}")
    return _swot_form(item)


@bp.post("/intern/kommunalprofil/swot/<int:swot_id>/loeschen")
@login_required
def delete_swot(swot_id: int):
    """Delete a SWOT item of one of the planner's Kommunen."""
    item = get_swot_item(swot_id)
    require_scope(current_user, item.kommune_id, f"swot item {swot_id}")
    require_action_token()
    label = CATEGORY_LABELS[item.category]
    delete_swot_item(item)
    db.session.commit()
    notify(_("%(kind)s gelöscht.", kind=label))
    return redirect(url_for("profiles.staff_list"))


@bp.route("/intern/kommunalprofil/kennzahlen/neu", methods=["GET", "POST"])
@login_required
def new_figure():
    """A new key figure of one of the planner's Kommunen."""
    return _figure_form(None)


@bp.route("/intern/kommunalprofil/kennzahlen/<int:figure_id>", methods=["GET", "POST"])
@login_required
def edit_figure(figure_id: int):
    """Change a key figure of one of the planner's Kommunen."""
    figure = get_key_figure(figure_id)
    require_scope(current_user, figure.kommune_id, f"key figure {figure_id}")
    return _figure_form(figure)


@bp.post("/intern/kommunalprofil/kennzahlen/<int:figure_id>/loeschen")
@login_required
def delete_figure(figure_id: int):
    """Delete a key figure of one of the planner's Kommunen."""
    figure = get_key_figure(figure_id)
    require_scope(current_user, figure.kommune_id, f"key figure {figure_id}")
    require_action_token()
    name = figure.name
    delete_key_figure(figure)
    db.session.commit()
    notify(_("Kennzahl „%(name)s“ gelöscht.", name=name))
    return redirect(url_for("profiles.staff_list"))


@bp.route("/intern/kommunalprofil/kennzahlen/import", methods=["GET", "POST"])
@login_required
def import_figures():
    """Key figures from a CSV file for one of the planner's Kommunen: all rows, or none with a report."""
    kommunen = kommunen_of(current_user)
    form = FigureImportForm()
    form.kommune.choices = select_choices((k.slug, k.name) for k in kommunen)
    report = None
    if request.method == "POST" and form.validate():
        kommune = next(k for k in kommunen if k.slug == form.kommune.data)
        upload = form.file.data
        try:
            report = import_key_figures(kommune, upload.read(MAX_BYTES + 1))
        finally:
            upload.close()  # a large upload is a temporary file: closed once read
        if report.ok:
            db.session.commit()
            notify(
                _(
                    "Kennzahlen für %(name)s importiert: %(created)s neu, %(updated)s geändert.",
                    name=kommune.name,
                    created=report.created,
                    updated=report.updated,
                )
            )
            return redirect(url_for("profiles.staff_list"))
        db.session.rollback()
    status = 400 if request.method == "POST" else 200
    page = render_template("profiles/import.html", form=form, report=report, schema=KEY_FIGURE)
    return page, status


def _swot_form(item):
    """The SWOT form: shown, or its values saved (the form again with the reasons if refused)."""
    kommunen = kommunen_of(current_user)
    form = _choices(SwotForm(), kommunen, links=True)
    if request.method == "GET" and item is not None:
        form.category.data, form.text.data, form.theme.data = item.category, item.text, item.theme or ""
        form.kommune.data, form.region.data = item.kommune.slug, str(item.region_id or "")
        form.needs.data = [str(n.id) for n in item.needs]
        form.initiatives.data = [str(i.id) for i in item.initiatives]
        form.measures.data = [str(m.id) for m in item.measures]
    if request.method == "POST" and form.validate():
        data = {
            **{name: form[name].data for name in SWOT_ITEM.names()},
            **_scope(form, kommunen),
            "need_ids": [int(v) for v in form.needs.data or []],
            "initiative_ids": [int(v) for v in form.initiatives.data or []],
            "measure_ids": [int(v) for v in form.measures.data or []],
        }
        try:
            saved = save_swot_item(item, data)
        except ValidationFailed as error:
            db.session.rollback()
            _show_errors(form, error)
        else:
            db.session.commit()
            notify(_("%(kind)s gespeichert.", kind=CATEGORY_LABELS[saved.category]))
            return redirect(url_for("profiles.staff_list"))
    page = render_template("profiles/swot_form.html", form=form, item=item, action=ActionForm())
    return page, 400 if request.method == "POST" else 200


def _figure_form(figure):
    """The key figure form: shown, or its values saved (the form again with the reasons if refused)."""
    kommunen = kommunen_of(current_user)
    form = _choices(KeyFigureForm(), kommunen, links=False)
    names = [spec.name for spec in KEY_FIGURE.form_fields()]
    if request.method == "GET" and figure is not None:
        for name in names:
            form[name].data = getattr(figure, KEY_FIGURE[name].attribute)
        form.value.data = str(int(figure.value)) if figure.value.is_integer() else str(figure.value)
        form.kommune.data, form.region.data = figure.kommune.slug, str(figure.region_id or "")
    if request.method == "POST" and form.validate():
        try:
            saved = save_key_figure(figure, {**{n: form[n].data for n in names}, **_scope(form, kommunen)})
        except ValidationFailed as error:
            db.session.rollback()
            _show_errors(form, error)
        else:
            db.session.commit()
            notify(_("Kennzahl „%(name)s“ gespeichert.", name=saved.name))
            return redirect(url_for("profiles.staff_list"))
    page = render_template("profiles/figure_form.html", form=form, figure=figure, action=ActionForm())
    return page, 400 if request.method == "POST" else 200


def _choices(form, kommunen, links: bool):
    """The form's choices, of the planner's Kommunen only: regions, and needs, approved initiatives
    and measures to link."""
    ids = [k.id for k in kommunen]
    form.kommune.choices = select_choices((k.slug, k.name) for k in kommunen)
    regions = [r for k in kommunen for r in list_regions(k.slug)]
    several = len(kommunen) > 1
    form.region.choices = select_choices(
        [
            ("", _("ganze Kommune")),
            *((str(r.id), f"{r.name} ({r.kommune.name})" if several else r.name) for r in regions),
        ]
    )
    if links:
        form.needs.choices = select_choices((str(n.id), n.title) for n in needs_for(ids))
        form.initiatives.choices = select_choices((str(i.id), i.name) for i in initiatives_for(ids))
        form.measures.choices = select_choices((str(m.id), m.title) for m in measures_of_kommunen(ids))
    return form


def _scope(form, kommunen) -> dict:
    """The chosen Kommune and region as ids (the choices hold only the planner's)."""
    kommune = next(k for k in kommunen if k.slug == form.kommune.data)
    return {"kommune_id": kommune.id, "region_id": int(form.region.data) if form.region.data else None}


def _show_errors(form, error: ValidationFailed) -> None:
    for name, reason in error.errors.items():
        form[name].errors = [*form[name].errors, reason]
