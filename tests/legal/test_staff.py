"""Admins write the legal texts in the staff area (audit-logged); planners and visitors cannot."""

import re

import pytest

from tests.factories import make_kommune
from tests.submissions.helpers import login, make_staff, post_form
from zwk_network.audit.models import AuditEntry
from zwk_network.extensions import db
from zwk_network.legal.models import LegalText

from .helpers import write_text

EDIT = "/intern/rechtliches/impressum/installation/de"


@pytest.fixture
def admin(app, client):
    make_kommune()
    make_staff("admin@example.org", role="admin", kommunen=())
    login(client, "admin@example.org")
    return client


def audit_lines():
    return list(
        db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.entry_type == "legal_text").order_by(AuditEntry.id)
        )
    )


def test_admin_finds_the_texts_from_the_staff_start_page_and_a_planner_does_not(admin, client):
    assert 'href="/intern/rechtliches"' in admin.get("/intern/").get_data(as_text=True)
    make_staff()
    planner = admin.application.test_client()
    login(planner)
    assert 'href="/intern/rechtliches"' not in planner.get("/intern/").get_data(as_text=True)


def test_admin_lists_writes_and_changes_a_text_and_it_is_logged(admin):
    listing = admin.get("/intern/rechtliches").get_data(as_text=True)
    assert "Impressum" in listing and "Testkreis" in listing and f'href="{EDIT}"' in listing
    form = admin.get(EDIT).get_data(as_text=True)
    assert 'name="body"' in form and 'value="Impressum"' in form  # a new text starts with the page's name
    saved = post_form(admin, EDIT, {"title": "Impressum", "body": "Betreiber: [Behörde]"})
    assert saved.status_code == 302 and saved.headers["Location"].startswith("/intern/rechtliches")
    assert "Gespeichert: Impressum (Installation, Deutsch)" in admin.get(saved.headers["Location"]).get_data(
        as_text=True
    )
    assert "Betreiber: [Behörde]" in admin.get("/impressum").get_data(as_text=True)
    post_form(admin, EDIT, {"title": "Impressum", "body": "Betreiber: Landkreis"})
    lines = audit_lines()
    assert [line.action for line in lines] == ["Rechtstext angelegt", "Rechtstext geändert"]
    assert lines[1].changes == {"body": ["Betreiber: [Behörde]", "Betreiber: Landkreis"]}
    assert lines[1].actor.endswith("<admin@example.org>") and "Impressum" in lines[1].entry_name
    text = db.session.scalar(db.select(LegalText))
    assert text.updated_by.email == "admin@example.org" and text.kommune_id is None
    post_form(admin, EDIT, {"title": "Impressum", "body": "Betreiber: Landkreis"})  # unchanged: no line
    assert len(audit_lines()) == 2


def test_a_kommune_text_and_an_english_one_are_removed_by_saving_them_empty(admin):
    write_text("impressum", body="Text der Installation")
    kommune_url = "/intern/rechtliches/impressum/testkreis/de"
    post_form(admin, kommune_url, {"title": "Impressum Testkreis", "body": "Eigener Text"})
    assert "Eigener Text" in admin.get("/kommunen/testkreis/impressum").get_data(as_text=True)
    post_form(admin, kommune_url, {"title": "Impressum Testkreis", "body": ""})
    page = admin.get("/kommunen/testkreis/impressum").get_data(as_text=True)
    assert "Eigener Text" not in page and "Text der Installation" in page
    assert audit_lines()[-1].action == "Rechtstext entfernt"
    post_form(
        admin, "/intern/rechtliches/impressum/installation/en", {"title": "Legal notice", "body": "English"}
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(LegalText)) == 2


def test_the_installations_german_text_cannot_be_emptied_and_what_was_typed_stays(admin):
    write_text("impressum", body="Bleibt")
    response = post_form(admin, EDIT, {"title": "Neuer Titel", "body": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Pflicht" in html and 'value="Neuer Titel"' in html
    assert "Bleibt" in admin.get("/impressum").get_data(as_text=True)
    missing_title = post_form(admin, EDIT, {"title": "", "body": "Text ohne Titel"})
    assert missing_title.status_code == 400 and "Text ohne Titel" in missing_title.get_data(as_text=True)
    too_long = post_form(admin, EDIT, {"title": "x" * 201, "body": "Text"})
    assert too_long.status_code == 400


def test_hostile_markdown_from_the_form_is_shown_as_text(admin):
    body = (
        "<script>alert('x')</script>\n\n[klick](javascript:alert(1)) [gut](https://example.org)\n\n"
        "{{ 7*7 }} {% raw %} {# {{ config }} <img src=x onerror=alert(1)>"
    )
    preview = post_form(admin, EDIT, {"title": "Impressum", "body": body, "vorschau": "1"})
    assert preview.status_code == 200 and "Vorschau" in preview.get_data(as_text=True)
    assert db.session.scalar(db.select(LegalText)) is None  # a preview saves nothing
    post_form(admin, EDIT, {"title": "<b>Titel</b> {{ 6*6 }}", "body": body})
    for html in (
        admin.get("/impressum").get_data(as_text=True),
        admin.get(EDIT).get_data(as_text=True),
        preview.get_data(as_text=True),
    ):
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert "<script" not in main and "<img" not in main
        assert all(re.match(r"(https?:|mailto:|/|#)", href) for href in re.findall(r'href="([^"]*)"', main))
        assert '<a href="https://example.org">gut</a>' in main or "<textarea" in main
        shown = re.sub(r"<input[^>]*type=\"hidden\"[^>]*>", "", main)  # a random CSRF token may hold "49"
        assert "49" not in shown and "SECRET_KEY" not in shown
    public = admin.get("/impressum").get_data(as_text=True)
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in public and "{{ 7*7 }} {% raw %} {#" in public
    assert "[klick](javascript:alert(1))" in public and "&lt;b&gt;Titel&lt;/b&gt; {{ 6*6 }}" in public


@pytest.mark.parametrize("url", ["/intern/rechtliches", EDIT, "/intern/rechtliches/impressum/testkreis/en"])
def test_planners_are_refused_and_visitors_sent_to_sign_in(app, client, url):
    make_kommune()
    make_staff()  # a planner of the Testkreis
    assert client.get(url).status_code == 302  # not signed in: to the sign-in page
    login(client)
    assert client.get(url).status_code == 403
    if url != "/intern/rechtliches":
        assert post_form(client, url, {"title": "X", "body": "Y"}, token_from="/intern/").status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(LegalText)) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/intern/rechtliches/unbekannt/installation/de",
        "/intern/rechtliches/impressum/unbekannt/de",
        "/intern/rechtliches/impressum/installation/fr",
    ],
)
def test_unknown_page_kommune_or_language_is_not_found(admin, url):
    assert admin.get(url).status_code == 404
