"""The whole journey of a self-registered entry, on both backends."""

import re

from sqlalchemy import select

from tests.factories import make_kommune
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.search.backend import SearchQuery
from zwk_network.search.engine import search_backend

from .helpers import act, body, csrf_token, edit_link, login, logout, make_staff, outbox, post_form, submit

NAME = "Kinderchor Westdorf"


def visible_anywhere(client, runner, tmp_path, name: str) -> dict:
    """Where the name shows up: pages, map, search, API, exports, counts."""
    entry = db.session.scalar(select(Initiative).where(Initiative.name.like(name[:15] + "%")))
    export = tmp_path / "export.geojson"
    runner.invoke(args=["export", "initiatives", str(export)])
    return {
        "list": name in client.get("/initiativen").get_data(as_text=True),
        "detail": entry is not None and client.get(f"/initiativen/{entry.id}").status_code == 200,
        "api": name in client.get("/api/initiatives?per_page=100").get_data(as_text=True),
        "api_detail": entry is not None and client.get(f"/api/initiatives/{entry.id}").status_code == 200,
        "search_page": name in client.get("/suche?q=Kinderchor").get_data(as_text=True),
        "search_api": search_backend().search(SearchQuery(text="Kinderchor")).total > 0,
        "map": name in client.get("/api/map?zoom=12&bbox=11.9,53.6,12.5,54.0").get_data(as_text=True),
        "map_page": name in client.get("/karte").get_data(as_text=True),
        "export": export.exists() and name in export.read_text(encoding="utf-8"),
        "count": client.get("/api/initiatives").get_json()["total"] > 0,
    }


def test_submit_review_edit_delete(app, client, runner, tmp_path):
    make_kommune()
    make_staff()

    # Submit: a confirmation page first, then the entry is stored pending, and a link is mailed.
    response = submit(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/eintragen/danke")
    assert "Wie es weitergeht" in client.get("/eintragen/danke").get_data(as_text=True)
    [mail] = outbox(app)
    assert mail["To"] == "leitung@example.org" and "eingegangen" in mail["Subject"]
    link = edit_link(app)
    assert len(link.rsplit("/", 1)[1]) >= 43  # 256 bits, URL-safe base64
    entry = db.session.scalar(select(Initiative).where(Initiative.name == NAME))
    assert entry.status == "pending" and entry.source == "Selbsteintrag"
    assert entry.theme_slugs == ["jugend", "kultur"] or set(entry.theme_slugs) == {"kultur", "jugend"}
    assert entry.kommune.slug == "testkreis" and entry.region.slug == "west"
    assert not any(visible_anywhere(client, runner, tmp_path, NAME).values())

    # The owner sees the state through the link; the token is stored only as a hash.
    page = client.get(link).get_data(as_text=True)
    assert "wartet auf Prüfung" in page
    from zwk_network.submissions.models import EditToken

    stored = db.session.scalars(select(EditToken.token_hash)).all()
    assert link.rsplit("/", 1)[1] not in stored and all(len(h) == 64 for h in stored)

    # A planner approves: visible and searchable everywhere, and the submitter is told.
    login(client)
    queue = client.get("/intern/").get_data(as_text=True)
    assert NAME in queue
    review = f"/intern/eintrag/initiative/{entry.id}"
    assert act(client, review + "/freigeben", review).status_code == 302
    assert "veröffentlicht" in outbox(app)[-1]["Subject"]
    logout(client)
    assert all(visible_anywhere(client, runner, tmp_path, NAME).values())

    # An edit through the link goes back to review; the published version stays visible.
    edit = post_form(client, link + "/bearbeiten", _edit_data(step="check"))
    assert edit.status_code == 200 and "Angaben prüfen" in edit.get_data(as_text=True)
    edit = post_form(client, link + "/bearbeiten", _edit_data(step="submit", consent="yes"))
    assert edit.status_code == 302
    assert "wartet auf Prüfung" in client.get(link).get_data(as_text=True)
    public = client.get(f"/initiativen/{entry.id}").get_data(as_text=True)
    assert NAME in public and "Kinderchor Westdorf-Ost" not in public
    found = search_backend().search(SearchQuery(text="Westdorf-Ost"))
    assert [hit for hit in found.hits if not hit.partial] == []  # no entry has both words yet

    # The planner sees the change with its differences and approves it.
    login(client)
    page = client.get(review).get_data(as_text=True)
    assert "Kinderchor Westdorf-Ost" in page and "Änderung freigeben" in page
    revision_id = page.split("/aenderung/")[1].split("/")[0]
    assert act(client, f"{review}/aenderung/{revision_id}/freigeben", review).status_code == 302
    logout(client)
    assert "Kinderchor Westdorf-Ost" in client.get(f"/initiativen/{entry.id}").get_data(as_text=True)
    assert search_backend().search(SearchQuery(text="Westdorf-Ost")).total == 1

    # Confirm as current, download the data, then ask for deletion: gone from everything.
    assert post_form(client, link + "/bestaetigen", {}, token_from=link).status_code == 302
    data = client.get(link + "/daten.json")
    assert data.get_json()["data"]["name"] == "Kinderchor Westdorf-Ost"
    assert data.get_json()["data"]["submitter_email"] == "leitung@example.org"
    gone = post_form(client, link + "/loeschen", {"sure": "y"})
    assert gone.status_code == 200 and "gelöscht" in gone.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id) is None
    assert not any(visible_anywhere(client, runner, tmp_path, "Kinderchor Westdorf").values())
    assert search_backend().search(SearchQuery(text="Kinderchor")).total == 0
    assert client.get(link).status_code == 404
    assert "gelöscht" in outbox(app)[-1]["Subject"]

    # The audit log has every step, readable by admins only.
    make_staff("admin@example.org", role="admin", kommunen=())
    login(client, "admin@example.org")
    log = client.get("/intern/protokoll").get_data(as_text=True)
    for action in (
        "eingereicht",
        "freigegeben",
        "Änderung eingereicht",
        "Änderung freigegeben",
        "bestätigt",
        "gelöscht",
    ):
        assert action in log
    assert "planer@example.org" in log


