"""Staff sessions end at sign-out; pages with personal data are never stored by caches."""

import re

from tests.factories import make_kommune
from tests.submissions.helpers import login, logout, make_staff
from zwk_network.security import PERSONAL_PREFIXES, PRIVATE_LINK_ARGUMENT


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


SAMPLE_VALUES = {
    "word": "initiative",
    "decision": "freigeben",
    "action": "veroeffentlichen",
    "token": "x" * 43,
    "key": "impressum",
    "scope": "installation",
    "language": "de",
    "slug": "testkreis",  # the Kommune of the Wegweiser's planner page
}


def personal_requests(app) -> list[tuple[str, str]]:
    """(method, url) for every route under the personal prefixes or behind a private link, with sample
    values."""
    found = []
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith(PERSONAL_PREFIXES) or PRIVATE_LINK_ARGUMENT in rule.arguments):
            continue
        url = re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: "1" if m.group(1) == "int" else SAMPLE_VALUES[m.group(2)],
            rule.rule,
        )
        found.append(("GET" if "GET" in rule.methods else "POST", url))
    return found


def test_every_personal_route_is_never_cached(app, client):
    make_kommune()
    make_staff("admin@example.org", role="admin", kommunen=())
    requests = personal_requests(app)
    assert len(requests) > 25  # the enumeration found the staff area and the private links
    for signed_in_too in (False, True):
        if signed_in_too:
            login(client, email="admin@example.org")
        for method, url in requests:
            response = client.open(url, method=method)
            assert "no-store" in response.headers.get("Cache-Control", ""), (
                method,
                url,
                response.status_code,
            )


def test_valid_private_links_are_never_cached(app, client):
    from tests.conferences.test_registration import cancel_link, make_conference, sign_up
    from tests.submissions.helpers import edit_link, submit
    from tests.subscriptions.helpers import subscribe

    conference = make_conference()
    submit(client)
    sign_up(client, conference, "Person", "person@example.org")
    manage = subscribe(client, app, "q=Chor")  # the subscription's manage link
    for url in (
        manage,
        "/abbestellen/" + manage.rsplit("/", 1)[1],
        edit_link(app),
        edit_link(app) + "/bearbeiten",
        edit_link(app) + "/daten.json",
        cancel_link(app, "person@example.org"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"], url


def test_public_pages_are_not_cached_for_signed_in_staff_only(app, client):
    make_kommune()
    make_staff()
    assert "no-store" not in client.get("/initiativen").headers.get("Cache-Control", "")
    login(client)
    assert "no-store" in client.get("/initiativen").headers.get("Cache-Control", "")
    assert "no-store" in client.get("/").headers.get("Cache-Control", "")
