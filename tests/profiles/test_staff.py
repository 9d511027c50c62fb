"""Planners write the SWOT analysis and key figures of their own Kommunen only: create, change,
delete, each in the audit log and confirmed; planners of another Kommune get 404."""

from sqlalchemy import select

from tests.submissions.helpers import csrf_token, login, make_staff, post_form
from tests.submissions.test_staff import make_second_kommune
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.measures.models import Measure
from zwk_network.municipalities.models import Region
from zwk_network.needs.models import Need
from zwk_network.profiles.models import KeyFigure, SwotItem

from .helpers import profile_fixture


def actions() -> list[tuple[str, str]]:
    return [
        (line.action, line.entry_type)
        for line in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def test_swot_item_created_changed_and_deleted(app, client):
    _kommune, rows = profile_fixture()
    make_staff()
    login(client)
    west = db.session.scalar(select(Region).where(Region.slug == "west"))
    form = client.get("/intern/kommunalprofil/swot/neu").get_data(as_text=True)
    assert "Dorfverein Westdorf" in form and "Wartet noch" not in form  # only approved initiatives offered
    assert "Busverbindung am Abend" in form and "Rufbus" in form
    data = {
        "category": "chance",
        "text": "Neue Bahnhaltestelle ab 2027",
        "kommune": "testkreis",
        "region": str(west.id),
        "theme": "mobilitaet",
        "needs": [str(rows["need"].id)],
        "initiatives": [str(rows["youth"].id)],
        "measures": [str(rows["bus"].id)],
    }
    response = post_form(client, "/intern/kommunalprofil/swot/neu", data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/intern/kommunalprofil")
    assert "Chance gespeichert." in client.get("/intern/kommunalprofil").get_data(as_text=True)
    item = db.session.scalar(select(SwotItem).where(SwotItem.category == "chance"))
    assert (item.region, item.theme, item.needs, item.initiatives, item.measures) == (
        west,
        "mobilitaet",
        [rows["need"]],
        [rows["youth"]],
        [rows["bus"]],
    )
    url = f"/intern/kommunalprofil/swot/{item.id}"
    assert "Neue Bahnhaltestelle ab 2027" in client.get(url).get_data(as_text=True)
    changed = {**data, "text": "Neue Bahnhaltestelle ab 2028", "region": "", "theme": "", "measures": []}
    assert post_form(client, url, changed).status_code == 302
    db.session.expire_all()
    assert (item.text, item.region, item.theme, item.measures) == (
        "Neue Bahnhaltestelle ab 2028",
        None,
        None,
        [],
    )
    public = client.get("/kommunen/testkreis/profil").get_data(as_text=True)
    assert "Neue Bahnhaltestelle ab 2028" in public
    assert post_form(client, url + "/loeschen", {}, token_from=url).status_code == 302
    assert "Chance gelöscht." in client.get("/intern/kommunalprofil").get_data(as_text=True)
    assert db.session.get(SwotItem, item.id) is None
    assert "Neue Bahnhaltestelle" not in client.get("/kommunen/testkreis/profil").get_data(as_text=True)
    assert actions() == [
        ("SWOT-Punkt angelegt", "swot_item"),
        ("SWOT-Punkt geändert", "swot_item"),
        ("SWOT-Punkt gelöscht", "swot_item"),
    ]
    log = client.get("/intern/protokoll").get_data(as_text=True)
    assert "SWOT-Punkt angelegt" in log and "Neue Bahnhaltestelle ab 2027" in log


def test_bad_swot_items_are_refused_with_the_typed_text_kept(app, client):
    profile_fixture()
    other = make_second_kommune()
    foreign_need = Need(kommune_id=other.id, title="Fremder Bedarf")
    db.session.add(foreign_need)
    db.session.commit()
    make_staff("beide@example.org", kommunen=("testkreis", other.slug))  # may choose both Kommunen
    login(client, "beide@example.org")
    base = {
        "category": "staerke",
        "text": "Mein getippter Text",
        "kommune": "testkreis",
        "region": "",
        "theme": "",
    }
    for changes, message in (
        ({"text": ""}, "Bitte einen Text angeben."),
        ({"category": "wunsch"}, "gültig"),
        ({"text": "x" * 2001}, "höchstens 2000 Zeichen"),
        ({"theme": "unbekannt"}, "gültig"),
        ({"needs": [str(foreign_need.id)]}, "gehört nicht zur gewählten Kommune"),
    ):
        response = post_form(client, "/intern/kommunalprofil/swot/neu", {**base, **changes})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html, changes
        if "text" not in changes:
            assert "Mein getippter Text" in html
    assert db.session.scalar(select(SwotItem).where(SwotItem.text == "Mein getippter Text")) is None


def test_planners_of_another_kommune_reach_nothing(app, client):
    _kommune, rows = profile_fixture()
    figure = db.session.scalar(select(KeyFigure))
    item = rows["item"]
    other = make_second_kommune()
    make_staff("nachbar@example.org", kommunen=(other.slug,))
    login(client, "nachbar@example.org")
    listing = client.get("/intern/kommunalprofil").get_data(as_text=True)
    assert "Viele aktive Vereine" not in listing and "unter 18 Jahre" not in listing
    token = csrf_token(client, "/intern/kommunalprofil")
    for url in (f"/intern/kommunalprofil/swot/{item.id}", f"/intern/kommunalprofil/kennzahlen/{figure.id}"):
        assert client.get(url).status_code == 404
        assert (
            client.post(url, data={"csrf_token": token, "text": "Fremd", "kommune": "testkreis"}).status_code
            == 404
        )
        assert client.post(url + "/loeschen", data={"csrf_token": token}).status_code == 404
    data = {"csrf_token": token, "category": "risiko", "text": "Fremd", "kommune": "testkreis"}
    assert client.post("/intern/kommunalprofil/swot/neu", data=data).status_code == 400
    figure_data = {
        "csrf_token": token,
        "indicator": "X",
        "label": "Y",
        "value": "1",
        "year": "2023",
        "source": "Z",
    }
    assert (
        client.post(
            "/intern/kommunalprofil/kennzahlen/neu", data={**figure_data, "kommune": "testkreis"}
        ).status_code
        == 400
    )
    assert db.session.scalar(select(SwotItem).where(SwotItem.text == "Fremd")) is None
    assert db.session.get(SwotItem, item.id) is not None and db.session.get(KeyFigure, figure.id) is not None
    assert actions() == []


def test_key_figure_created_with_a_german_decimal_changed_and_deleted(app, client):
    profile_fixture()
    make_staff()
    login(client)
    data = {
        "indicator": "Anteil Haushalte mit Breitband",
        "label": "mindestens 100 Mbit/s",
        "value": "62,5",
        "unit": "%",
        "year": "2024",
        "source": "Breitbandatlas (Testquelle)",
        "kommune": "testkreis",
        "region": "",
    }
    assert post_form(client, "/intern/kommunalprofil/kennzahlen/neu", data).status_code == 302
    figure = db.session.scalar(select(KeyFigure).where(KeyFigure.year == 2024))
    assert (figure.value, figure.unit, figure.is_demo) == (62.5, "%", False)
    assert "62,5 %" in client.get("/kommunen/testkreis/profil").get_data(as_text=True)
    url = f"/intern/kommunalprofil/kennzahlen/{figure.id}"
    for changes, message in (
        ({"year": "20"}, "zwischen 1900 und 2100"),
        ({"value": "1e400"}, "zwischen"),
        ({"value": "viel"}, "muss eine Zahl sein"),
        ({"source": ""}, "Bitte die Quelle angeben"),
        (
            {"indicator": "Bevölkerung nach Altersgruppen", "label": "unter 18 Jahre", "year": "2023"},
            "gibt es für dieses Jahr und diese Region schon",
        ),
    ):
        response = post_form(client, url, {**data, **changes})
        assert response.status_code == 400 and message in response.get_data(as_text=True), changes
    assert post_form(client, url, {**data, "value": "1234567"}).status_code == 302
    db.session.expire_all()
    assert figure.value == 1234567
    assert 'value="1234567"' in client.get(url).get_data(as_text=True)  # shown whole, not as 1.23457e+06
    assert post_form(client, url + "/loeschen", {}, token_from=url).status_code == 302
    assert db.session.get(KeyFigure, figure.id) is None
    assert [a for a, kind in actions() if kind == "key_figure"] == [
        "Kennzahl angelegt",
        "Kennzahl geändert",
        "Kennzahl gelöscht",
    ]
    assert db.session.scalar(select(Measure).where(Measure.title == "Rufbus")) is not None


def test_the_audit_log_shows_profile_edits_to_the_kommunes_planners_only(app, client):
    profile_fixture()
    other = make_second_kommune()
    make_staff()
    make_staff("kollegin@example.org")
    make_staff("nachbar@example.org", kommunen=(other.slug,))
    login(client)
    data = {
        "category": "risiko",
        "text": "Schulschließung droht",
        "kommune": "testkreis",
        "region": "",
        "theme": "",
    }
    assert post_form(client, "/intern/kommunalprofil/swot/neu", data).status_code == 302
    client.post("/intern/abmelden", data={"csrf_token": csrf_token(client, "/intern/")})
    login(client, "kollegin@example.org")  # a colleague of the Kommune reads it
    assert "Schulschließung droht" in client.get("/intern/protokoll").get_data(as_text=True)
    client.post("/intern/abmelden", data={"csrf_token": csrf_token(client, "/intern/")})
    login(client, "nachbar@example.org")  # the neighbour's planner does not
    assert "Schulschließung droht" not in client.get("/intern/protokoll").get_data(as_text=True)
