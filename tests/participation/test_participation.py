"""Residents take part between conferences (/mitmachen): submit without JavaScript or account,
planners moderate (publish, merge, turn into a need, answer, decline), nothing unreviewed is
public, „Betrifft mich auch“ once per browser and rate-limited, hostile input stays data."""

import re

import pytest
from sqlalchemy import func, select

from tests.factories import make_kommune, make_need
from tests.submissions.helpers import body, login, make_staff, outbox, post_form
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.participation.models import Contribution, Support

IDEA = {
    "kind": "idee",
    "text": "Eine Mitfahrbank am Dorfplatz in Westdorf, damit Ältere leichter nach Ostdorf kommen.",
    "theme": "mobilitaet",
    "target_group": "senioren",
    "kommune": "testkreis",
    "town": "Westdorf",
    "consent": "y",
}
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture
def kreis(app):
    kommune = make_kommune()
    make_staff()
    return kommune


def send(client, **changes):
    data = {key: value for key, value in {**IDEA, **changes}.items() if value is not None}
    return post_form(client, "/mitmachen", data)


def only() -> Contribution:
    return db.session.scalar(select(Contribution))


def press(client, contribution_id: int, action: str, **data):
    """A planner's button on the review page (the page's CSRF token)."""
    return post_form(
        client,
        f"/intern/mitmachen/{contribution_id}/{action}",
        data,
        token_from=f"/intern/mitmachen/{contribution_id}",
    )


def support(client, path: str, page: str = "/mitmachen"):
    """Press „Betrifft mich auch“ (the CSRF token of the session, from any form page)."""
    token = TOKEN.search(client.get(page).get_data(as_text=True)).group(1)
    return client.post(path, data={"csrf_token": token})


def test_submit_without_javascript_or_account_waits_for_review(kreis, client):
    page = client.get("/mitmachen").get_data(as_text=True)
    assert "Das fehlt bei uns" in page and "Ich möchte mitmachen" in page and "/datenschutz" in page
    response = send(client, name="Erika Muster", email="erika@example.org")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mitmachen/danke")
    contribution = only()
    assert contribution.status == "neu" and contribution.kommune_id == kreis.id
    assert contribution.gazetteer_place.name == "Westdorf" and contribution.region.slug == "west"
    assert contribution.name == "Erika Muster"  # kept for the planner only
    line = db.session.scalar(select(AuditEntry).where(AuditEntry.entry_type == "contribution"))
    assert line.action == "eingereicht"
    # Nothing unreviewed anywhere public.
    for url in ("/ideen", "/", "/bedarfe", "/suche?q=Mitfahrbank"):
        assert "Mitfahrbank am Dorfplatz" not in client.get(url).get_data(as_text=True), url
    assert client.post(f"/ideen/{contribution.id}/betrifft-mich").status_code in (400, 404)


def test_consent_place_and_answer_rules_keep_what_was_typed(kreis, client):
    response = send(client, consent=None, town="Nirgendwohausen", wants_answer="y")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ohne Ihre Zustimmung" in page and "Mitfahrbank am Dorfplatz" in page  # typed text kept
    response = send(client, town="Nirgendwohausen", wants_answer="y")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "E-Mail-Adresse" in page and "Nirgendwohausen" in page
    response = send(client, kind="mitmachen", text="Ich fahre gern mit.", town="")
    assert response.status_code == 400 and "wie wir Sie erreichen" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_honeypot_stores_nothing(kreis, client):
    assert send(client, homepage="http://spam.example").status_code == 302
    assert only() is None


def test_hostile_input_is_data(kreis, client):
    hostile = "<script>alert(1)</script> {{ 7*7 }} {% raw %} ' OR 1=1 --"
    assert send(client, text=hostile, town="", name="<b>x</b>").status_code == 302
    contribution = only()
    assert contribution.text == hostile
    login(client)
    press(client, contribution.id, "veroeffentlichen")
    board = client.get("/ideen").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in board and "&lt;script&gt;" in board and "{{ 7*7 }}" in board
    assert "<b>x</b>" not in board and "&lt;b&gt;" not in board  # the name is never public
    for bad in ({"kind": "evil"}, {"theme": "x" * 500}, {"text": "x" * 4000}, {"kommune": "../etc"}):
        response = send(client, **bad, town="")
        assert response.status_code == 400, bad


def test_publish_then_support_once_per_browser(kreis, client, app):
    send(client)
    contribution = only()
    login(client)
    other = app.test_client()
    assert "Mitfahrbank" not in other.get("/ideen").get_data(as_text=True)
    home = client.get("/intern/").get_data(as_text=True)
    assert "1</strong> Beiträge von Bürgerinnen und Bürgern warten" in home
    response = press(client, contribution.id, "veroeffentlichen")
    assert response.status_code == 302
    assert "Veröffentlicht" in client.get(response.headers["Location"]).get_data(as_text=True)
    board = other.get("/ideen").get_data(as_text=True)
    assert "Mitfahrbank am Dorfplatz" in board and "veröffentlicht" in board and "Erika" not in board
    path = f"/ideen/{contribution.id}/betrifft-mich"
    assert support(other, path, "/ideen").status_code == 302
    assert "X-Already-Counted" in support(other, path).headers  # the same browser: once
    assert "Sie haben „Betrifft mich auch“ gesagt" in other.get("/ideen").get_data(as_text=True)
    third = app.test_client()
    support(third, path, "/ideen")
    assert db.session.scalar(select(func.count(Support.id))) == 2
    assert "2 Personen sagen: betrifft mich auch." in third.get("/ideen").get_data(as_text=True)
    stored = db.session.scalars(select(Support.browser_hash)).all()
    cookie = other.get_cookie("zwk_betrifft").value
    assert cookie not in stored  # only its keyed hash is stored
    staff = client.get("/intern/mitmachen").get_data(as_text=True)
    assert "<td>2</td>" in staff


