"""From idea to measure (issue 19 §3): a contribution becomes a measure and stays linked to it,
planners link ideas to needs, measures and conferences, published ideas are on the map and the
conference page with how far they came, the Werkstattplan shows the chain and the Zwischenbilanz
counts; nothing unreviewed shows, and hostile or huge input is refused or stays data."""

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conferences.test_registration import make_conference
from tests.factories import make_kommune, make_listing, make_need
from tests.participation.test_participation import IDEA, only, press, send, support
from tests.submissions.helpers import login, make_staff, post_form
from zwk_network.extensions import db
from zwk_network.measures.models import Measure
from zwk_network.participation.ideas import participation_figures
from zwk_network.participation.models import Contribution
from zwk_network.timeutil import utcnow

TEXT = "Mitfahrbank am Dorfplatz"


@pytest.fixture
def kreis(app):
    kommune = make_kommune()
    make_staff()
    return kommune


def published(client, **changes) -> Contribution:
    """A resident's idea, sent and published by the planner (logged in afterwards)."""
    before = {c.id for c in db.session.scalars(select(Contribution))}
    assert send(client, **changes).status_code == 302
    contribution = db.session.scalar(select(Contribution).where(Contribution.id.not_in(before or {-1})))
    if client.get("/intern/anmelden").status_code != 302:  # not yet logged in
        login(client)
    assert press(client, contribution.id, "veroeffentlichen").status_code == 302
    return contribution


def map_layer(client) -> list[dict]:
    """The features of the public map's layer of residents' ideas (the page's JSON block)."""
    page = client.get("/karte").get_data(as_text=True)
    block = re.search(r'<script type="application/json" id="[^"]+-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(block)["layers"]["ideas"]["data"]["features"]


def test_a_published_idea_becomes_a_measure_and_the_chain_is_public(kreis, client, app):
    need = make_need(kreis, title="Mobilität im Westen")
    contribution = published(client)
    assert press(client, contribution.id, "verknuepfen", needs=str(need.id)).status_code == 302
    response = press(client, contribution.id, "massnahme")
    measure = db.session.scalar(select(Measure))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/intern/massnahmen/{measure.id}"
    )
    assert (
        measure.title.startswith("Eine Mitfahrbank") and measure.status == "idee" and measure.needs == [need]
    )
    db.session.expire_all()
    assert only().status == "veroeffentlicht" and [m.id for m in only().measures] == [measure.id]
    visitor = app.test_client()
    board = visitor.get("/ideen").get_data(as_text=True)
    assert (
        "Stand: aufgegriffen" in board
        and f"/massnahmen/{measure.id}" in board
        and f"/bedarfe/{need.id}" in board
    )
    plan = visitor.get("/kommunen/testkreis/werkstattplan").get_data(as_text=True)
    chain = plan.split('id="ideen-kette"')[1]
    assert "Mobilität im Westen" in chain and TEXT in chain and measure.title in chain
    measure.status, measure.responsible = "abgeschlossen", make_listing(name="Seniorenbüro West")
    db.session.commit()
    assert "Stand: umgesetzt" in visitor.get("/ideen").get_data(as_text=True)
    assert "Seniorenbüro West" in visitor.get("/kommunen/testkreis/werkstattplan").get_data(as_text=True)
    measure_page = visitor.get(f"/massnahmen/{measure.id}").get_data(as_text=True)
    assert (
        "Ideen von Bürgerinnen und Bürgern" in measure_page
        and f"/ideen#beitrag-{contribution.id}" in measure_page
    )
    [feature] = map_layer(visitor)
    assert TEXT in feature["properties"]["label"] and feature["properties"]["progress"] == "umgesetzt"
    assert feature["properties"]["url"] == f"/ideen#beitrag-{contribution.id}"


def test_an_unreviewed_idea_turned_into_a_measure_stays_internal(kreis, client, app):
    send(client)
    contribution = only()
    login(client)
    press(client, contribution.id, "massnahme")
    db.session.expire_all()
    assert only().status == "massnahme" and len(only().measures) == 1
    visitor = app.test_client()
    # The measure is the planner's (public, like every measure); the resident's idea is not.
    assert TEXT not in visitor.get("/ideen").get_data(as_text=True)
    assert map_layer(visitor) == []
    plan = visitor.get("/kommunen/testkreis/werkstattplan").get_data(as_text=True)
    assert TEXT not in plan.split('id="ideen-kette"')[1]
    measure_page = visitor.get(f"/massnahmen/{only().measures[0].id}").get_data(as_text=True)
    assert "Ideen von Bürgerinnen und Bürgern" not in measure_page


def test_the_map_shows_only_published_ideas_with_a_place(kreis, client, app):
    published(client)  # in Westdorf: a point
    send(client, text="Ein Jugendtreff ohne Ort, bitte.", town="")
    send(client, text="Noch nicht geprüft: ein Bolzplatz in Westdorf.")
    features = map_layer(app.test_client())
    assert len(features) == 1 and TEXT in features[0]["properties"]["label"]
    assert "Bolzplatz" not in app.test_client().get("/karte").get_data(as_text=True)


