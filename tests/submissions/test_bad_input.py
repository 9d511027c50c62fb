"""Every kind of bad input to the public forms: a clear message, a 4xx status, nothing stored."""

import pytest
from sqlalchemy import func, select

from tests.factories import make_kommune
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative, MeetingPlace

from .helpers import VALID, edit_link, outbox, post_form, submit

TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "street",
    "town",
    "opening_times",
    "accessibility_notes",
    "contact_person",
)


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Initiative))


@pytest.fixture
def kommune(app):
    return make_kommune()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Bitte einen Namen angeben"),
        ({"submitter_email": ""}, "submitter_email", "Bearbeitungslink"),
        ({"name": "x" * 201}, "name", "200"),
        ({"description": "x" * 10_001}, "description", "10000"),
        ({"opening_times": "x" * 2001}, "opening_times", "2000"),
        ({"kind": "x" * 81}, "kind", "80"),
        ({"email": "keine-adresse"}, "email", "keine gültige E-Mail-Adresse"),
        ({"submitter_email": "a@b"}, "submitter_email", "keine gültige E-Mail-Adresse"),
        ({"website": "javascript:alert(1)"}, "website", "https://"),
        ({"website": "ftp://chor.example.org"}, "website", "https://"),
        ({"phone": "12"}, "phone", "keine gültige Telefonnummer"),
        ({"phone": "hallo"}, "phone", "keine gültige Telefonnummer"),
        ({"postcode": "1234"}, "postcode", "fünf Ziffern"),
        ({"town": "Atlantis"}, "town", "kennen wir nicht"),
        ({"town": None}, "lat", "auf der Karte"),
        ({"lat": "48.85", "lon": "2.35"}, "lat", "nicht in Deutschland"),
        ({"lat": "52.52", "lon": "13.40"}, "lat", "außerhalb der Kommunen"),
        ({"lat": "53.8"}, "lat", "gehören zusammen"),
        ({"lat": "abc", "lon": "12.1"}, "lat", "Keine gültige Gleitkommazahl"),
        ({"service_radius_km": "-5"}, "service_radius_km", "0"),
        ({"themes": ["erfunden"]}, "themes", "unbekannte Auswahl: erfunden"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_stored(kommune, client, changes, field, message):
    response = post_form(
        client,
        "/eintragen/initiative",
        {
            **VALID,
            **{k: v for k, v in changes.items() if v is not None},
            **({"town": ""} if changes.get("town", 1) is None else {}),
            "step": "check",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="error-summary"' in page and message in page
    assert f'id="{field}-error"' in page or (field == "lat" and 'id="f-point-lat-error"' in page)
    assert stored() == 0


def test_missing_consent_stores_nothing(kommune, client, app):
    response = submit(client, consent=False)
    assert response.status_code == 400 and "Zustimmung" in response.get_data(as_text=True)
    assert stored() == 0 and outbox(app) == []


def test_missing_or_wrong_csrf_token_is_refused(kommune, client):
    data = {**VALID, "step": "submit", "consent": "yes"}
    for token in (None, "falsch"):
        response = client.post(
            "/eintragen/initiative", data=data if token is None else {**data, "csrf_token": token}
        )
        assert response.status_code == 400 and "Formular" in response.get_data(as_text=True)
    assert stored() == 0


def test_script_in_every_text_field_is_shown_as_text(kommune, client, app):
    script = "<script>alert('x')</script>"
    changes = {name: f"{VALID.get(name) or 'Text'} {script}" for name in TEXT_FIELDS if name != "town"}
    check = post_form(client, "/eintragen/initiative", {**VALID, **changes, "step": "check"})
    page = check.get_data(as_text=True)
    assert check.status_code == 200
    assert script not in page and "&lt;script&gt;alert(" in page
    assert submit(client, **changes).status_code == 302
    entry = db.session.scalar(select(Initiative))
    assert entry.name.endswith(script)  # stored as typed
    entry.status = "approved"
    db.session.commit()
    for url in (f"/initiativen/{entry.id}", "/initiativen", "/suche?q=Kinderchor", "/karte"):
        html = client.get(url).get_data(as_text=True)
        assert script not in html, url
    assert script not in client.get(edit_link(app)).get_data(as_text=True)


def test_honeypot_pretends_success_and_stores_nothing(kommune, client, app):
    response = submit(client, homepage="http://spam.example")
    assert response.status_code == 302 and response.headers["Location"].endswith("/eintragen/danke")
    assert stored() == 0 and outbox(app) == []


def test_a_meeting_place_registers_too(kommune, client):
    response = submit(
        client,
        word="begegnungsort",
        kind="Dorfgemeinschaftshaus",
        capacity="40",
        step_free="ja",
        rooms="Saal und Küche",
    )
    assert response.status_code == 302
    place = db.session.scalar(select(MeetingPlace))
    assert place.status == "pending" and place.capacity == 40 and place.step_free is True


def test_wrong_and_expired_links(kommune, client, app):
    assert client.get("/eintrag/" + "A" * 43).status_code == 404
    assert client.get("/eintrag/kurz").status_code == 404
    submit(client)
    link = edit_link(app)
    from zwk_network.submissions.models import EditToken
    from zwk_network.timeutil import utcnow

    db.session.execute(EditToken.__table__.update().values(expires_at=utcnow()))
    db.session.commit()
    assert client.get(link).status_code == 404
    assert client.get(link + "/daten.json").status_code == 404


def test_guessing_tokens_is_rate_limited(kommune, client):
    statuses = [client.get(f"/eintrag/{'x' * 40}{n:03d}").status_code for n in range(22)]
    assert statuses[:20] == [404] * 20 and statuses[20:] == [429, 429]
    assert "Zu viele Anfragen" in client.get("/eintrag/" + "y" * 43).get_data(as_text=True)


def test_submissions_and_link_requests_are_rate_limited(kommune, client):
    # The same address for the edit link: its sixth entry within the hour waits (test_form_limits.py).
    statuses = [submit(client, name=f"Verein {n}").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    requests = [
        post_form(client, "/eintrag/link-anfordern", {"email": "a@example.org"}).status_code for _ in range(6)
    ]
    assert requests == [200] * 5 + [429]


def test_deleting_needs_confirmation(kommune, client, app):
    submit(client)
    link = edit_link(app)
    response = post_form(client, link + "/loeschen", {})
    assert response.status_code == 400 and stored() == 1
