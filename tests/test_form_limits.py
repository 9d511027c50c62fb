"""Rate limits of the registration forms (form_limits.py): a conference room on one Wi-Fi gets
through, a bot does not; a form over its limit keeps everything typed and says when to retry."""

import re

import pytest
from sqlalchemy import func, select

from tests.conferences.test_registration import make_conference, sign_up
from tests.factories import make_kommune
from tests.submissions.helpers import VALID, outbox, post_form, submit
from zwk_network.config import StartupError, settings_from_environment
from zwk_network.extensions import db
from zwk_network.registrations.models import Registration
from zwk_network.registry.models import Initiative, MeetingPlace

ROOM = 40  # initiatives at one conference, behind one address


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def kommune(app):
    return make_kommune()


@pytest.fixture
def limits(app):
    """Set limits for one test; the app's own come back afterwards."""
    saved = {key: app.config[key] for key in app.config if key.endswith(("_PER_ADDRESS", "_PER_EMAIL"))}
    yield app.config.update
    app.config.update(saved)


def test_a_room_of_initiatives_on_one_address_registers_initiative_and_place(kommune, client):
    statuses = []
    for n in range(ROOM):
        email = f"verein{n}@example.org"
        statuses.append(submit(client, name=f"Verein {n}", submitter_email=email).status_code)
        statuses.append(submit(client, "begegnungsort", name=f"Haus {n}", submitter_email=email).status_code)
    assert statuses == [302] * (2 * ROOM)
    assert count(Initiative) == ROOM and count(MeetingPlace) == ROOM


def test_the_sixth_form_to_one_address_keeps_what_was_typed(kommune, client, app):
    for n in range(5):
        assert submit(client, name=f"Verein {n}").status_code == 302
    refused = submit(client, name="Verein Sechs", description="Proben im Gemeindehaus, Raum 3.")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Noch nicht gespeichert" in page and re.search(r"ab (\d\d\.\d\d\.\d{4}, )?\d\d:\d\d Uhr", page)
    assert "autofocus" in re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    # Everything typed is still in the page, ready to be sent again, consent included.
    assert 'name="name" value="Verein Sechs"' in page
    assert 'value="Proben im Gemeindehaus, Raum 3."' in page
    assert re.search(r'id="consent" name="consent" value="yes" checked', page)
    assert count(Initiative) == 5 and len(outbox(app)) == 5
    # Another address of the same room is not held back by it.
    assert submit(client, name="Verein Sieben", submitter_email="andere@example.org").status_code == 302


def test_a_bot_on_one_address_is_stopped_by_the_address_limit(kommune, client, limits):
    limits(REGISTRATION_LIMIT_PER_ADDRESS="3 per hour")
    statuses = [
        submit(client, name=f"Bot {n}", submitter_email=f"bot{n}@example.org").status_code for n in range(5)
    ]
    assert statuses == [302] * 3 + [429] * 2
    assert count(Initiative) == 3


def test_checking_a_form_costs_nothing(kommune, client, limits):
    limits(REGISTRATION_LIMIT_PER_ADDRESS="1 per hour")
    for _ in range(5):
        assert post_form(client, "/eintragen/initiative", {**VALID, "step": "check"}).status_code == 200
        assert (
            post_form(client, "/eintragen/initiative", {**VALID, "email": "x", "step": "check"}).status_code
            == 400
        )
    assert submit(client).status_code == 302


def test_the_honeypot_stores_nothing_and_counts(kommune, client, limits):
    limits(REGISTRATION_LIMIT_PER_ADDRESS="2 per hour")
    statuses = [submit(client, name=f"Bot {n}", homepage="http://spam.example").status_code for n in range(3)]
    assert statuses == [302, 302, 429] and count(Initiative) == 0


def test_a_room_registers_for_a_conference_from_one_address(app, client):
    conference = make_conference(capacity=30)
    statuses = [
        sign_up(client, conference, f"Gast {n}", f"gast{n}@example.org").status_code for n in range(ROOM)
    ]
    assert statuses == [302] * ROOM
    assert count(Registration) == ROOM  # 30 with a place, 10 on the waiting list


def test_a_conference_form_over_its_limit_keeps_what_was_typed(app, client, limits):
    limits(CONFERENCE_LIMIT_PER_ADDRESS="2 per hour")
    conference = make_conference(capacity=30)
    for n in range(2):
        assert sign_up(client, conference, f"Gast {n}", f"gast{n}@example.org").status_code == 302
    refused = sign_up(client, conference, "Erika Muster", "erika@example.org", organisation="Chor Westdorf")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Noch nicht gespeichert" in page
    assert 'value="Erika Muster"' in page and 'value="erika@example.org"' in page
    assert 'value="Chor Westdorf"' in page
    assert count(Registration) == 2


def test_one_email_address_is_limited_across_conferences(app, client, limits):
    limits(CONFERENCE_LIMIT_PER_EMAIL="2 per hour")
    conferences = [make_conference(slug=f"k{n}") for n in range(3)]
    statuses = [sign_up(client, c, "Erika", "erika@example.org").status_code for c in conferences]
    assert statuses == [302, 302, 429]


@pytest.mark.parametrize(
    "name",
    [
        "REGISTRATION_LIMIT_PER_ADDRESS",
        "REGISTRATION_LIMIT_PER_EMAIL",
        "CONFERENCE_LIMIT_PER_ADDRESS",
        "CONFERENCE_LIMIT_PER_EMAIL",
    ],
)
def test_limits_are_settings(name):
    assert settings_from_environment({f"ZWK_{name}": "200 per hour; 500 per day"}) == {
        name: "200 per hour; 500 per day"
    }
    with pytest.raises(StartupError, match=f"ZWK_{name}='viele' is not a valid rate limit"):
        settings_from_environment({f"ZWK_{name}": "viele"})


def test_a_refused_conference_registration_costs_nothing(app, client, limits):
    limits(CONFERENCE_LIMIT_PER_ADDRESS="2 per hour")
    conference = make_conference(capacity=30)
    assert sign_up(client, conference, "Erika", "erika@example.org").status_code == 302
    for _ in range(3):  # already registered: refused by the service, not counted
        assert sign_up(client, conference, "Erika", "erika@example.org").status_code == 400
    assert sign_up(client, conference, "Max", "max@example.org").status_code == 302
    assert sign_up(client, conference, "Eva", "eva@example.org").status_code == 429


def test_edit_link_requests_are_limited_per_email_address_not_per_room(kommune, client, app):
    """A room asking for its links at once gets them all; the sixth request for one address within
    the hour is refused with 429, Retry-After, the address kept and when to send again."""
    statuses = [
        post_form(client, "/eintrag/link-anfordern", {"email": f"verein{n}@example.org"}).status_code
        for n in range(ROOM)
    ]
    assert statuses == [200] * ROOM
    for _ in range(5):
        assert (
            post_form(client, "/eintrag/link-anfordern", {"email": "Leitung@Example.org"}).status_code == 200
        )
    refused = post_form(client, "/eintrag/link-anfordern", {"email": "leitung@example.org"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Noch nicht gespeichert" in page and re.search(r"ab (\d\d\.\d\d\.\d{4}, )?\d\d:\d\d Uhr", page)
    assert 'value="leitung@example.org"' in page
    assert post_form(client, "/eintrag/link-anfordern", {"email": "andere@example.org"}).status_code == 200


def test_edit_link_requests_from_one_client_still_end(kommune, client, limits):
    limits(EDIT_LINK_LIMIT_PER_ADDRESS="3 per hour")
    statuses = [
        post_form(client, "/eintrag/link-anfordern", {"email": f"bot{n}@example.org"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
