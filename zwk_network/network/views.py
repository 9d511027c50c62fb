"""The planner workspace: needs, their candidates and connections, the overview (sign-in required)."""

import json

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.services import kommunen_of
from ..conferences.models import Conference
from ..entries import registered_kind_for_word
from ..errors import InvalidInput, ValidationFailed
from ..extensions import db
from ..forms import ActionForm, require_action_token, select_choices
from ..geo.geojson import geometry_to_geojson, to_geometry
from ..mail import commit_then_send, queue_mail
from ..maps.builders import network_map
from ..maps.detail import detail_map
from ..maps.embed import embed
from ..maps.picker import location_picker
from ..matching.kinds import suggest_kinds_for
from ..needs.models import Need
from ..needs.services import save_need
from ..spreadsheet import csv_download
from .forms import CONNECTION_LABELS, ConnectionForm, NeedForm
from .overview import overview_rows
from .services import (
    candidates,
    confirm_candidate,
    connection_for_planner,
    connections_of_need,
    dismiss_candidate,
    dismissed_of_need,
    introduction,
    mark_introduced,
    need_for_planner,
    network_of,
    published_entry,
    restore_candidate,
    update_connection,
)

bp = Blueprint("network", __name__, url_prefix="/intern")


@bp.get("/bedarfe")
@login_required
def needs():
    """The needs of the planner's Kommunen, by Kommune and region."""
    kommunen = kommunen_of(current_user)
    needs = db.session.scalars(select(Need).where(Need.kommune_id.in_([k.id for k in kommunen] or [-1])))
    by_kommune = {kommune.id: [] for kommune in kommunen}
    for need in sorted(needs, key=lambda n: (n.region.name if n.region else "", n.title)):
        by_kommune[need.kommune_id].append(need)
    return render_template("network/needs.html", kommunen=kommunen, needs_by_kommune=by_kommune)


@bp.route("/bedarfe/neu", methods=["GET", "POST"])
@login_required
def new_need():
    """Record a new need of one of the planner's Kommunen."""
    return _need_form(None)