def _edit_data(**extra) -> dict:
    from .helpers import VALID

    return {**VALID, "name": "Kinderchor Westdorf-Ost", **extra}


def test_request_new_link_never_reveals_an_address(app, client):
    make_kommune()
    submit(client)
    before = len(outbox(app))
    known = post_form(client, "/eintrag/link-anfordern", {"email": "Leitung@example.org"})
    unknown = post_form(client, "/eintrag/link-anfordern", {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("\n", "") == unknown.get_data(as_text=True).replace(
        "\n", ""
    ) or ("unterwegs" in known.get_data(as_text=True) and "unterwegs" in unknown.get_data(as_text=True))
    messages = outbox(app)[before:]
    assert len(messages) == 1 and messages[0]["To"] == "leitung@example.org"
    link = edit_link(app)
    assert client.get(link).status_code == 200
    assert "Kinderchor Westdorf" in body(messages[0])


def test_rejection_sends_the_reason_and_an_edit_puts_it_back_in_review(app, client):
    make_kommune()
    make_staff()
    submit(client)
    entry = db.session.scalar(select(Initiative))
    login(client)
    review = f"/intern/eintrag/initiative/{entry.id}"
    missing = act(client, review + "/ablehnen", review, reason="  ")
    assert missing.status_code == 400 and "Grund" in missing.get_data(as_text=True)
    assert (
        act(client, review + "/ablehnen", review, reason="Bitte eine echte Adresse angeben.").status_code
        == 302
    )
    mail = outbox(app)[-1]
    assert "nicht freigegeben" in mail["Subject"] and "echte Adresse" in body(mail)
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id).status == "rejected"
    logout(client)
    link = edit_link(app)
    assert "echte Adresse" in client.get(link).get_data(as_text=True)
    post_form(client, link + "/bearbeiten", {**_edit_data(), "step": "submit", "consent": "yes"})
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id).status == "pending"


def test_the_link_request_answers_before_looking_up_the_address(app, client, monkeypatch):
    """The answer cannot depend on whether the address is known: the look-up and the mail
    happen only after the response has been sent (a server closes it; so does the test client)."""
    from zwk_network import deferred
    from zwk_network.submissions import views

    make_kommune()
    submit(client)
    before = len(outbox(app))
    looked_up = []
    original = views.entries_of_submitter
    monkeypatch.setattr(
        views, "entries_of_submitter", lambda email: looked_up.append(email) or original(email)
    )
    answers = {}
    for address in ("leitung@example.org", "niemand@example.org"):
        token, sent = csrf_token(client, "/eintrag/link-anfordern"), len(outbox(app))
        response = client.post(
            "/eintrag/link-anfordern", data={"csrf_token": token, "email": address}, buffered=False
        )
        answers[address] = (response.status_code, _without_nonces(response.get_data(as_text=True)))
        assert looked_up == [] and len(outbox(app)) == sent, "looked up before the answer was sent"
        response.close()
        assert deferred.wait_idle()  # the look-up runs in the background, after the answer
        assert looked_up == [address]
        looked_up.clear()
    assert answers["leitung@example.org"] == answers["niemand@example.org"]
    [mail] = outbox(app)[before:]
    assert mail["To"] == "leitung@example.org" and client.get(edit_link(app)).status_code == 200


def _without_nonces(page: str) -> str:
    return re.sub(r'(value|nonce)="[^"]+"', "", page)
