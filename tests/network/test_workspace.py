"""The planner workspace: needs, confirming and dismissing candidates, connections, overview."""

from sqlalchemy import select

from tests.excel import excel_rows
from tests.factories import make_kommune, make_listing
from tests.submissions.helpers import act, body, introduce, login, logout, make_staff, outbox, post_form
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.measures.models import Measure
from zwk_network.municipalities.models import Region
from zwk_network.needs.models import Need
from zwk_network.network.models import Connection
from zwk_network.registry.models import Initiative
from zwk_network.submissions.tokens import issue_token


def setup_registry():
    make_kommune()
    make_staff()
    club = make_listing(
        Initiative,
        "Jugendclub Westdorf",
        12.1,
        53.8,
        themes=["jugend"],
        target_groups=["jugendliche"],
        email="club@example.org",
        publish=["email"],
    )
    skate = make_listing(
        Initiative,
        "Skatepark Ostdorf",
        12.3,
        53.8,
        themes=["jugend", "sport"],
        target_groups=["jugendliche"],
        email="skate@example.org",
    )
    return club, skate


def create_need(client, **changes):
    data = {
        "title": "Angebote für Jugendliche",
        "description": "Jugendliche brauchen einen Treffpunkt.",
        "themes": ["jugend"],
        "target_groups": ["jugendliche"],
        "kommune": "testkreis",
        "region": "west@testkreis",
        "priority": "hoch",
        "status": "offen",
        "conference": "",
        **changes,
    }
    return post_form(client, "/intern/bedarfe/neu", data)


def test_create_need_confirm_dismiss_connect_and_introduce(app, client):
    club, skate = setup_registry()
    login(client)
    response = create_need(client)
    assert response.status_code == 302
    need = db.session.scalar(select(Need))
    assert need.region.slug == "west" and need.theme_slugs == ["jugend"] and need.priority == "hoch"
    page_url = f"/intern/bedarfe/{need.id}"
    page = client.get(page_url).get_data(as_text=True)
    assert "Jugendclub Westdorf" in page and "Skatepark Ostdorf" in page and "Bestätigen" in page

    base = f"/intern/bedarfe/{need.id}/kandidat/initiative"
    assert act(client, f"{base}/{club.id}/bestaetigen", page_url, score="0.9").status_code == 302
    assert act(client, f"{base}/{skate.id}/verwerfen", page_url, confirmed="1").status_code == 302
    page = client.get(page_url).get_data(as_text=True)
    connections = {c.entry_id: c for c in db.session.scalars(select(Connection))}
    assert connections[club.id].status == "vorgeschlagen" and connections[skate.id].status == "verworfen"
    candidates = page.split('id="candidates-heading"')[1].split("</section>")[0]
    assert (
        "Skatepark Ostdorf" not in candidates and "Jugendclub Westdorf" not in candidates
    )  # connected or dismissed

    connection = connections[club.id]
    update_url = f"/intern/vernetzung/{connection.id}"
    bad = act(
        client,
        update_url,
        page_url,
        status="in_zusammenarbeit",
        started_on="2026-05-01",
        ended_on="2026-04-01",
    )
    assert bad.status_code == 400 and "liegt vor dem Beginn" in bad.get_data(as_text=True)
    ok = act(
        client,
        update_url,
        page_url,
        status="in_zusammenarbeit",
        notes="Treffen am Montag",
        started_on="2026-05-01",
    )
    assert ok.status_code == 302
    db.session.expire_all()
    assert connection.status == "in_zusammenarbeit" and connection.notes == "Treffen am Montag"

    # A second actor on the same need: the introduction e-mail names the other one.
    act(client, f"{base}/{skate.id}/bestaetigen", page_url)
    assert introduce(client, connection.id).status_code == 302
    mail = outbox(app)[-1]
    assert mail["To"] == "club@example.org" and "Angebote für Jugendliche" in mail["Subject"]
    assert "Skatepark Ostdorf" in body(mail) and "planer@example.org" in body(mail)
    db.session.expire_all()
    assert connection.introduced_at is not None

    # The initiative's page shows the connection to planners only.
    assert "Verbunden mit Bedarfen" in client.get(f"/initiativen/{club.id}").get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {
        "Vernetzung bestätigt",
        "Vorschlag verworfen",
        "Vernetzung geändert",
        "Vorstellung gesendet",
    } <= actions
    post_form(client, "/intern/abmelden", {}, token_from="/intern/")
    assert "Verbunden mit Bedarfen" not in client.get(f"/initiativen/{club.id}").get_data(as_text=True)