def test_planners_link_ideas_only_within_their_kommune(kreis, client):
    contribution = published(client)
    other = make_kommune("anderswo", "Anderswo")
    foreign_need = make_need(other, title="Fremder Bedarf")
    foreign_measure = Measure(kommune_id=other.id, title="Fremde Maßnahme", description="", status="idee")
    conference = make_conference()
    db.session.add(foreign_measure)
    db.session.commit()
    bad = (
        {"needs": str(foreign_need.id)},
        {"measures": str(foreign_measure.id)},
        {"needs": "x"},
        {"conference": "1e9"},
    )
    for data in bad:
        response = press(client, contribution.id, "verknuepfen", **data)
        assert response.status_code == 400 and "dieser Kommune" in response.get_data(as_text=True), data
    too_many = {"needs": [str(n) for n in range(2000)]}
    assert press(client, contribution.id, "verknuepfen", **too_many).status_code == 400
    assert press(client, contribution.id, "verknuepfen", conference=str(conference.id)).status_code == 302
    db.session.expire_all()
    assert only().conference_id == conference.id and only().needs == []


def test_the_conference_page_lists_its_published_ideas(kreis, client, app):
    conference = make_conference()
    need = make_need(kreis, title="Treffpunkt für Ältere")
    need.conference_id = conference.id
    db.session.commit()
    raised = published(client)
    press(client, raised.id, "verknuepfen", conference=str(conference.id))
    answering = published(client, text="Ein Erzählcafé im Pfarrhaus, einmal im Monat.")
    press(client, answering.id, "verknuepfen", needs=str(need.id))
    send(client, text="Ungeprüft: ein Kino im Dorf.")
    pending = db.session.scalar(select(Contribution).where(Contribution.status == "neu"))
    pending.conference_id = conference.id
    db.session.commit()
    page = app.test_client().get(f"/konferenzen/{conference.id}").get_data(as_text=True)
    ideas = page.split("Hier eingebrachte Ideen")[1]
    assert TEXT in ideas and "Erzählcafé" in ideas and "Kino" not in page


def test_the_interim_report_counts_ideas_and_residents(kreis, client, app):
    need = make_need(kreis)
    first = published(client, email="erika@example.org")
    second = published(client, text="Ein Bücherschrank an der Haltestelle.", email="ERIKA@example.org ")
    third = published(client, text="Eine Bank im Schatten am Friedhof.")
    send(client, kind="anregung", text="Die Webseite ist schwer zu lesen.", town="")  # not an idea
    press(client, first.id, "verknuepfen", needs=str(need.id))
    press(client, second.id, "massnahme")
    for browser in (app.test_client(), app.test_client()):
        support(browser, f"/ideen/{third.id}/betrifft-mich", "/ideen")
    support(app.test_client(), f"/bedarfe/{need.id}/betrifft-mich", "/ideen")
    db.session.scalar(select(Measure)).status = "abgeschlossen"
    db.session.commit()
    today = utcnow().date()
    figures = participation_figures(kreis.id, today - timedelta(days=1), today)
    assert (figures.received, figures.taken_up, figures.realised) == (3, 2, 1)
    # One address (in any case) and two contributions without one; three browsers supported.
    assert (figures.submitters, figures.supporters, figures.residents) == (3, 3, 6)
    assert participation_figures(kreis.id, date(2020, 1, 1), date(2020, 12, 31)).received == 0
    page = app.test_client().get("/kommunen/testkreis/zwischenbilanz").get_data(as_text=True)
    assert "3 Ideen und Bedarfe über „Mitmachen“ eingegangen, 2 davon aufgegriffen, 1 umgesetzt." in page
    assert "6 Bürgerinnen und Bürger haben mitgemacht" in page


def test_sending_ideas_is_rate_limited(kreis, client):
    statuses = [send(client, email="viel@example.org", town="").status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert db.session.scalar(select(db.func.count(Contribution.id))) == 5


def test_hostile_ideas_stay_data_on_every_new_page(kreis, client, app):
    hostile = "<script>alert(1)</script> {{ 7*7 }} {% raw %} <img src=x onerror=alert(2)>"
    conference = make_conference()
    need = make_need(kreis)
    contribution = published(client, text=hostile)
    press(client, contribution.id, "verknuepfen", needs=str(need.id), conference=str(conference.id))
    press(client, contribution.id, "massnahme")
    visitor = app.test_client()
    for url in ("/ideen", "/kommunen/testkreis/werkstattplan", f"/konferenzen/{conference.id}", "/karte"):
        page = visitor.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page and " 49 " not in page, url
    assert "{{ 7*7 }}" in map_layer(visitor)[0]["properties"]["label"]
    huge = post_form(client, "/mitmachen", {**IDEA, "text": "x" * 200_000})
    assert huge.status_code == 400
