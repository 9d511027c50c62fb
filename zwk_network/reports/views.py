"""The Zwischenbilanz of a Kommune for a period, and its Wegweiser (printed guide): pages and PDFs."""

from datetime import date

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from ..accounts.services import require_scope
from ..entries import kind_of
from ..errors import InvalidInput
from ..measures.schema import STATUS_LABELS as MEASURE_LABELS
from ..municipalities.services import get_kommune, list_regions, list_towns
from ..timeutil import local_today, period_errors
from .guide import build_guide, candidate_entries
from .interim import interim_report
from .pdf import cached_pdf, html_to_pdf, limit_pdf
from .svg import bars, needs_map

bp = Blueprint("reports", __name__)


@bp.get("/kommunen/<slug>/zwischenbilanz")
def interim(slug: str):
    """The interim report (Zwischenbilanz) of a Kommune for a period."""
    return render_template("reports/interim.html", **_context(slug), pdf=False)


@bp.get("/kommunen/<slug>/zwischenbilanz.pdf")
@limit_pdf
def interim_pdf(slug: str):
    """The interim report as PDF."""
    context = _context(slug)
    pdf = html_to_pdf(render_template("reports/interim_pdf.html", **context, pdf=True))
    report = context["report"]
    filename = f"zwischenbilanz-{slug}-{report.start.isoformat()}-{report.end.isoformat()}.pdf"
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )


@bp.get("/kommunen/<slug>/wegweiser")
def guide(slug: str):
    """The Wegweiser: the Kommune's approved initiatives and meeting places by town and theme, to print."""
    kommune = get_kommune(slug)
    try:
        guide = build_guide(kommune, request.args)
    except InvalidInput as error:  # the form stays, with the reasons above it: no dead end
        guide = build_guide(kommune, MultiDict())
        page = render_template(
            "reports/guide.html",
            guide=guide,
            kommune=kommune,
            regions=list_regions(slug),
            problems=error.errors,
        )
        return page, 400
    return render_template("reports/guide.html", guide=guide, kommune=kommune, regions=list_regions(slug))


@bp.get("/kommunen/<slug>/wegweiser.pdf")
@limit_pdf
def guide_pdf(slug: str):
    """The Wegweiser as a tagged PDF, A4 or A5 (format=a5)."""
    kommune = get_kommune(slug)
    guide = build_guide(kommune, request.args)
    limit = current_app.config["GUIDE_PDF_MAX_ENTRIES"]
    if len(guide.entries) > limit:  # minutes of a worker's CPU: said, not attempted (flask wegweiser pdf can)
        problem = _(
            "Dieser Wegweiser hätte %(num)s Einträge – als PDF erstellt die Website höchstens %(max)s. Bitte "
            "wählen Sie eine Region, ein Thema oder eine Zielgruppe, oder drucken Sie diese Seite aus.",
            num=len(guide.entries),
            max=limit,
        )
        html = render_template(
            "reports/guide.html", guide=guide, kommune=kommune, regions=list_regions(slug), problem=problem
        )
        return html, 400
    pdf = cached_pdf(
        "wegweiser",
        guide.version(),
        lambda: html_to_pdf(render_template("reports/guide_pdf.html", guide=guide)),
    )
    filename = f"wegweiser-{slug}-{guide.page_size}.pdf"
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )


@bp.get("/intern/kommunen/<slug>/wegweiser")
@login_required
def guide_planner(slug: str):
    """Planners choose what goes into the Wegweiser: region, theme, target group, entries left out."""
    kommune = get_kommune(slug)
    require_scope(current_user, kommune.id, f"Kommune {slug}")
    guide = build_guide(kommune, request.args)
    entries = [(kind_of(entry).type, entry) for entry in candidate_entries(kommune, request.args)]
    return render_template(
        "reports/guide_planner.html", guide=guide, entries=entries, regions=list_regions(slug)
    )


def _context(slug: str) -> dict:
    kommune = get_kommune(slug)
    start, end = _period(request.args)
    report = interim_report(kommune, start, end)
    needs_chart = bars(
        {
            _("genannt"): len(report.needs),
            _("vernetzt"): len(report.connected),
            _("angegangen"): len(report.addressed),
        }
    )
    measures_chart = bars({str(MEASURE_LABELS[s]): n for s, n in report.measures_by_status.items()})
    ideas_chart = bars(
        {
            _("eingegangen"): report.ideas.received,
            _("aufgegriffen"): report.ideas.taken_up,
            _("umgesetzt"): report.ideas.realised,
        }
    )
    return {
        "kommune": kommune,
        "report": report,
        "needs_chart": needs_chart,
        "measures_chart": measures_chart,
        "ideas_chart": ideas_chart,
        "needs_map": needs_map(kommune, report.needs, list_towns(kommune)),
        "measure_labels": MEASURE_LABELS,
    }


def _period(args) -> tuple[date, date]:
    today = local_today()
    errors, values = {}, {}
    for name, default in (("von", date(today.year - 1, today.month, 1)), ("bis", today)):
        text = args.get(name, "")
        try:
            values[name] = date.fromisoformat(text) if text else default
        except ValueError:
            errors[name] = _("ist kein Datum (JJJJ-MM-TT)")
    if not errors:
        errors = period_errors(values["von"], values["bis"], "bis")
    if errors:
        raise InvalidInput(errors)
    return values["von"], values["bis"]