def test_need_form_bad_input(app, client):
    setup_registry()
    login(client)
    for changes, message in (
        ({"title": ""}, "Titel"),
        ({"lat": "48.85", "lon": "2.35"}, "nicht in Deutschland"),
        ({"region": "gibtsnicht@testkreis"}, "gültig"),
        ({"kommune": "fremd"}, "gültig"),
    ):
        response = create_need(client, **changes)
        assert response.status_code == 400 and message in response.get_data(as_text=True), changes
    assert db.session.scalar(select(Need)) is None


def test_planners_act_only_on_their_kommune(app, client):
    club, _skate = setup_registry()
    from tests.submissions.test_staff import make_second_kommune

    other = make_second_kommune()
    foreign = Need(kommune_id=other.id, title="Fremder Bedarf")
    db.session.add(foreign)
    db.session.commit()
    assert client.get(f"/intern/bedarfe/{foreign.id}").status_code == 302  # not signed in: to the login
    login(client)
    assert client.get(f"/intern/bedarfe/{foreign.id}").status_code == 404
    assert "Fremder Bedarf" not in client.get("/intern/bedarfe").get_data(as_text=True)
    own_page = "/intern/bedarfe"
    response = act(
        client, f"/intern/bedarfe/{foreign.id}/kandidat/initiative/{club.id}/bestaetigen", own_page
    )
    assert response.status_code == 404 and db.session.scalar(select(Connection)) is None
    create_need(client)
    need = db.session.scalar(select(Need).where(Need.title == "Angebote für Jugendliche"))
    no_token = client.post(f"/intern/bedarfe/{need.id}/kandidat/initiative/{club.id}/bestaetigen")
    assert no_token.status_code == 400


def test_overview_counts_and_csv(app, client):
    club, _skate = setup_registry()
    login(client)
    create_need(client)
    create_need(
        client,
        title="Fahrdienst",
        description="Ohne Auto kommt man nicht zum Arzt.",
        themes=["mobilitaet"],
        target_groups=[],
        region="ost@testkreis",
    )
    need = db.session.scalar(select(Need).where(Need.title == "Angebote für Jugendliche"))
    page_url = f"/intern/bedarfe/{need.id}"
    act(client, f"/intern/bedarfe/{need.id}/kandidat/initiative/{club.id}/bestaetigen", page_url)
    rows = excel_rows(client.get("/intern/uebersicht.csv"))  # German Excel: BOM, semicolons, headings
    by_theme = {row["Thema"]: row for row in rows}
    assert by_theme["Jugend"] == {
        "Kommune": "Testkreis",
        "Region": "Region West",
        "Thema": "Jugend",
        "Bedarfe": "1",
        "mit Vernetzung": "1",
        "Versorgungslücken": "0",
    }
    assert (
        by_theme["Mobilität"]["Versorgungslücken"] == "1" and by_theme["Mobilität"]["mit Vernetzung"] == "0"
    )
    assert "Übersicht nach Region und Thema" in client.get("/intern/uebersicht").get_data(as_text=True)


def test_overview_csv_neutralises_formulas_and_keeps_numbers(app, client):
    setup_registry()
    login(client)
    create_need(client)
    region = db.session.scalar(select(Region).where(Region.slug == "west"))
    region.name, region.kommune.name = "@SUM(1+1)", "=1+1"
    db.session.commit()
    [row] = excel_rows(client.get("/intern/uebersicht.csv"))
    assert row == {
        "Kommune": "'=1+1",
        "Region": "'@SUM(1+1)",
        "Thema": "Jugend",
        "Bedarfe": "1",
        "mit Vernetzung": "0",
        "Versorgungslücken": "0",
    }


