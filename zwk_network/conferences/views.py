"""Public list and detail pages of conferences."""

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from ..list_views import render_list
from ..listing import parse_list_filters
from ..maps.detail import detail_map
from ..needs.services import needs_of_conference, needs_of_region
from ..participation.ideas import ideas_of_conference
from ..participation.labels import KIND_LABELS
from ..registrations.services import places_left_of
from .calendar import calendar_of
from .services import calendar_conferences, get_conference, list_conferences

bp = Blueprint("conferences", __name__)


@bp.get("/konferenzen")
def conferences():
    """All conferences, filterable by Kommune and region."""
    filters = parse_list_filters(request.args)
    page = list_conferences(filters)
    conferences = [item[0] if isinstance(item, tuple) else item for item in page.items]
    return render_list(
        "conferences/list.html", page, filters, "conferences.conferences", places=places_left_of(conferences)
    )


@bp.get("/konferenzen/<int:conference_id>")
def conference(conference_id: int):
    """One conference with its venue, time, needs, and the residents' published ideas raised there."""
    conference = get_conference(conference_id)
    return render_template(
        "conferences/detail.html",
        conference=conference,
        needs=(needs := needs_of_conference(conference.id)),
        region_needs=needs_of_region(conference.region_id, needs),
        ideas=ideas_of_conference(conference),
        kind_labels=KIND_LABELS,
        page_map=detail_map(conference),
        places=places_left_of([conference]),
    )


@bp.get("/konferenzen.ics")
def calendar():
    """The conferences with a date as an iCalendar feed; `kommune`, `region`, `theme` filter it."""
    filters = parse_list_filters(request.args)
    data = calendar_of(calendar_conferences(filters), _("Konferenzen der Zukunftswerkstatt Kommunen"))
    return _ics(data, "konferenzen.ics")


@bp.get("/konferenzen/<int:conference_id>.ics")
def conference_calendar(conference_id: int):
    """One conference as an iCalendar file (404 while it has no date)."""
    conference = get_conference(conference_id)
    if conference.date is None:
        abort(404)
    return _ics(calendar_of([conference], conference.title), f"{conference.slug}.ics")


def _ics(data: bytes, filename: str):
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.charset = "utf-8"
    return response
