"""Behind the reverse proxy: limits count each client (ProxyFix), and sign-in also per account."""

import pytest

from tests.conftest import make_app
from tests.factories import make_kommune
from tests.submissions.helpers import login, make_staff, submit

WRONG = "falsch-falsch-falsch"


@pytest.fixture
def proxied_app(app, tmp_path_factory):
    """The same database, served behind one reverse proxy (ZWK_PROXY_COUNT=1)."""
    behind_proxy = make_app(app.config["DATABASE_URL"], tmp_path_factory, PROXY_COUNT=1)
    yield behind_proxy
    with behind_proxy.app_context():
        from zwk_network.extensions import db

        db.engine.dispose()


def from_address(client, address: str):
    client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


def test_one_client_behind_the_proxy_locks_out_only_itself(proxied_app, app):
    make_kommune()
    make_staff()
    make_staff("kollegin@example.org")
    guesser = from_address(proxied_app.test_client(), "203.0.113.7")
    statuses = [login(guesser, password=WRONG).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    colleague = from_address(proxied_app.test_client(), "198.51.100.20")
    assert login(colleague, email="kollegin@example.org").status_code == 302


def test_registration_limit_counts_each_client(proxied_app, app):
    make_kommune()
    proxied_app.config["REGISTRATION_LIMIT_PER_ADDRESS"] = "5 per hour"
    first = from_address(proxied_app.test_client(), "203.0.113.7")
    statuses = [
        submit(first, name=f"V{n}", submitter_email=f"v{n}@example.org").status_code for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    other = from_address(proxied_app.test_client(), "198.51.100.20")
    assert submit(other, name="Anderer Verein", submitter_email="anders@example.org").status_code == 302


def test_without_a_configured_proxy_forwarded_addresses_are_ignored(app, client):
    make_kommune()
    make_staff()
    statuses = []
    for n in range(11):
        from_address(client, f"203.0.113.{n}")
        statuses.append(login(client, password=WRONG).status_code)
    assert statuses[10] == 429


def test_one_account_is_limited_whatever_the_address(proxied_app, app):
    make_kommune()
    make_staff()
    make_staff("kollegin@example.org")
    statuses = []
    for n in range(40):
        attacker = from_address(proxied_app.test_client(), f"203.0.113.{n}")
        statuses.append(login(attacker, email=" Planer@Example.org ", password=WRONG).status_code)
    assert statuses[:10] == [400] * 10 and set(statuses[10:]) == {429}
    refused = login(from_address(proxied_app.test_client(), "198.51.100.1"))
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Zu viele" in text and "Anmeldeversuche" in text
    assert "per" not in text.split("<main", 1)[-1] and "minute" not in text
    # Other accounts, and an unknown address, are not affected.
    assert (
        login(
            from_address(proxied_app.test_client(), "198.51.100.2"), email="kollegin@example.org"
        ).status_code
        == 302
    )
    assert (
        login(
            from_address(proxied_app.test_client(), "198.51.100.3"), email="niemand@example.org"
        ).status_code
        == 400
    )


def test_successful_sign_ins_do_not_lock_the_account(proxied_app, app):
    make_kommune()
    make_staff()
    for n in range(12):
        assert login(from_address(proxied_app.test_client(), f"203.0.113.{n}")).status_code == 302, n
