"""The Zwischenbilanz of a Kommune for a period: a page, and the same as PDF."""

from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _

from ..errors import InvalidInput
from ..measures.schema import STATUS_LABELS as MEASURE_LABELS
from ..municipalities.services import get_kommune, list_towns
from ..timeutil import period_errors, utcnow
from .interim import interim_report
from .pdf import html_to_pdf
from .svg import bars, needs_map

bp = Blueprint("reports", __name__)


@bp.get("/kommunen/<slug>/zwischenbilanz")
def interim(slug: str):
    """The interim report (Zwischenbilanz) of a Kommune for a period."""
    return render_template("reports/interim.html", **_context(slug), pdf=False)


@bp.get("/kommunen/<slug>/zwischenbilanz.pdf")
def interim_pdf(slug: str):
    """The interim report as PDF."""
    context = _context(slug)
    pdf = html_to_pdf(render_template("reports/interim_pdf.html", **context, pdf=True))
    report = context["report"]
    filename = f"zwischenbilanz-{slug}-{report.start.isoformat()}-{report.end.isoformat()}.pdf"
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
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
    return {
        "kommune": kommune,
        "report": report,
        "needs_chart": needs_chart,
        "measures_chart": measures_chart,
        "needs_map": needs_map(kommune, report.needs, list_towns(kommune)),
        "measure_labels": MEASURE_LABELS,
    }


def _period(args) -> tuple[date, date]:
    today = utcnow().date()
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
