"""A need's internal note (issue 15, section 3): planners keep it on the need, and nothing public
ever shows it – no page, API answer, export, search hit, feed or matching reason. The need form
says that the description, unlike the note, is public at once."""

import json

import pytest

from tests.network.test_workspace import create_need, setup_registry
from tests.submissions.helpers import login, logout
from tests.url_map import NOTE_MARKER, make_world
from zwk_network.exchange.exporter import export_entries
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.network.services import candidates

NOTE = NOTE_MARKER


def test_the_need_form_says_what_is_public_and_keeps_the_note(app, client):
    setup_registry()
    login(client)
    form = client.get("/intern/bedarfe/neu").get_data(as_text=True)
    assert "Öffentlich sichtbar" in form and "Interne Notiz" in form and "Wird nie veröffentlicht" in form
    response = create_need(client, internal_note=f"{NOTE}: Frau Beispiel vom Jugendamt rief an")
    assert response.status_code == 302
    need = db.session.scalar(db.select(Need))
    assert need.internal_note == f"{NOTE}: Frau Beispiel vom Jugendamt rief an"
    workspace = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{NOTE}: Frau Beispiel vom Jugendamt rief an" in workspace
    edit = client.get(f"/intern/bedarfe/{need.id}/bearbeiten").get_data(as_text=True)
    assert NOTE in edit
    logout(client)
    assert NOTE not in client.get(f"/bedarfe/{need.id}").get_data(as_text=True)


def test_the_note_reaches_no_export_and_no_matching_reason(app, client, tmp_path):
    setup_registry()
    login(client)
    # Words of an initiative in the note: if matching read it, they would show up as a reason.
    assert create_need(client, internal_note=f"{NOTE} Skatepark Ostdorf Jugendclub").status_code == 302
    need = db.session.scalar(db.select(Need))
    result = candidates(need)
    assert result.matches and NOTE not in repr(result)
    for fmt in ("geojson", "csv"):
        path = tmp_path / f"needs.{fmt}"
        assert export_entries("needs", fmt, str(path)) == 1
        text = path.read_text(encoding="utf-8")
        assert NOTE not in text and "Angebote für Jugendliche" in text
    properties = json.loads((tmp_path / "needs.geojson").read_text())["features"][0]["properties"]
    assert "internal_note" not in properties


# That no public route shows the note (the walk of every route with every query) is tested in
# tests/test_visibility.py::test_no_public_route_shows_a_need_note, beside the walk's other reader.


@pytest.mark.parametrize("audience", ["public", "export"])
def test_the_serializer_never_writes_the_note(app, audience):
    from zwk_network.serialize import need_properties

    world = make_world("Sichtbar")
    world["need"].internal_note = f"{NOTE} vertraulich"
    db.session.commit()
    properties = need_properties(world["need"], audience)
    assert "internal_note" not in properties and NOTE not in json.dumps(properties, default=str)
