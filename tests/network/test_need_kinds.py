"""Kinds of help of a need in the planner's need form, the workspace and the public need page."""

from sqlalchemy import select

from tests.factories import make_kommune, make_need
from tests.submissions.helpers import login, logout, make_staff, post_form
from tests.submissions.test_help_kinds import STAFF_SUGGESTION, SUGGESTION_NOTE, checked_kinds, kinds_row
from zwk_network.extensions import db
from zwk_network.needs.models import Need

NEED = {
    "title": "Jugendliche ohne Treff",
    "description": "Es fehlt ein Ort zum Treffen.",
    "themes": ["jugend"],
    "target_groups": ["jugendliche"],
    "kommune": "testkreis",
    "region": "west@testkreis",
    "priority": "hoch",
    "status": "offen",
    "conference": "",
}


def test_need_form_stores_kinds_and_pages_show_them(app, client):
    make_kommune()
    make_staff()
    login(client)
    form = client.get("/intern/bedarfe/neu").get_data(as_text=True)
    assert "Welche Art von Hilfe wird gebraucht?" in form
    assert checked_kinds(form) == [] and SUGGESTION_NOTE not in form

    created = post_form(client, "/intern/bedarfe/neu", {**NEED, "help_kinds": ["treffpunkt", "freizeit"]})
    assert created.status_code == 302
    need = db.session.scalar(select(Need))
    assert need.help_kind_slugs == ["treffpunkt", "freizeit"]
    workspace = client.get(f"/intern/bedarfe/{need.id}").get_data(as_text=True)
    assert "Gesuchte Art der Hilfe: Treffpunkt und Raum, Freizeit, Sport und Kultur</p>" in workspace
    edit = client.get(f"/intern/bedarfe/{need.id}/bearbeiten").get_data(as_text=True)
    assert checked_kinds(edit) == ["treffpunkt", "freizeit"] and SUGGESTION_NOTE not in edit

    # Editing with other kinds replaces them; the public page shows them by their labels.
    edited = {**NEED, "help_kinds": ["treffpunkt"]}
    assert post_form(client, f"/intern/bedarfe/{need.id}/bearbeiten", edited).status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, need.id).help_kind_slugs == ["treffpunkt"]
    logout(client)
    assert kinds_row(client.get(f"/bedarfe/{need.id}").get_data(as_text=True)) == "Treffpunkt und Raum"


def test_need_without_kinds_gets_a_marked_suggestion_in_the_edit_form_only(app, client):
    kommune = make_kommune()
    make_staff()
    need = make_need(kommune, title="Fahrdienst zum Arzt fehlt")
    public = client.get(f"/bedarfe/{need.id}").get_data(as_text=True)
    assert kinds_row(public) == "" and STAFF_SUGGESTION not in public
    login(client)
    assert STAFF_SUGGESTION in client.get(f"/bedarfe/{need.id}").get_data(as_text=True)
    assert "aus dem Text erkannt" in client.get(f"/intern/bedarfe/{need.id}").get_data(as_text=True)
    edit = client.get(f"/intern/bedarfe/{need.id}/bearbeiten").get_data(as_text=True)
    assert checked_kinds(edit) == ["versorgung", "fahrdienst"] and SUGGESTION_NOTE in edit
    db.session.expire_all()
    assert db.session.get(Need, need.id).help_kind_slugs == []  # shown, not stored


def test_need_form_refuses_unknown_kinds_plainly(app, client):
    make_kommune()
    make_staff()
    login(client)
    response = post_form(
        client, "/intern/bedarfe/neu", {**NEED, "help_kinds": ["treffpunkt", "'; DROP TABLE"]}
    )
    assert response.status_code == 400 and "unbekannte Auswahl" in response.get_data(as_text=True)
    assert NEED["title"] in response.get_data(as_text=True) and db.session.scalar(select(Need)) is None
