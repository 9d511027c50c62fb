"""Links in e-mails come from the configured BASE_URL only; a request for an unknown host is refused."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conferences.test_registration import sign_up
from tests.network.test_workspace import create_need, setup_registry
from tests.submissions.helpers import (
    act,
    body,
    edit_link,
    introduce,
    login,
    logout,
    outbox,
    post_form,
    submit,
)
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.network.models import Connection
from zwk_network.registry.models import Initiative
from zwk_network.timeutil import local_today, utcnow

BASE = "https://zwk.example.org/netz"
URL = re.compile(r"https?://[^\s>)\"']+")
PACKAGE = Path(__file__).resolve().parent.parent / "zwk_network"


@pytest.fixture
def base_url(app, monkeypatch):
    """A base address unlike the test client's host (localhost), with a path prefix."""
    monkeypatch.setitem(app.config, "BASE_URL", BASE)
    return BASE


def links_since(app, before: int) -> list[str]:
    """The links in the messages sent since the first `before`; each step must have sent one."""
    messages = outbox(app)[before:]
    assert messages, "no e-mail was sent"
    return [link for message in messages for link in URL.findall(body(message))]


def test_every_mail_links_to_the_base_url(app, client, runner, base_url):
    club, skate = setup_registry()
    sent = {}

    def step(name, action):
        before = len(outbox(app))
        action()
        sent[name] = links_since(app, before)

    step("submitted", lambda: submit(client))
    step("links", lambda: post_form(client, "/eintrag/link-anfordern", {"email": "leitung@example.org"}))
    entry = db.session.scalar(select(Initiative).where(Initiative.name == "Kinderchor Westdorf"))
    review = f"/intern/eintrag/initiative/{entry.id}"
    login(client)
    step("approved", lambda: act(client, review + "/freigeben", review))
    logout(client)
    link = edit_link(app)
    for stage in ("check", "submit"):
        post_form(client, link + "/bearbeiten", {**_changed(), "step": stage, "consent": "yes"})
    login(client)
    revision_page = client.get(review).get_data(as_text=True)
    decide = re.search(r'action="(/intern/eintrag/initiative/\d+/aenderung/\d+/freigeben)"', revision_page)
    step("change_approved", lambda: act(client, decide.group(1), review))
    step("rejected", lambda: _submit_and_reject(client, review_of=_second_entry(client)))

    create_need(client)
    need = db.session.scalar(select(Need))
    page = f"/intern/bedarfe/{need.id}"
    for other in (club, skate):
        act(client, f"/intern/bedarfe/{need.id}/kandidat/initiative/{other.id}/bestaetigen", page)
    connection = db.session.scalar(select(Connection).where(Connection.entry_id == club.id))
    step("introduction", lambda: introduce(client, connection.id))
    logout(client)

    conference = Conference(
        kommune_id=club.kommune_id,
        slug="zukunft",
        title="Zukunftskonferenz",
        year=2026,
        date=local_today() + timedelta(days=30),
        capacity=5,
    )
    db.session.add(conference)
    db.session.commit()
    step("registration", lambda: sign_up(client, conference, "Person", "person@example.org"))

    entry.last_confirmed_at = utcnow() - timedelta(days=400)
    db.session.commit()
    step("reminder", lambda: runner.invoke(args=["remind"]))

    for name, links in sent.items():
        assert links, f"{name}: no link in the mail"
        foreign = [link for link in links if not link.startswith(BASE + "/")]
        assert not foreign, f"{name}: {foreign}"


def _changed() -> dict:
    from tests.submissions.helpers import VALID

    return {**VALID, "name": "Kinderchor Westdorf-Ost"}


def _second_entry(client) -> int:
    logout(client)
    submit(client, name="Zweiter Chor", submitter_email="zweiter@example.org")
    login(client)
    return db.session.scalar(select(Initiative.id).where(Initiative.name == "Zweiter Chor"))


def _submit_and_reject(client, review_of: int):
    review = f"/intern/eintrag/initiative/{review_of}"
    act(client, review + "/ablehnen", review, reason="Bitte die Adresse ergänzen.")


