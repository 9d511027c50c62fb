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
from ..mail import Envelope, commit_then_send, queue_mail, render_mail
from ..maps.builders import network_map
from ..maps.detail import detail_map
from ..maps.embed import embed
from ..maps.picker import location_picker
from ..matching.kinds import suggest_kinds_for
from ..needs.models import Need
from ..needs.schema import NEED
from ..needs.services import save_need
from ..spreadsheet import csv_download
from ..staff.notices import notify
from .forms import ConnectionForm, IntroductionForm, NeedForm
from .overview import overview_rows
from .schema import CONNECTION_LABELS
from .services import (
    candidates,
    confirm_candidate,
    connection_for_planner,
    connections_of_need,
    dismiss_candidate,
    dismissed_of_need,
    introduction,
    need_for_planner,
    network_of,
    published_entry,
    restore_candidate,
    send_introduction,
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
        done = _("„%(name)s“ ist mit dem Bedarf verbunden.", name=published_entry(kind, entry_id).name)
    elif decision == "verwerfen" and request.form.get("confirmed") != "1":  # ask once
        entry = published_entry(kind, entry_id)
        return render_template(
            "network/confirm_dismiss.html", need=need, entry=entry, word=word, action=ActionForm()
        )
    elif decision == "verwerfen":
        dismiss_candidate(current_user, need, kind, entry_id)
        done = _("Der Vorschlag „%(name)s“ ist verworfen.", name=published_entry(kind, entry_id).name)
    elif decision == "wiederherstellen":
        restore_candidate(need, kind, entry_id)
        done = _("„%(name)s“ ist wieder ein Vorschlag.", name=published_entry(kind, entry_id).name)
    else:
        abort(404)
    db.session.commit()
    notify(done)
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
    notify(_("Vernetzung gespeichert."))
    return redirect(url_for("network.workspace", need_id=connection.need_id))


@bp.route("/vernetzung/<int:connection_id>/vorstellen", methods=["GET", "POST"])
@login_required
def introduce(connection_id: int):
    """The introduction e-mail as a preview the planner can edit; sent (after asking, if it went
    before) with the planner's name and Reply-To their address."""
    connection = connection_for_planner(current_user, connection_id)
    try:
        details = introduction(connection)
    except InvalidInput as error:
        page = render_template("network/introduce.html", connection=connection, problem=error.errors)
        return page, 200 if request.method == "GET" else 400
    form = IntroductionForm()
    if request.method == "GET":
        form.subject.data, form.text.data = render_mail("introduction", **_introduction_context(details))
    elif form.validate_on_submit():
        try:
            sent = send_introduction(connection, form.subject.data, form.text.data, form.again.data)
        except InvalidInput as error:
            db.session.rollback()
            for name, reason in error.errors.items():
                form[name].errors = [*form[name].errors, reason]
        else:
            # The planner's text is a value of the mail template, never a template itself.
            planner = current_user.name or current_user.email
            envelope = Envelope(sender_name=planner, reply_to=current_user.email)
            recipient, subject, text = sent
            queue_mail(recipient, "written", envelope, subject=subject, text=text)
            commit_then_send()
            notify(_("Die Vorstellungs-E-Mail an „%(name)s“ ist gesendet.", name=details["entry"].name))
            return redirect(url_for("network.workspace", need_id=connection.need_id))
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "network/introduce.html", connection=connection, details=details, form=form, problem=None
    )
    return page, status


def _introduction_context(details: dict) -> dict:
    """What the introduction template fills in: the need, the entry, the others, the planner."""
    planner = current_user.name or current_user.email
    return {**details, "planner": planner, "planner_email": current_user.email}


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
            notify(_("Bedarf „%(title)s“ gespeichert.", title=saved.title))
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
    form.internal_note.data = need.internal_note
    geometry = to_geometry(need.area) if need.area is not None else None
    if geometry is not None and geometry.geom_type == "Point":
        form.lat.data, form.lon.data = geometry.y, geometry.x
    elif geometry is not None:
        form.area.data = json.dumps(geometry_to_geojson(geometry))


def _need_data(form: NeedForm) -> dict:
    """The form's values as save_need takes them."""
    return {
        **{spec.name: form[spec.name].data for spec in NEED.form_fields()},  # save_need checks them
        "kommune": form.kommune.data,
        "region": tuple(form.region.data.split("@", 1)) if form.region.data else None,
        "conference_id": int(form.conference.data) if form.conference.data else None,
        "lat": form.lat.data,
        "lon": form.lon.data,
        "area": form.area.data or "",
    }


def _form_errors(form) -> dict:
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def _iso(value) -> str:
    return value.isoformat() if value else ""
