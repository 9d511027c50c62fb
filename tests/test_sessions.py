"""Staff sessions end at sign-out; pages with personal data are never stored by caches."""

from tests.factories import make_kommune
from tests.submissions.helpers import login, logout, make_staff


def signed_in(client) -> bool:
    response = client.get("/intern/")
    return response.status_code == 200


def test_a_session_cookie_copied_before_sign_out_is_worthless_after(app, client):
    make_kommune()
    make_staff()
    assert login(client).status_code == 302 and signed_in(client)
    stolen = client.get_cookie("session").value
    logout(client)
    assert not signed_in(client)
    replay = app.test_client()  # same address, same browser: only the cookie decides
    replay.set_cookie("session", stolen)
    assert not signed_in(replay)
    assert replay.get("/intern/").status_code == 302


def test_signing_in_again_works_after_sign_out(app, client):
    make_kommune()
    make_staff()
    login(client)
    logout(client)
    assert login(client).status_code == 302 and signed_in(client)
