"""Kinds of help (Art der Hilfe) in the registration, edit-link and staff forms, and on the pages."""

import re

from sqlalchemy import select

from tests.factories import make_kommune, make_listing
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.submissions.tokens import issue_token

from .helpers import VALID, act, edit_link, login, logout, make_staff, post_form, submit

SUGGESTION_NOTE = "Vorschlag aus dem Text – bitte prüfen"
STAFF_SUGGESTION = "Vorschlag aus dem Text, nicht gespeichert"
HINT = "Was bieten Sie an? Das hilft, Sie mit Bedarfen in der Nähe zusammenzubringen."
CHECKBOX = re.compile(r"<input[^>]*>")


def checked_kinds(page: str) -> list[str]:
    """The values of the checked help_kinds checkboxes of a form page."""
    boxes = [tag for tag in CHECKBOX.findall(page) if 'name="help_kinds"' in tag]
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in boxes if " checked" in tag]


def kinds_row(page: str) -> str:
    """The text of the „Art der Hilfe“ row of a facts list ('' when there is none)."""
    found = re.search(r"<dt>Art der Hilfe</dt><dd[^>]*>(.*?)</dd>", page, re.S)
    return " ".join(found.group(1).split()) if found else ""


def test_register_with_kinds_review_approve_and_edit_keeps_them(app, client):
    make_kommune()
    make_staff()
    form = client.get("/eintragen/initiative").get_data(as_text=True)
    assert "Art der Hilfe" in form and HINT in form and 'value="fahrdienst"' in form
    assert checked_kinds(form) == [] and SUGGESTION_NOTE not in form  # a new form suggests nothing

    data = {**VALID, "help_kinds": ["fahrdienst", "beratung"]}
    check = post_form(client, "/eintragen/initiative", {**data, "step": "check"})
    assert check.status_code == 200
    assert kinds_row(check.get_data(as_text=True)) == "Beratung, Fahrdienst und Mobilität"
    assert submit(client, help_kinds=["fahrdienst", "beratung"]).status_code == 302
    entry = db.session.scalar(select(Initiative))
    assert entry.help_kind_slugs == ["beratung", "fahrdienst"]

    login(client)
    review = f"/intern/eintrag/initiative/{entry.id}"
    assert kinds_row(client.get(review).get_data(as_text=True)) == "Beratung, Fahrdienst und Mobilität"
    assert act(client, review + "/freigeben", review).status_code == 302
    logout(client)
    public = client.get(f"/initiativen/{entry.id}").get_data(as_text=True)
    assert kinds_row(public) == "Beratung, Fahrdienst und Mobilität" and STAFF_SUGGESTION not in public
    assert client.get(f"/api/initiatives/{entry.id}").get_json()["help_kinds"] == ["beratung", "fahrdienst"]

    # The edit link shows them checked; a change of the name only keeps them.
    link = edit_link(app)
    edit_page = client.get(link + "/bearbeiten").get_data(as_text=True)
    assert checked_kinds(edit_page) == ["beratung", "fahrdienst"] and SUGGESTION_NOTE not in edit_page
    renamed = {**data, "name": "Kinderchor Westdorf-Ost", "help_kinds": checked_kinds(edit_page)}
    send = {"step": "submit", "consent": "yes"}
    assert post_form(client, link + "/bearbeiten", {**renamed, **send}).status_code == 302

    # A change of the kinds goes to review; the planner sees it with labels, approves it.
    changed = {**renamed, "help_kinds": ["fahrdienst"]}
    assert post_form(client, link + "/bearbeiten", {**changed, **send}).status_code == 302
    login(client)
    page = client.get(review).get_data(as_text=True)
    row = re.search(r'<th scope="row">Art der Hilfe</th><td>(.*?)</td><td>(.*?)</td>', page)
    assert row and row.groups() == ("Beratung, Fahrdienst und Mobilität", "Fahrdienst und Mobilität")
    revision_id = page.split("/aenderung/")[1].split("/")[0]
    assert act(client, f"{review}/aenderung/{revision_id}/freigeben", review).status_code == 302
    db.session.expire_all()
    entry = db.session.get(Initiative, entry.id)
    assert entry.name == "Kinderchor Westdorf-Ost" and entry.help_kind_slugs == ["fahrdienst"]
    log = client.get("/intern/protokoll")  # the planner's Kommune's entry: in the planner's log too
    assert "Art der Hilfe</strong>: Beratung, Fahrdienst und Mobilität" in log.get_data(as_text=True)
    make_staff("admin@example.org", role="admin", kommunen=())
    logout(client)
    login(client, "admin@example.org")
    log = client.get("/intern/protokoll").get_data(as_text=True)
    assert "Art der Hilfe</strong>: Beratung, Fahrdienst und Mobilität → Fahrdienst und Mobilität" in log