@pytest.mark.parametrize(
    "host", ["evil.invalid", "evil.invalid:80", "localhost.evil.invalid", "127.0.0.1.nip.io"]
)
def test_a_request_for_an_unknown_host_is_refused_and_sends_no_mail(app, client, host):
    club, _skate = setup_registry()
    club.submitter_email = "leitung@example.org"
    db.session.commit()
    before = len(outbox(app))
    attacker = app.test_client()
    form = attacker.get("/eintrag/link-anfordern", base_url=f"http://{host}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form)
    response = attacker.post(
        "/eintrag/link-anfordern",
        base_url=f"http://{host}",
        data={"csrf_token": token.group(1) if token else "", "email": "leitung@example.org"},
    )
    assert len(outbox(app)) == before, [body(m) for m in outbox(app)[before:]]
    assert response.status_code == 400, response.status_code
    assert "Adresse" in response.get_data(as_text=True), re.findall(
        r"<h1>.*?</h1>", response.get_data(as_text=True)
    )

    home = client.get("/", base_url=f"http://{host}")
    assert home.status_code == 400 and home.mimetype == "text/html"
    assert "evil" not in home.get_data(as_text=True)
    assert client.get("/api/initiatives", base_url=f"http://{host}").status_code == 400


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1:5000", "LOCALHOST", "LocalHost:5000", "[::1]", "[::1]:5000", "127.0.0.1"]
)
def test_known_hosts_are_served(app, client, host):
    """BASE_URL is http://127.0.0.1:5000: the trusted names, in any case, on its port or none."""
    assert client.get("/", base_url=f"http://{host}").status_code == 200, host


@pytest.mark.parametrize(
    "host", ["127.0.0.1:6666", "localhost:8000", "[::1]:6666", "LOCALHOST:80", "[::1", "localhost:", "a:b:c"]
)
def test_another_port_is_refused(app, client, host):
    response = client.get("/konferenzen.ics", headers={"Host": host})
    assert response.status_code == 400, host
    assert "6666" not in response.get_data(as_text=True)
    assert client.get("/api/initiatives", headers={"Host": host}).status_code == 400


def test_an_entry_may_name_its_own_port(tmp_path_factory, app):
    from tests.conftest import make_app

    other = make_app(
        app.config["DATABASE_URL"], tmp_path_factory, TRUSTED_HOSTS=["127.0.0.1:8000", ".example.org"]
    )
    client = other.test_client()
    try:
        assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/", headers={"Host": "zwk.EXAMPLE.org:5000"}).status_code == 200
        assert client.get("/", headers={"Host": "zwk.example.org:8000"}).status_code == 400
        assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 400
    finally:
        with other.app_context():
            db.engine.dispose()


def test_calendar_and_api_links_come_from_the_base_url(app, client, base_url):
    conference = Conference(
        kommune_id=setup_registry()[0].kommune_id,
        slug="zukunft",
        title="Zukunftskonferenz",
        year=2026,
        date=local_today() + timedelta(days=30),
    )
    db.session.add(conference)
    db.session.commit()
    for host in ("127.0.0.1:5000", "localhost", "[::1]"):
        feed = client.get("/konferenzen.ics", headers={"Host": host}).get_data(as_text=True)
        assert f"URL:{BASE}/konferenzen/{conference.id}" in feed.replace("\r\n ", ""), host
        listing = client.get("/api/initiatives?per_page=1", headers={"Host": host}).get_json()
        assert listing["links"]["self"].startswith(BASE + "/api/initiatives?"), listing["links"]
        assert listing["links"]["next"].startswith(BASE + "/api/initiatives?")
        index = client.get("/api/", headers={"Host": host}).get_json()
        assert all(link.startswith(BASE + "/api/") for link in index.values()), index


def test_no_module_builds_links_from_the_request():
    """Absolute links only from BASE_URL (zwk_network/links.py): no module or template reads the
    request's host or builds an external link from it."""
    templates = PACKAGE / "templates"
    sources = [*PACKAGE.rglob("*.py"), *templates.rglob("*.html"), *templates.rglob("*.txt")]
    assert len(sources) > 100
    for path in sources:
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE.parent).as_posix()
        for needle in ("request.host", "url_root", "host_url", "request.url", "root_url", "HTTP_HOST"):
            assert needle not in source, f"{name} reads {needle}"
        assert not re.search(r"\b_external\s*=\s*True", source), (
            f"{name} builds a link from the request's host"
        )
        if name != "zwk_network/links.py":
            assert "force_external" not in source, name