@bp.route("/bedarfe/<int:need_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit_need(need_id: int):
    """Change a need of one of the planner's Kommunen."""
    return _need_form(need_for_planner(current_user, need_id))


@bp.get("/bedarfe/<int:need_id>")
@login_required
def workspace(need_id: int):
    """One need: its connections, its candidates to confirm or dismiss."""
    need = need_for_planner(current_user, need_id)
    return _render_workspace(need)


@bp.post("/bedarfe/<int:need_id>/kandidat/<word>/<int:entry_id>/<decision>")
@login_required
def decide_candidate(need_id: int, word: str, entry_id: int, decision: str):
    """Confirm, dismiss (after asking once) or restore a candidate of a need."""
    need = need_for_planner(current_user, need_id)
    kind = (registered_kind_for_word(word) or abort(404)).type
    require_action_token()
    if decision == "bestaetigen":
        score = request.form.get("score", type=float)
        confirm_candidate(current_user, need, kind, entry_id, score)
    elif decision == "verwerfen" and request.form.get("confirmed") != "1":  # ask once
        entry = published_entry(kind, entry_id)
        return render_template(
            "network/confirm_dismiss.html", need=need, entry=entry, word=word, action=ActionForm()
        )
    elif decision == "verwerfen":
        dismiss_candidate(current_user, need, kind, entry_id)
    elif decision == "wiederherstellen":
        restore_candidate(need, kind, entry_id)
    else:
        abort(404)
    db.session.commit()
    return redirect(url_for("network.workspace", need_id=need.id))


@bp.post("/vernetzung/<int:connection_id>")
@login_required
def update(connection_id: int):
    """Change a connection's state, notes and dates."""
    connection = connection_for_planner(current_user, connection_id)
    form = ConnectionForm()
    if not form.validate_on_submit():
        return _render_workspace(connection.need, errors=_form_errors(form))
    try:
        update_connection(
            connection,
            form.status.data,
            form.notes.data or "",
            _iso(form.started_on.data),
            _iso(form.ended_on.data),
        )
    except InvalidInput as error:
        db.session.rollback()
        return _render_workspace(connection.need, errors=error.errors)
    db.session.commit()
    return redirect(url_for("network.workspace", need_id=connection.need_id))


@bp.post("/vernetzung/<int:connection_id>/vorstellen")
@login_required
def introduce(connection_id: int):
    """Send the entry the introduction e-mail, naming the other actors linked to the need."""
    connection = connection_for_planner(current_user, connection_id)
    require_action_token()
    try:
        details = introduction(connection)
    except InvalidInput as error:
        return _render_workspace(connection.need, errors=error.errors)
    mark_introduced(connection)
    planner = current_user.name or current_user.email
    queue_mail(
        details["recipient"], "introduction", planner=planner, planner_email=current_user.email, **details
    )
    commit_then_send()
    return redirect(url_for("network.workspace", need_id=connection.need_id))


@bp.get("/netzwerk")
@login_required
def network_view():
    """The needs of the planner's Kommunen (or one region) with their connected actors, on a map."""
    kommunen = kommunen_of(current_user)
    region_slug = request.args.get("region") or None
    regions = [r for k in kommunen for r in k.regions]
    region = next((r for r in regions if f"{r.slug}@{r.kommune.slug}" == region_slug), None)
    if region_slug and region is None:
        raise InvalidInput({"region": _("unbekannte Region")})
    links = network_of([k.id for k in kommunen], region.id if region else None)
    page_map = None
    if links:
        lats = [n.lat for link in links for n in (link.need, link.entry)]
        lons = [n.lon for link in links for n in (link.need, link.entry)]
        bounds = [[min(lats) - 0.02, min(lons) - 0.03], [max(lats) + 0.02, max(lons) + 0.03]]
        page_map = embed(network_map(links, bounds), _("Karte: Bedarfe und verbundene Akteure"), "mini-map")
    return render_template(
        "network/network.html",
        links=links,
        regions=regions,
        region=region,
        labels=CONNECTION_LABELS,
        page_map=page_map,
    )


@bp.get("/uebersicht")
@login_required
def overview():
    """Per Kommune, region and theme: needs, needs with connections, gaps."""
    rows = overview_rows(kommunen_of(current_user))
    return render_template("network/overview.html", rows=rows)


@bp.get("/uebersicht.csv")
@login_required
def overview_csv():
    """The overview as CSV: per Kommune, region and theme."""
    rows = overview_rows(kommunen_of(current_user))
    header = [
        _("Kommune"),
        _("Region"),
        _("Thema"),
        _("Bedarfe"),
        _("mit Vernetzung"),
        _("Versorgungslücken"),
    ]
    cells = ([row.kommune, row.region, row.theme, row.needs, row.connected, row.gaps] for row in rows)
    return csv_download("bedarfe-uebersicht.csv", header, cells)


def _render_workspace(need, errors: dict | None = None):
    linked = connections_of_need(need.id)
    forms = {item.connection.id: ConnectionForm(obj=item.connection, formdata=None) for item in linked}
    page = render_template(
        "network/workspace.html",
        need=need,
        linked=linked,
        forms=forms,
        result=candidates(need),
        dismissed=dismissed_of_need(need.id),
        action=ActionForm(),
        labels=CONNECTION_LABELS,
        errors=errors or {},
        page_map=detail_map(need),
    )
    return page, 400 if errors else 200


def _need_form(need):
    form = NeedForm(obj=None)
    kommunen = kommunen_of(current_user)
    form.kommune.choices = [(k.slug, k.name) for k in kommunen]
    regions = [r for k in kommunen for r in k.regions]
    region_choices = [(f"{r.slug}@{r.kommune.slug}", f"{r.name} ({r.kommune.name})") for r in regions]
    form.region.choices = select_choices([("", _("ganze Kommune")), *region_choices])
    conferences = db.session.scalars(
        select(Conference).where(Conference.kommune_id.in_([k.id for k in kommunen]))
    )
    form.conference.choices = select_choices(
        [("", "–"), *((str(c.id), f"{c.title} ({c.year})") for c in conferences)]
    )
    if request.method == "GET" and need is not None:
        _fill(form, need)
    picker = location_picker(
        "n-point", _("Karte: Ort oder Fläche des Bedarfs wählen (optional)"), with_area=True
    )
    if request.method == "POST" and form.validate():
        try:
            saved = save_need(need, _need_data(form), kommunen)
        except ValidationFailed as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
        else:
            db.session.commit()
            return redirect(url_for("network.workspace", need_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "network/need_form.html", form=form, need=need, picker=picker, page_map=picker.map
    ), status


def _fill(form: NeedForm, need) -> None:
    form.title.data, form.description.data = need.title, need.description
    form.themes.data, form.target_groups.data = need.theme_slugs, need.target_group_slugs
    form.help_kinds.fill(need.help_kind_slugs, lambda: suggest_kinds_for("need", need))
    form.kommune.data = need.kommune.slug
    form.region.data = f"{need.region.slug}@{need.kommune.slug}" if need.region else ""
    form.conference.data = str(need.conference_id) if need.conference_id else ""
    form.priority.data, form.status.data = need.priority, need.status
    geometry = to_geometry(need.area) if need.area is not None else None
    if geometry is not None and geometry.geom_type == "Point":
        form.lat.data, form.lon.data = geometry.y, geometry.x
    elif geometry is not None:
        form.area.data = json.dumps(geometry_to_geojson(geometry))


def _need_data(form: NeedForm) -> dict:
    """The form's values as save_need takes them."""
    return {
        "title": form.title.data.strip(),
        "description": (form.description.data or "").strip(),
        "kommune": form.kommune.data,
        "region": tuple(form.region.data.split("@", 1)) if form.region.data else None,
        "conference_id": int(form.conference.data) if form.conference.data else None,
        "priority": form.priority.data,
        "status": form.status.data,
        "themes": form.themes.data or [],
        "target_groups": form.target_groups.data or [],
        "help_kinds": form.help_kinds.data or [],
        "lat": form.lat.data,
        "lon": form.lon.data,
        "area": form.area.data or "",
    }


def _form_errors(form) -> dict:
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def _iso(value) -> str:
    return value.isoformat() if value else ""