def test_edit_forms_suggest_kinds_for_an_entry_without_and_mark_them(app, client):
    make_kommune()
    make_staff()
    bus = make_listing(
        Initiative,
        "Bürgerbus Westdorf",
        summary="Wir fahren ältere Menschen zum Arzt.",
        submitter_email="bus@example.org",
    )
    assert bus.help_kind_slugs == []

    # The public page shows no kinds; signed-in staff see the suggestion, marked as one.
    public = client.get(f"/initiativen/{bus.id}").get_data(as_text=True)
    assert kinds_row(public) == "" and STAFF_SUGGESTION not in public

    token = issue_token("initiative", bus.id)
    db.session.commit()
    owner_form = client.get(f"/eintrag/{token}/bearbeiten").get_data(as_text=True)
    assert checked_kinds(owner_form) == ["versorgung", "fahrdienst"] and SUGGESTION_NOTE in owner_form

    login(client)
    staff_page = client.get(f"/initiativen/{bus.id}").get_data(as_text=True)
    assert STAFF_SUGGESTION in staff_page and "Fahrdienst und Mobilität" in kinds_row(staff_page)
    edit_url = f"/intern/eintrag/initiative/{bus.id}/bearbeiten"
    staff_form = client.get(edit_url).get_data(as_text=True)
    assert checked_kinds(staff_form) == ["versorgung", "fahrdienst"] and SUGGESTION_NOTE in staff_form

    # Saving what the planner checked stores it; the note is gone, the kinds are given now.
    data = {
        "name": bus.name,
        "kind": "Initiative",
        "summary": bus.summary,
        "lat": "53.8",
        "lon": "12.1",
        "submitter_email": "bus@example.org",
        "help_kinds": ["fahrdienst"],
    }
    assert post_form(client, edit_url, data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Initiative, bus.id).help_kind_slugs == ["fahrdienst"]
    again = client.get(edit_url).get_data(as_text=True)
    assert checked_kinds(again) == ["fahrdienst"] and SUGGESTION_NOTE not in again
    assert STAFF_SUGGESTION not in client.get(f"/initiativen/{bus.id}").get_data(as_text=True)


def test_a_meeting_place_is_suggested_as_treffpunkt_and_keeps_given_kinds(app, client):
    make_kommune()
    place = make_listing(
        MeetingPlace,
        "Alte Schule",
        summary="Räume für Vereine",
        status="pending",
        submitter_email="o@example.org",
    )
    token = issue_token("place", place.id)
    db.session.commit()
    page = client.get(f"/eintrag/{token}/bearbeiten").get_data(as_text=True)
    assert checked_kinds(page)[0] == "treffpunkt" and SUGGESTION_NOTE in page
    data = {
        **VALID,
        "name": "Alte Schule",
        "kind": "Begegnungsstätte",
        "step_free": "ja",
        "submitter_email": "o@example.org",
        "help_kinds": ["treffpunkt", "bildung"],
    }
    saved = post_form(client, f"/eintrag/{token}/bearbeiten", {**data, "step": "submit", "consent": "yes"})
    assert saved.status_code == 302
    db.session.expire_all()  # not yet published: the change applies at once
    assert db.session.get(MeetingPlace, place.id).help_kind_slugs == ["treffpunkt", "bildung"]


def test_unknown_kinds_in_a_post_get_a_plain_message_and_store_nothing(app, client):
    make_kommune()
    make_staff()
    hostile = ["fahrdienst", "unsinn", "<script>alert(1)</script>", "x" * 500]
    response = post_form(client, "/eintragen/initiative", {**VALID, "step": "check", "help_kinds": hostile})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "unbekannte Auswahl" in page and "<script>alert(1)" not in page
    assert VALID["name"] in page  # what was typed is kept
    submitted = post_form(
        client, "/eintragen/initiative", {**VALID, "step": "submit", "consent": "yes", "help_kinds": hostile}
    )
    assert submitted.status_code == 400 and db.session.scalar(select(Initiative)) is None

    entry = make_listing(Initiative, "Treff", help_kinds=["treffpunkt"], submitter_email="t@example.org")
    login(client)
    edit_url = f"/intern/eintrag/initiative/{entry.id}/bearbeiten"
    data = {
        "name": "Treff",
        "kind": "Initiative",
        "summary": "Ein Treff",
        "lat": "53.8",
        "lon": "12.1",
        "submitter_email": "t@example.org",
        "help_kinds": ["online", "nichts"],
    }
    response = post_form(client, edit_url, data)
    assert response.status_code == 400 and "unbekannte Auswahl: nichts" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id).help_kind_slugs == ["treffpunkt"]