def test_a_connection_outlives_the_entry_and_the_planner_is_told(app, client):
    club, _skate = setup_registry()
    login(client)
    create_need(client)
    need = db.session.scalar(select(Need))
    workspace = f"/intern/bedarfe/{need.id}"
    act(client, f"{workspace}/kandidat/initiative/{club.id}/bestaetigen", workspace)
    measure = Measure(kommune_id=need.kommune_id, title="Jugendraum", responsible_id=club.id)
    db.session.add(measure)
    db.session.commit()
    link = issue_token("initiative", club.id)
    db.session.commit()
    logout(client)
    assert post_form(client, f"/eintrag/{link}/loeschen", {"sure": "y"}).status_code == 200
    connection = db.session.scalar(select(Connection))
    assert (connection.entry_id, connection.entry_name) == (None, "Jugendclub Westdorf")
    mails = {message["To"]: message for message in outbox(app)}
    assert "Jugendclub Westdorf" in mails["planer@example.org"]["Subject"]
    assert "Angebote für Jugendliche" in body(mails["planer@example.org"])
    note = db.session.get(Measure, measure.id).notes[0].text
    assert "Jugendclub Westdorf" in note and "gelöscht" in note
    login(client)
    page = client.get(workspace).get_data(as_text=True)
    assert "Jugendclub Westdorf (Eintrag gelöscht)" in page and "club@example.org" not in page


def test_dismissing_asks_once_is_listed_and_can_be_taken_back(app, client):
    club, _skate = setup_registry()
    login(client)
    create_need(client)
    need = db.session.scalar(select(Need))
    workspace = f"/intern/bedarfe/{need.id}"
    dismiss = f"{workspace}/kandidat/initiative/{club.id}/verwerfen"
    asked = act(client, dismiss, workspace)
    assert asked.status_code == 200 and "Vorschlag verwerfen?" in asked.get_data(as_text=True)
    assert db.session.scalar(select(Connection)) is None  # nothing happened yet
    assert act(client, dismiss, workspace, confirmed="1").status_code == 302
    page = client.get(workspace).get_data(as_text=True)
    listed = page.split('id="dismissed-heading"')[1]
    assert "Jugendclub Westdorf" in listed and "verworfen von" in listed
    public = client.get(f"/bedarfe/{need.id}").get_data(as_text=True)
    assert "Jugendclub Westdorf" not in public  # never shown publicly
    assert all(
        m["name"] != "Jugendclub Westdorf"
        for m in client.get(f"/api/needs/{need.id}/matches").get_json()["matches"]
    )
    assert (
        act(client, f"{workspace}/kandidat/initiative/{club.id}/wiederherstellen", workspace).status_code
        == 302
    )
    assert db.session.scalar(select(Connection)) is None
    assert "Jugendclub Westdorf" in client.get(f"/bedarfe/{need.id}").get_data(as_text=True)


def test_network_view(app, client):
    club, _skate = setup_registry()
    login(client)
    create_need(client)
    need = db.session.scalar(select(Need))
    assert "Noch keine Verbindungen" in client.get("/intern/netzwerk").get_data(as_text=True)
    act(
        client,
        f"/intern/bedarfe/{need.id}/kandidat/initiative/{club.id}/bestaetigen",
        f"/intern/bedarfe/{need.id}",
    )
    page = client.get("/intern/netzwerk?region=west@testkreis").get_data(as_text=True)
    assert (
        "Angebote für Jugendliche" in page
        and "Jugendclub Westdorf" in page
        and 'class="map mini-map"' in page
    )
    assert "Noch keine Verbindungen" in client.get("/intern/netzwerk?region=ost@testkreis").get_data(
        as_text=True
    )
    assert client.get("/intern/netzwerk?region=gibtsnicht").status_code == 400


def test_need_with_a_drawn_area(app, client):
    setup_registry()
    login(client)
    square = '{"type": "Polygon", "coordinates": [[[12.05, 53.75], [12.15, 53.75], [12.15, 53.85], [12.05, 53.85], [12.05, 53.75]]]}'
    assert create_need(client, area=square).status_code == 302
    need = db.session.scalar(select(Need))
    from zwk_network.geo.geojson import to_geometry

    assert to_geometry(need.area).geom_type == "Polygon"
    form = client.get(f"/intern/bedarfe/{need.id}/bearbeiten").get_data(as_text=True)
    assert "12.05" in form and "Fläche zeichnen" in form
    for bad, message in (
        ("{kaputt", "keine gültige GeoJSON-Fläche"),
        ('{"type": "Point", "coordinates": [12.1, 53.8]}', "Fläche sein"),
        (
            '{"type": "Polygon", "coordinates": [[[2, 48], [3, 48], [3, 49], [2, 48]]]}',
            "nicht in Deutschland",
        ),
        ("[" * 99_000 + "]" * 99_000, "nested more than 20 levels deep"),
        ('{"type": "Polygon", "coordinates": ' + "[" * 30 + "]" * 30 + "}", "nested more than 20"),
        ("1" * 5000, "more than 4300 digits"),
    ):
        response = create_need(client, title="Zweiter", area=bad)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
