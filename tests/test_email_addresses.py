"""E-mail addresses: one stored spelling per address (NFC, lower case, IDNA domain), plain German
for an address we cannot write to, and a message that cannot be sent never fails a request."""

import html
from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from tests.conferences.test_registration import cancel_link, make_conference, sign_up
from tests.conftest import fresh_database_url, make_app
from tests.factories import make_kommune
from tests.submissions.helpers import body, outbox, post_form, submit
from zwk_network import mail as mail_module
from zwk_network.email_address import InvalidEmail, normalised_email
from zwk_network.extensions import db
from zwk_network.registrations.models import Registration
from zwk_network.registry.models import Initiative

NOT_ASCII = ["müller@example.org", "mu\u0308ller@example.org", "ｄup@example.org", "jürgen@example.org"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Dup@Example.ORG ", "dup@example.org"),
        ("dup@exämple.org", "dup@xn--exmple-cua.org"),
        ("dup@exa\u0308mple.org", "dup@xn--exmple-cua.org"),  # NFD
        ("DUP@EXÄMPLE.ORG", "dup@xn--exmple-cua.org"),
        ("dup@xn--exmple-cua.org", "dup@xn--exmple-cua.org"),
        ("dup@ｅxample.org", "dup@example.org"),  # full-width in the domain
        ("dup+chor@example.org", "dup+chor@example.org"),  # plus-addressing stays its own address
    ],
)
def test_one_spelling_per_address(app, typed, stored):
    assert normalised_email(typed) == stored


@pytest.mark.parametrize("typed", [*NOT_ASCII, "keine-adresse", "a@b..c", "@example.org"])
def test_addresses_we_cannot_write_to_are_refused(app, typed):
    with pytest.raises(InvalidEmail):
        normalised_email(typed)


@pytest.mark.parametrize("address", NOT_ASCII)
def test_registration_with_a_non_ascii_address_is_a_form_error(app, client, address):
    conference = make_conference()
    response = sign_up(client, conference, "Anna Müller", address)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Vor dem @" in page and "Umlaute" in page
    assert address in page and "Anna Müller" in page  # what was typed stays in the form
    assert db.session.scalar(select(Registration)) is None and not outbox(app)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("dup@exämple.org", "dup@xn--exmple-cua.org"),
        ("dup@exa\u0308mple.org", "DUP@EXÄMPLE.ORG"),
        ("dup@example.org", "dup@ｅxample.org"),
    ],
)
def test_one_registration_per_address_in_any_spelling(app, client, first, second):
    conference = make_conference(capacity=5)
    assert sign_up(client, conference, "A", first).status_code == 302
    again = sign_up(client, conference, "A", second)
    assert again.status_code == 400 and "schon jemand angemeldet" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(Registration)).all()) == 1
    assert sign_up(client, conference, "B", "dup+zwei@exämple.org").status_code == 302  # by design


def test_submitter_address_is_checked_and_stored_normalised(app, client):
    make_kommune()
    refused = submit(client, submitter_email="jürgen@example.org")
    assert refused.status_code == 400 and "Vor dem @" in html.unescape(refused.get_data(as_text=True))
    assert submit(client, submitter_email="Leitung@Exämple.org", email="Chor@Exämple.org").status_code == 302
    entry = db.session.scalar(select(Initiative))
    assert (entry.submitter_email, entry.email) == ("leitung@xn--exmple-cua.org", "chor@xn--exmple-cua.org")
    before = len(outbox(app))
    assert (
        post_form(client, "/eintrag/link-anfordern", {"email": "LEITUNG@exa\u0308mple.org"}).status_code
        == 200
    )
    assert outbox(app)[before:] and "/eintrag/" in body(outbox(app)[-1])


def test_a_stored_address_flask_mail_cannot_encode_still_gets_its_message(app, client):
    """Stored before such addresses were refused: the message goes to the outbox (SMTPUTF8), no 500."""
    conference = make_conference(capacity=1)
    assert sign_up(client, conference, "Erste", "erste@example.org").status_code == 302
    assert sign_up(client, conference, "Zweite", "zweite@example.org").status_code == 302
    waiting = db.session.scalar(select(Registration).where(Registration.email == "zweite@example.org"))
    waiting.email = "jürgen@example.org"
    db.session.commit()
    link = cancel_link(app, "erste@example.org")
    assert post_form(client, link, {}).status_code == 302
    assert outbox(app)[-1]["To"] == "jürgen@example.org" and "Platz ist frei" in outbox(app)[-1]["Subject"]


def test_a_failing_mail_server_never_fails_a_committed_request(app, client, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.invalid")

    def refuse(_message):
        raise UnicodeEncodeError("ascii", "ü", 0, 1, "the server speaks no SMTPUTF8")

    monkeypatch.setattr(mail_module.mail, "send", refuse)
    conference = make_conference()
    assert sign_up(client, conference, "A", "a@example.org").status_code == 302
    assert db.session.scalar(select(Registration.email)) == "a@example.org"
    assert outbox(app) and outbox(app)[-1]["To"] == "a@example.org"
    assert "could not send mail" in caplog.text


def test_migration_stores_addresses_in_one_spelling(backend, tmp_path_factory):
    """0009 normalises stored addresses; registrations that become duplicates are cancelled."""
    app = make_app(fresh_database_url(backend, f"{backend}_emails", tmp_path_factory), tmp_path_factory)
    with app.app_context():
        upgrade(revision="0008")
        db.session.execute(
            text(
                "INSERT INTO kommunen (id, slug, name, kind, description, source)"
                " VALUES (1, 'k', 'K', 'L', '', '')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO conferences (id, kommune_id, slug, title, kind, round, year, description, registration,"
                " source) VALUES (1, 1, 'c', 'C', 'Regionalkonferenz', 1, 2026, '', '', '')"
            )
        )
        rows = [
            (1, "dup@exämple.org", "warteliste", 1),
            (2, "dup@xn--exmple-cua.org", "bestaetigt", 2),
            (3, "mu\u0308ller@example.org", "bestaetigt", 3),
            (4, "a@example.org", "bestaetigt", 4),
        ]
        for id_, email, status, minute in rows:
            db.session.execute(
                text(
                    "INSERT INTO conference_registrations (id, conference_id, name, email, organisation,"
                    " accessibility_needs, status, cancel_token_hash, created_at)"
                    " VALUES (:id, 1, 'X', :email, '', '', :status, :hash, :created)"
                ),
                {
                    "id": id_,
                    "email": email,
                    "status": status,
                    "hash": f"h{id_}",
                    "created": datetime(2026, 11, 1, 10, minute),
                },
            )
        db.session.commit()
        upgrade()
        stored = {
            row.id: (row.email, row.status)
            for row in db.session.execute(text("SELECT id, email, status FROM conference_registrations"))
        }
        assert stored == {
            1: ("dup@xn--exmple-cua.org", "storniert"),
            2: ("dup@xn--exmple-cua.org", "bestaetigt"),
            3: ("müller@example.org", "bestaetigt"),
            4: ("a@example.org", "bestaetigt"),
        }
        db.session.remove()
        downgrade(revision="0008")
        db.engine.dispose()
