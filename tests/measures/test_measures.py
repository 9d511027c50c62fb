"""Measures: planners define them for needs; public pages and the Werkstattplan show no notes."""

from sqlalchemy import select

from tests.factories import make_kommune, make_listing, make_need
from tests.submissions.helpers import login, make_staff, post_form
from zwk_network.extensions import db
from zwk_network.measures.models import Measure
from zwk_network.registry.models import Initiative


def setup():
    kommune = make_kommune()
    make_staff()
    need = make_need(kommune, title="Mobilität im Westen")
    bus = make_listing(Initiative, "Bürgerbus Westdorf", 12.1, 53.8)
    chor = make_listing(Initiative, "Chor Westdorf", 12.11, 53.8)
    hidden = make_listing(Initiative, "Noch nicht geprüft", 12.12, 53.8, status="pending")
    return kommune, need, bus, chor, hidden


def test_define_measure_add_note_and_publish(app, client):
    _kommune, need, bus, chor, _hidden = setup()
    login(client)
    form = client.get("/intern/massnahmen/neu").get_data(as_text=True)
    assert "Bürgerbus Westdorf" in form and "Noch nicht geprüft" not in form  # only approved initiatives
    data = {
        "title": "Rufbus testen",
        "description": "Ein Jahr Rufbus am Wochenende.",
        "kommune": "testkreis",
        "status": "geplant",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "needs": [str(need.id)],
        "responsible": str(bus.id),
        "partners": [str(chor.id)],
    }
    response = post_form(client, "/intern/massnahmen/neu", data)
    assert response.status_code == 302
    measure = db.session.scalar(select(Measure))
    assert measure.needs == [need] and measure.responsible == bus and measure.partners == [chor]
    edit_url = f"/intern/massnahmen/{measure.id}"
    assert (
        post_form(
            client,
            edit_url + "/notiz",
            {"noted_on": "2027-02-01", "text": "Fahrer gefunden, intern"},
            token_from=edit_url,
        ).status_code
        == 302
    )
    public = client.get(f"/massnahmen/{measure.id}").get_data(as_text=True)
    assert "Rufbus testen" in public and "Bürgerbus Westdorf" in public and "Chor Westdorf" in public
    assert "Fahrer gefunden" not in public  # notes are internal
    plan = client.get("/kommunen/testkreis/werkstattplan").get_data(as_text=True)
    assert "Mobilität im Westen" in plan and "Rufbus testen" in plan and "1. Januar 2027" in plan
    assert "Fahrer gefunden" not in plan
    assert "Rufbus testen" in client.get("/kommunen/testkreis/massnahmen").get_data(as_text=True)


def test_bad_measures(app, client):
    setup()
    login(client)
    base = {"title": "X", "kommune": "testkreis", "status": "idee"}
    for changes, message in (
        ({"title": ""}, "Titel"),
        ({"starts_on": "2027-05-01", "ends_on": "2027-01-01"}, "vor dem Beginn"),
        ({"status": "fertig"}, "gültig"),
        ({"responsible": "99999"}, "gültig"),
    ):
        response = post_form(client, "/intern/massnahmen/neu", {**base, **changes})
        assert response.status_code == 400 and message in response.get_data(as_text=True), changes
    assert db.session.scalar(select(Measure)) is None
    assert client.get("/massnahmen/999").status_code == 404


def test_measures_need_sign_in_and_scope(app, client):
    kommune, *_ = setup()
    measure = Measure(kommune_id=kommune.id, title="Fremd")
    db.session.add(measure)
    db.session.commit()
    assert client.get("/intern/massnahmen/neu").status_code == 302
    from tests.submissions.test_staff import make_second_kommune

    other = make_second_kommune()
    make_staff("nachbar@example.org", kommunen=("nachbarkreis",))
    login(client, "nachbar@example.org")
    assert client.get(f"/intern/massnahmen/{measure.id}").status_code == 404
    assert other.slug == "nachbarkreis"