def test_support_is_rate_limited(kreis, client, app):
    send(client)
    contribution = only()
    login(client)
    press(client, contribution.id, "veroeffentlichen")
    path = f"/ideen/{contribution.id}/betrifft-mich"
    browser = app.test_client()
    statuses = []
    for _ in range(31):
        browser.delete_cookie("zwk_betrifft")  # a bot throwing its cookie away
        statuses.append(support(browser, path, "/ideen").status_code)
    assert statuses[:30] == [302] * 30 and statuses[30] == 429
    assert db.session.scalar(select(func.count(Support.id))) == 30


def test_remarks_and_offers_to_help_are_never_published(kreis, client):
    send(client, kind="mitmachen", text="Ich kann Fahrdienste übernehmen.", contact="0381 123", town="")
    contribution = only()
    login(client)
    review = client.get(f"/intern/mitmachen/{contribution.id}").get_data(as_text=True)
    assert "0381 123" in review and "Auf die Ideenwand" not in review
    assert press(client, contribution.id, "veroeffentlichen").status_code == 400
    assert only().status == "neu"


def test_merge_into_a_need_moves_its_supporters(kreis, client, app):
    need = make_need(kreis, title="Mobilität im Westen")
    send(client)
    contribution = only()
    login(client)
    press(client, contribution.id, "veroeffentlichen")
    supporter = app.test_client()
    support(supporter, f"/ideen/{contribution.id}/betrifft-mich", "/ideen")
    response = press(client, contribution.id, "zusammenfuehren", need=str(need.id))
    assert response.status_code == 302
    db.session.expire_all()
    assert only().status == "zusammengefuehrt" and only().need_id == need.id
    page = supporter.get(f"/bedarfe/{need.id}").get_data(as_text=True)
    assert "aus 1 Beitrag von Bürgerinnen und Bürgern" in page
    assert "1 Person sagt: betrifft mich auch." in page and "Sie haben „Betrifft mich auch“ gesagt" in page
    assert "Mitfahrbank am Dorfplatz" not in supporter.get("/ideen").get_data(as_text=True)


def test_turn_into_a_new_need(kreis, client):
    send(client)
    contribution = only()
    login(client)
    response = press(client, contribution.id, "bedarf")
    assert response.status_code == 302 and "/bearbeiten" in response.headers["Location"]
    need = db.session.scalar(select(Need))
    assert need.description == IDEA["text"] and need.region.slug == "west"
    assert need.theme_slugs == ["mobilitaet"] and need.target_group_slugs == ["senioren"]
    assert only().status == "bedarf" and only().need_id == need.id
    page = client.get(f"/bedarfe/{need.id}").get_data(as_text=True)
    assert "aus 1 Beitrag von Bürgerinnen und Bürgern" in page


def test_answer_with_preview_then_decline_with_reason(kreis, client, app):
    send(client, name="Erika", email="erika@example.org")
    contribution = only()
    login(client)
    preview = press(client, contribution.id, "antworten", answer="Danke, wir prüfen <das>.")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Vorschau der E-Mail an erika@example.org" in page
    assert "Danke, wir prüfen &lt;das&gt;." in page and outbox(app) == []
    sent = press(client, contribution.id, "antworten", answer="Danke, wir prüfen <das>.", step="send")
    assert sent.status_code == 302
    mails = outbox(app)
    assert (
        len(mails) == 1
        and "Danke, wir prüfen <das>." in body(mails[0])
        and "erika@example.org" in mails[0]["To"]
    )
    assert press(client, contribution.id, "ablehnen", reason="").status_code == 400
    response = press(client, contribution.id, "ablehnen", reason="Das gehört nicht zum Landkreis.")
    assert response.status_code == 302
    assert "Das gehört nicht zum Landkreis." in body(outbox(app)[-1])
    assert only().status == "abgelehnt"
    assert "Mitfahrbank" not in app.test_client().get("/ideen").get_data(as_text=True)
    actions = set(
        db.session.scalars(select(AuditEntry.action).where(AuditEntry.entry_type == "contribution"))
    )
    assert {"eingereicht", "beantwortet", "abgelehnt"} <= actions


def test_planners_moderate_only_their_own_kommunen(kreis, client):
    make_kommune(slug="anderswo", name="Anderswo")
    make_staff("fremd@example.org", kommunen=("anderswo",))
    send(client, town="")  # the test Kommunen share their shapes: the one chosen counts
    contribution = only()
    login(client, "fremd@example.org")
    assert "Mitfahrbank" not in client.get("/intern/mitmachen").get_data(as_text=True)
    assert client.get(f"/intern/mitmachen/{contribution.id}").status_code in (403, 404)
    token = TOKEN.search(client.get("/intern/mitmachen").get_data(as_text=True)).group(1)
    response = client.post(
        f"/intern/mitmachen/{contribution.id}/veroeffentlichen", data={"csrf_token": token}
    )
    assert response.status_code in (403, 404) and only().status == "neu"
