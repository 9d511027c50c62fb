"""The accessibility statement's feedback mechanism (BITV 2.0 § 7): a form that stores nothing and
mails the configured contact (Kommune's, else the installation's, else the admins), with honeypot and
rate limits; the statement links it and names the enforcement body from the configuration."""

import re

from sqlalchemy import func, select

from tests.factories import make_kommune
from tests.submissions.helpers import body, login, make_staff, outbox, post_form
from zwk_network.extensions import db
from zwk_network.legal.feedback import save_accessibility_contact

REPORT = {
    "where": "Karte",
    "description": "Die Karte lässt sich mit der Tastatur nicht verschieben.",
    "address": "https://evil.example/phish",
    "name": "Erika Muster",
    "email": "Erika@Example.org",
    "consent": "y",
}


def configure(kommune=None, email="", name="", url=""):
    save_accessibility_contact(kommune, email, name, url, user=None)
    db.session.commit()


def table_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_the_statement_links_the_form_and_names_the_configured_enforcement_body(app, client):
    kommune = make_kommune()
    page = client.get("/barrierefreiheit").get_data(as_text=True)
    assert 'href="/barrierefreiheit/rueckmeldung"' in page
    assert "noch nicht eingetragen" in page  # honest: no body configured yet
    configure(
        name="Schlichtungsstelle BGG\nMauerstraße 53\n10117 Berlin",
        url="https://www.schlichtungsstelle-bgg.de",
    )
    page = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "Schlichtungsstelle BGG<br>Mauerstraße 53" in page
    assert 'href="https://www.schlichtungsstelle-bgg.de"' in page
    own = client.get("/kommunen/testkreis/barrierefreiheit").get_data(as_text=True)
    assert (
        'href="/kommunen/testkreis/barrierefreiheit/rueckmeldung"' in own and "Schlichtungsstelle BGG" in own
    )
    configure(kommune, name="Landesstelle MV")
    assert "Landesstelle MV" in client.get("/kommunen/testkreis/barrierefreiheit").get_data(as_text=True)


def test_a_report_is_mailed_to_the_kommunes_contact_and_stored_nowhere(app, client):
    kommune = make_kommune()
    configure(email="barrierefrei@landkreis.example")
    configure(kommune, email="teilhabe@testkreis.example")
    before = table_counts()
    response = post_form(client, "/kommunen/testkreis/barrierefreiheit/rueckmeldung", REPORT)
    assert response.status_code == 302
    assert response.headers["Location"] == "/kommunen/testkreis/barrierefreiheit/rueckmeldung/danke"
    thanks = client.get(response.headers["Location"])
    assert "Danke für Ihre Meldung" in thanks.get_data(as_text=True)
    assert thanks.headers["Cache-Control"] == "no-store"
    [mail] = outbox(app)
    assert mail["To"] == "teilhabe@testkreis.example" and mail["Reply-To"] == "erika@example.org"
    text = body(mail)
    assert "mit der Tastatur nicht verschieben" in text and "Erika Muster" in text
    assert "https://evil.example/phish" in text and "nicht geprüft" in text  # as text, never a link of ours
    assert table_counts() == before  # nothing stored (the audit log neither)
    post_form(client, "/barrierefreiheit/rueckmeldung", REPORT | {"email": ""})
    installation = outbox(app)[-1]
    assert installation["To"] == "barrierefrei@landkreis.example" and installation["Reply-To"] is None


def test_without_an_address_the_admins_receive_it(app, client):
    make_kommune()
    make_staff("admin@example.org", role="admin", kommunen=())
    make_staff()  # a planner: not the admins' fallback
    assert post_form(client, "/barrierefreiheit/rueckmeldung", REPORT).status_code == 302
    [mail] = outbox(app)
    assert mail["To"] == "admin@example.org" and "noch keine Adresse eingetragen" in body(mail)


def test_a_report_needs_a_description_and_consent_and_keeps_what_was_typed(app, client):
    make_kommune()
    response = post_form(
        client, "/barrierefreiheit/rueckmeldung", REPORT | {"description": "", "consent": ""}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and not outbox(app)
    assert "Bitte beschreiben Sie die Barriere." in page and "Ohne Ihre Zustimmung" in page
    assert 'value="Erika Muster"' in page and 'value="https://evil.example/phish"' in page
    assert 'href="/datenschutz"' in page  # the privacy notice at the point of consent
    bad = post_form(client, "/barrierefreiheit/rueckmeldung", REPORT | {"email": "kein-at"})
    assert bad.status_code == 400 and "gültige E-Mail-Adresse" in bad.get_data(as_text=True)


def test_the_honeypot_and_the_rate_limits(app, client):
    make_kommune()
    configure(email="barrierefrei@landkreis.example")
    caught = post_form(client, "/barrierefreiheit/rueckmeldung", REPORT | {"homepage": "http://spam"})
    assert caught.status_code == 302 and not outbox(app)  # thanks, sent nothing
    statuses = [post_form(client, "/barrierefreiheit/rueckmeldung", REPORT).status_code for _ in range(5)]
    assert statuses == [302] * 4 + [429]  # the honeypot's form counted too: 5 per e-mail address an hour
    refused = post_form(client, "/barrierefreiheit/rueckmeldung", REPORT)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert re.search(r"ab (\d\d\.\d\d\.\d{4}, )?\d\d:\d\d Uhr", page)
    assert "Die Karte lässt sich mit der Tastatur nicht verschieben." in page  # kept
    other = post_form(client, "/barrierefreiheit/rueckmeldung", REPORT | {"email": "andere@example.org"})
    assert other.status_code == 302 and len(outbox(app)) == 5


def test_admins_configure_the_contact_in_the_staff_area(app, client):
    make_kommune()
    make_staff("admin@example.org", role="admin", kommunen=())
    login(client, "admin@example.org")
    listing = client.get("/intern/rechtliches").get_data(as_text=True)
    assert 'href="/intern/rechtliches/barrierefreiheit/testkreis/kontakt"' in listing
    url = "/intern/rechtliches/barrierefreiheit/installation/kontakt"
    bad = post_form(
        client, url, {"feedback_email": "x@example.org", "enforcement_url": "javascript:alert(1)"}
    )
    assert bad.status_code == 400 and "https://" in bad.get_data(as_text=True)
    data = {
        "feedback_email": "Barrierefrei@Landkreis.example",
        "enforcement_name": "Stelle",
        "enforcement_url": "",
    }
    response = post_form(client, url, data)
    assert response.status_code == 302
    assert "Gespeichert: Rückmeldung und Schlichtung" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert "barrierefrei@landkreis.example" in client.get("/intern/rechtliches").get_data(as_text=True)
    assert "Rückmeldung und Schlichtung geändert" in client.get("/intern/protokoll").get_data(as_text=True)
    make_staff()
    planner = client.application.test_client()
    login(planner)
    assert planner.get(url).status_code == 403
