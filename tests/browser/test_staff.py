"""The staff area in the browser, on a phone and on the desktop: sign-in lands on the Übersicht,
the staff navigation reaches every part, messages are announced (role=status), the introduction
e-mail is previewed, edited and sent; axe finds no serious violation on the new staff pages."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from zwk_network.accounts.services import create_user
from zwk_network.accounts.tokens import password_token
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.network.models import Connection
from zwk_network.registry.models import Initiative

from .test_registration import serious_violations

PASSWORD = "ein-langes-passwort-123"
SHOTS = Path(__file__).resolve().parent.parent.parent / "instance" / "screenshots"


def sign_in(page, live_server, email: str, role: str = "planner") -> None:
    with live_server.app.app_context():
        create_user(email, PASSWORD, role, ["landkreis-rostock"] if role == "planner" else [], "Pia Planer")
        db.session.commit()
    page.goto("/intern/anmelden")
    page.page.fill("#email", email)
    page.page.fill("#password", PASSWORD)
    page.page.click("main form button[type=submit]")
    page.page.wait_for_url("**/intern/")


def shot(p, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_sign_in_lands_on_the_start_page_and_the_navigation_reaches_every_part(page, live_server, width):
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, f"nav{width}@example.org")
    assert p.inner_text("h1") == "Übersicht"
    assert p.inner_text("main [role=status]") == "Angemeldet als Pia Planer."
    assert p.evaluate("document.documentElement.scrollWidth") <= width + 1  # tables scroll inside themselves
    shot(p, f"staff-start-{width}")
    nav = p.locator("nav.staff-nav")
    assert nav.get_attribute("aria-label") == "Mitarbeiterbereich"
    for label, path, heading in (
        ("Bedarfe", "/intern/bedarfe", "Bedarfe bearbeiten"),
        ("Netzwerk", "/intern/netzwerk", None),
        ("Konferenzen", "/intern/konferenzen", "Konferenzen bearbeiten"),
        ("Maßnahmen", "/intern/massnahmen", "Maßnahmen bearbeiten"),
        ("Kommunalprofil", "/intern/kommunalprofil", "Kommunalprofil bearbeiten"),
        ("Nach Region und Thema", "/intern/uebersicht", None),
        ("Protokoll", "/intern/protokoll", "Änderungsprotokoll"),
        ("Übersicht", "/intern/", "Übersicht"),
    ):
        nav.get_by_role("link", name=label, exact=True).click()
        p.wait_for_url(f"**{path}")
        assert nav.locator("a[aria-current=page]").inner_text() == label
        if heading:
            assert p.inner_text("h1") == heading
    assert nav.get_by_role("link", name="Konten").count() == 0  # admins only
    nav.get_by_role("button", name="Abmelden").click()
    p.wait_for_url(f"{live_server.url}/")
    assert p.inner_text("main [role=status]") == "Sie sind abgemeldet."
    assert p.locator("nav.staff-nav").count() == 0
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("width", [390, 1280])
def test_the_introduction_email_is_previewed_edited_and_sent_once_unless_confirmed(page, live_server, width):
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})
    email = f"vorstellen{width}@example.org"
    sign_in(page, live_server, email)
    with live_server.app.app_context():
        rostock = select(Need).where(Need.kommune.has(slug="landkreis-rostock")).order_by(Need.id)
        need = db.session.scalars(rostock).all()[
            -1 if width == 390 else -2
        ]  # its own need (test_workspace works on the first)
        entry = db.session.scalar(
            select(Initiative).where(
                Initiative.status == "approved", Initiative.kommune_id == need.kommune_id
            )
        )
        entry.email = f"partner{width}@example.org"
        connection = Connection(need_id=need.id, entry_type="initiative", entry_id=entry.id)
        db.session.add(connection)
        db.session.commit()
        need_id, connection_id = need.id, connection.id
    page.goto(f"/intern/bedarfe/{need_id}")
    p.locator(f"a[href='/intern/vernetzung/{connection_id}/vorstellen']").click()
    p.wait_for_url(f"**/vernetzung/{connection_id}/vorstellen")
    assert f"partner{width}@example.org" in p.inner_text("main") and email in p.inner_text("main")
    assert serious_violations(p) == []
    text = p.input_value("#text")
    assert "Freundliche Grüße" in text
    p.fill("#subject", "Kennenlernen?")
    p.fill("#text", text.replace("Guten Tag,", "Liebe Engagierte,"))
    shot(p, f"staff-introduction-{width}")
    p.click("main form button[type=submit]")
    p.wait_for_url(f"**/intern/bedarfe/{need_id}")
    assert "Vorstellungs-E-Mail an" in p.inner_text("main [role=status]")
    with live_server.app.app_context():
        sent = db.session.get(Connection, connection_id)
        assert (
            sent.introduction_text.startswith("Betreff: Kennenlernen?")
            and "Liebe Engagierte," in sent.introduction_text
        )
    # A second time: the page says it went before and asks for the tick.
    p.locator(f"a[href='/intern/vernetzung/{connection_id}/vorstellen']").click()
    assert "schon am" in p.inner_text("#sent-before")
    p.click("main form button[type=submit]")
    assert "bitte bestätigen Sie" in p.inner_text("#error-summary")
    assert serious_violations(p) == []
    p.check("#again")
    p.click("main form button[type=submit]")
    p.wait_for_url(f"**/intern/bedarfe/{need_id}")
    refused = "the server responded with a status of 400"  # the form sent back with its reason
    assert [error for error in page.console_errors if refused not in error] == []


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_on_the_new_staff_pages(page, live_server, width):
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, f"axe-staff{width}@example.org", role="admin")
    with live_server.app.app_context():
        colleague = create_user(f"kollege{width}@example.org", None, "planner", ["landkreis-rostock"], "Kai")
        db.session.commit()
        colleague_id, token = colleague.id, password_token(colleague, "invitation")
    for path in (
        "/intern/",
        "/intern/konferenzen",
        "/intern/massnahmen",
        "/intern/protokoll",
        "/intern/konten",
        "/intern/konten/neu",
        f"/intern/konten/{colleague_id}",
    ):
        page.goto(path)
        assert serious_violations(p) == [], path
        assert p.evaluate("document.documentElement.scrollWidth") <= width + 1, path
    shot(p, f"staff-account-{width}")
    page.goto("/intern/konten")
    shot(p, f"staff-accounts-{width}")
    p.locator("nav.staff-nav").get_by_role("button", name="Abmelden").click()
    p.wait_for_url(f"{live_server.url}/")
    for path in ("/intern/anmelden", "/intern/passwort-vergessen", f"/intern/passwort-neu/{token}"):
        page.goto(path)
        assert serious_violations(p) == [], path
    p.fill("#password", "kurz")
    p.fill("#again", "kurz")
    p.click("main form button[type=submit]")
    assert "12 Zeichen" in p.inner_text("#error-summary") and serious_violations(p) == []
    assert re.search(r"passwort-neu/", p.url)
    refused = "the server responded with a status of 400"
    assert [error for error in page.console_errors if refused not in error] == []
