"""Staff accounts managed by admins, and the password link: signed, time-limited, single use,
silent about which addresses exist, rate limited."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_kommune
from tests.submissions.helpers import PASSWORD, body, login, make_staff, outbox, post_form
from tests.submissions.test_staff import make_second_kommune
from zwk_network.accounts.models import User
from zwk_network.accounts.services import create_user
from zwk_network.accounts.tokens import password_token
from zwk_network.errors import InvalidInput
from zwk_network.extensions import db

LINK = re.compile(r"https?://\S+(/intern/passwort-neu/\S+)")
NEW_PASSWORD = "ein ganz neuer satz mit wörtern"


def password_link(app, to: str) -> str:
    for message in reversed(outbox(app)):
        if to in message["To"]:
            return LINK.search(body(message)).group(1)
    raise AssertionError(f"no link to {to}")


def admin_client(app):
    client = app.test_client()
    make_staff("admin@example.org", role="admin", kommunen=())
    login(client, "admin@example.org")
    return client


def test_admin_invites_an_account_that_sets_its_own_password(app, client):
    make_kommune()
    make_second_kommune()
    admin = admin_client(app)
    data = {
        "email": "Neu@Example.org",
        "name": "Neue Planerin",
        "role": "planner",
        "kommunen": ["nachbarkreis"],
    }
    response = post_form(admin, "/intern/konten/neu", data)
    assert response.status_code == 302
    assert "Konto für neu@example.org angelegt" in admin.get(response.headers["Location"]).get_data(
        as_text=True
    )
    user = db.session.scalar(select(User).where(User.email == "neu@example.org"))
    assert [k.slug for k in user.kommunen] == ["nachbarkreis"] and user.role == "planner"
    link = password_link(app, "neu@example.org")
    assert link.startswith("/intern/passwort-neu/")
    assert post_form(client, link, {"password": NEW_PASSWORD, "again": NEW_PASSWORD}).status_code == 302
    assert login(client, "neu@example.org", NEW_PASSWORD).status_code == 302
    assert client.get(link).status_code == 404  # used once: gone


def test_planners_cannot_manage_accounts(app, client):
    make_kommune()
    make_staff()
    login(client)
    assert client.get("/intern/konten").status_code == 403
    assert (
        post_form(
            client, "/intern/konten/neu", {"email": "x@example.org", "role": "admin"}, "/intern/"
        ).status_code
        == 403
    )
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_deactivated_account_cannot_sign_in_and_its_session_ends(app, client):
    make_kommune()
    planner = make_staff()
    login(client)
    assert client.get("/intern/").status_code == 200
    admin = admin_client(app)
    data = {"name": "planer", "role": "planner", "kommunen": ["testkreis"]}  # "active" unticked
    response = post_form(admin, f"/intern/konten/{planner.id}", data)
    assert response.status_code == 302
    assert "ist gesperrt" in admin.get("/intern/konten").get_data(as_text=True)
    assert client.get("/intern/").status_code == 302  # the running session is over
    assert login(client).status_code == 400
    assert (
        password_token(planner)
        and client.get(f"/intern/passwort-neu/{password_token(planner)}").status_code == 404
    )


def test_admin_cannot_lock_themselves_out(app, client):
    make_kommune()
    admin = admin_client(app)
    me = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    response = post_form(
        admin,
        f"/intern/konten/{me.id}",
        {"name": "A", "role": "planner", "kommunen": ["testkreis"], "active": "y"},
    )
    assert response.status_code == 400 and "nicht selbst" in response.get_data(as_text=True)
    db.session.expire_all()
    assert me.role == "admin" and me.active


def test_role_and_kommunen_are_changed_and_logged(app, client):
    make_kommune()
    make_second_kommune()
    planner = make_staff()
    admin = admin_client(app)
    data = {"name": "Pia Planer", "role": "planner", "kommunen": ["testkreis", "nachbarkreis"], "active": "y"}
    assert post_form(admin, f"/intern/konten/{planner.id}", data).status_code == 302
    db.session.expire_all()
    assert {k.slug for k in planner.kommunen} == {
        "testkreis",
        "nachbarkreis",
    } and planner.name == "Pia Planer"
    log = admin.get("/intern/protokoll").get_data(as_text=True)
    assert "Konto geändert" in log and "Kommunen" in log


def test_forgotten_password_does_not_tell_whether_an_account_exists(app, client):
    make_kommune()
    make_staff()
    known = post_form(client, "/intern/passwort-vergessen", {"email": "planer@example.org"})
    unknown = post_form(client, "/intern/passwort-vergessen", {"email": "niemand@example.org"})
    token = re.compile(r'name="csrf_token"[^>]*>')
    assert known.status_code == unknown.status_code == 200
    assert token.sub("", known.get_data(as_text=True)) == token.sub("", unknown.get_data(as_text=True))
    assert [m["To"] for m in outbox(app)] == ["planer@example.org"]
    link = password_link(app, "planer@example.org")
    assert post_form(client, link, {"password": "kurz", "again": "kurz"}).status_code == 400
    assert post_form(client, link, {"password": NEW_PASSWORD, "again": NEW_PASSWORD}).status_code == 302
    assert login(client, password=PASSWORD).status_code == 400  # the old password is gone
    assert login(client, password=NEW_PASSWORD).status_code == 302
    assert client.get(link).status_code == 404  # single use


def test_a_reset_link_expires_after_an_hour(app, client, monkeypatch):
    make_kommune()
    user = make_staff()
    token = password_token(user, "reset")
    assert client.get(f"/intern/passwort-neu/{token}").status_code == 200
    later = datetime.now(UTC) + timedelta(minutes=61)
    monkeypatch.setattr(
        "zwk_network.accounts.tokens.datetime",
        type("Later", (), {"now": staticmethod(lambda tz=None: later)}),
    )
    assert client.get(f"/intern/passwort-neu/{token}").status_code == 404
    assert client.get(f"/intern/passwort-neu/{token[:-2]}xx").status_code == 404


def test_password_requests_are_rate_limited(app, client):
    make_kommune()
    make_staff()
    answers = [
        post_form(client, "/intern/passwort-vergessen", {"email": "Planer@Example.org"}).status_code
        for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]  # per address asked for
    assert len(outbox(app)) == 3


def test_admin_sends_a_reset_link_from_the_account_page(app, client):
    make_kommune()
    planner = make_staff()
    admin = admin_client(app)
    page = admin.get(f"/intern/konten/{planner.id}").get_data(as_text=True)
    assert "Link zum Zurücksetzen senden" in page
    url = f"/intern/konten/{planner.id}/passwort-link"
    response = post_form(admin, url, {}, token_from=f"/intern/konten/{planner.id}")
    assert response.status_code == 302 and response.headers["Location"] == f"/intern/konten/{planner.id}"
    shown = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert 'role="status"' in shown and "Link zum Zurücksetzen an planer@example.org gesendet" in shown
    link = password_link(app, "planer@example.org")
    assert post_form(client, link, {"password": NEW_PASSWORD, "again": NEW_PASSWORD}).status_code == 302
    assert login(client, "planer@example.org", NEW_PASSWORD).status_code == 302
    log = admin.get("/intern/protokoll").get_data(as_text=True)
    assert "Link zum Zurücksetzen des Passworts gesendet" in log


def test_the_admins_reset_link_shares_the_public_limit_and_needs_an_admin(app, client):
    make_kommune()
    planner = make_staff()
    assert post_form(client, "/intern/passwort-vergessen", {"email": "planer@example.org"}).status_code == 200
    admin = admin_client(app)
    url, page = f"/intern/konten/{planner.id}/passwort-link", f"/intern/konten/{planner.id}"
    answers = [post_form(admin, url, {}, token_from=page).status_code for _ in range(3)]
    assert answers == [302, 302, 429]  # 3 per hour per account, whoever asks
    assert len([m for m in outbox(app) if m["To"] == "planer@example.org"]) == 3
    assert admin.post(url, data={}).status_code == 400  # no CSRF token: nothing sent
    login(client)
    assert post_form(client, url, {}, token_from="/intern/").status_code == 403  # planners may not


def test_a_locked_account_gets_no_reset_link(app, client):
    make_kommune()
    planner = make_staff()
    planner.active = False
    db.session.commit()
    admin = admin_client(app)
    page = f"/intern/konten/{planner.id}"
    assert (
        "disabled" in admin.get(page).get_data(as_text=True).split("Link zum Zurücksetzen senden")[0][-200:]
    )
    response = post_form(admin, f"{page}/passwort-link", {}, token_from=page)
    assert "ist gesperrt" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert not [m for m in outbox(app) if m["To"] == "planer@example.org"]


@pytest.mark.parametrize("password", ["elf zeichen", " " * 20, "planer@example.org"])
def test_password_rules(app, password):
    make_kommune()
    with pytest.raises(InvalidInput):
        create_user("planer@example.org", password, "planner", ["testkreis"])


def test_long_passphrases_are_welcome(app):
    make_kommune()
    user = create_user("planer@example.org", "w" * 128, "planner", ["testkreis"])
    assert user.check_password("w" * 128)


def test_an_unknown_address_is_checked_against_a_hash_like_every_accounts():
    """A wrong address costs what a wrong password costs: the dummy hash checked for it is Werkzeug's
    default method with its default parameters, as every new account's hash."""
    from werkzeug.security import generate_password_hash

    from zwk_network.accounts import services

    method = generate_password_hash("any password").split("$")[0]
    assert services._DUMMY_HASH.split("$")[0] == method
    assert not services.User(password_hash=services._DUMMY_HASH).check_password("not a password of anyone")
