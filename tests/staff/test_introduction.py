"""The introduction e-mail: a preview the planner edits; sent as written, with the planner's name
and Reply-To; recorded with its text; a second send asks first."""

from email.utils import parseaddr

from sqlalchemy import select

from tests.network.test_workspace import create_need, setup_registry
from tests.submissions.helpers import act, body, form_values, introduce, login, outbox
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.network.models import Connection

HOSTILE = "{{ config.SECRET_KEY }} {% for x in range(3) %}x{% endfor %} <b>fett</b>"


def connected(client, *entries):
    create_need(client)
    need = db.session.scalar(select(Need))
    page = f"/intern/bedarfe/{need.id}"
    for entry in entries:
        act(client, f"{page}/kandidat/initiative/{entry.id}/bestaetigen", page)
    return db.session.scalar(select(Connection).where(Connection.entry_id == entries[0].id))


def test_preview_is_sent_as_edited_with_the_planners_name_and_reply_to(app, client):
    club, skate = setup_registry()
    login(client)
    connection = connected(client, club, skate)
    url = f"/intern/vernetzung/{connection.id}/vorstellen"
    preview = client.get(url).get_data(as_text=True)
    values = form_values(preview)
    assert "Angebote für Jugendliche" in values["subject"] and "Skatepark Ostdorf" in values["text"]
    assert "club@example.org" in preview and "Antworten gehen an" in preview
    before = len(outbox(app))
    text = values["text"] + "\n\nPS: " + HOSTILE
    response = introduce(client, connection.id, subject="Ein Treffen?", text=text)
    assert response.status_code == 302
    [mail] = outbox(app)[before:]
    assert mail["Subject"] == "Ein Treffen?" and mail["To"] == "club@example.org"
    assert parseaddr(mail["Reply-To"])[1] == "planer@example.org"
    name, address = parseaddr(mail["From"])
    assert address == parseaddr(app.config["MAIL_DEFAULT_SENDER"])[1] and name.startswith("planer")
    assert HOSTILE in body(mail)  # the planner's text as written: never compiled, never escaped
    db.session.expire_all()
    assert (
        connection.introduction_text.startswith("Betreff: Ein Treffen?\n\n")
        and HOSTILE in connection.introduction_text
    )
    assert connection.status == "kontaktiert" and connection.introduced_at is not None
    line = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "Vorstellung gesendet"))
    assert HOSTILE in line.changes["introduction"][1]


def test_sending_twice_asks_first(app, client):
    club, skate = setup_registry()
    login(client)
    connection = connected(client, club, skate)
    assert introduce(client, connection.id).status_code == 302
    sent = len(outbox(app))
    again = introduce(client, connection.id, subject="Noch einmal")
    page = again.get_data(as_text=True)
    assert again.status_code == 400 and "bitte bestätigen Sie" in page
    assert 'value="Noch einmal"' in page  # what was typed stays
    assert len(outbox(app)) == sent
    assert introduce(client, connection.id, again="y").status_code == 302
    assert len(outbox(app)) == sent + 1
    actions = list(
        db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("Vorstellung%")))
    )
    assert sorted(actions) == ["Vorstellung erneut gesendet", "Vorstellung gesendet"]


def test_empty_or_overlong_text_is_refused_and_kept(app, client):
    club, skate = setup_registry()
    login(client)
    connection = connected(client, club, skate)
    empty = introduce(client, connection.id, text="   ")
    assert empty.status_code == 400 and "Text der E-Mail" in empty.get_data(as_text=True)
    long = introduce(client, connection.id, subject="x" * 201)
    assert long.status_code == 400
    assert not outbox(app)
    db.session.expire_all()
    assert connection.introduced_at is None


def test_no_address_no_send_button(app, client):
    club, skate = setup_registry()
    club.email = None
    club.submitter_email = None
    db.session.commit()
    login(client)
    connection = connected(client, club, skate)
    page = client.get(f"/intern/vernetzung/{connection.id}/vorstellen").get_data(as_text=True)
    assert "keine E-Mail-Adresse bekannt" in page and "E-Mail senden" not in page
    refused = client.post(f"/intern/vernetzung/{connection.id}/vorstellen", data=form_values(page))
    assert refused.status_code == 400 and not outbox(app)
