"""What a planner may still decide about a contribution (found by probing): a second click makes no second
need, a declined contribution is not published after its sender was told so, a bad need number is a 400,
an answer can be replied to; the form checks the e-mail address and asks for the Kommune."""

import pytest
from sqlalchemy import func, select

from tests.factories import make_kommune, make_need
from tests.submissions.helpers import body, login, make_staff, outbox
from zwk_network.extensions import db
from zwk_network.measures.models import Measure
from zwk_network.needs.models import Need

from .test_participation import only, press, send


@pytest.fixture
def kreis(app):
    kommune = make_kommune()
    make_staff()
    return kommune


def needs() -> int:
    return db.session.scalar(select(func.count()).select_from(Need))


def test_a_second_click_makes_no_second_need_or_measure(kreis, client):
    send(client, kind="bedarf")
    login(client)
    assert press(client, only().id, "bedarf").status_code == 302
    again = press(client, only().id, "bedarf")
    assert again.status_code == 400 and "nicht mehr möglich" in again.get_data(as_text=True)
    assert needs() == 1
    assert press(client, only().id, "zusammenfuehren", need="1").status_code == 400
    assert press(client, only().id, "massnahme").status_code == 302
    assert press(client, only().id, "massnahme").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 1
    page = client.get(f"/intern/mitmachen/{only().id}").get_data(as_text=True)
    assert "Als neuen Bedarf anlegen" not in page and "Als neue Maßnahme anlegen" not in page


def test_a_declined_contribution_is_not_published_afterwards(kreis, client, app):
    send(client, email="erika@example.org")
    login(client)
    assert press(client, only().id, "ablehnen", reason="Gehört nicht hierher.").status_code == 302
    assert press(client, only().id, "veroeffentlichen").status_code == 400
    assert only().status == "abgelehnt"
    assert "Mitfahrbank" not in app.test_client().get("/ideen").get_data(as_text=True)
    assert "Auf die Ideenwand" not in client.get(f"/intern/mitmachen/{only().id}").get_data(as_text=True)


@pytest.mark.parametrize("number", ["inf", "nan", "1e30", "2.7", "-1", "abc", ""])
def test_a_bad_need_number_is_refused_plainly(kreis, client, number):
    make_need(kreis)
    send(client)
    login(client)
    response = press(client, only().id, "zusammenfuehren", need=number)
    assert (
        response.status_code == 400
        and "Bitte wählen Sie einen Bedarf dieser Kommune." in response.get_data(as_text=True)
    )
    assert only().status == "neu"


def test_the_merge_choices_tell_needs_of_the_same_title_apart(kreis, client):
    first, second = make_need(kreis, title="Mobilität"), make_need(kreis, title="Mobilität")
    send(client)
    login(client)
    page = client.get(f"/intern/mitmachen/{only().id}").get_data(as_text=True)
    assert f"Mobilität (Nr. {first.id})" in page and f"Mobilität (Nr. {second.id})" in page


def test_an_answer_can_be_replied_to(kreis, client, app):
    send(client, email="erika@example.org")
    login(client)
    press(client, only().id, "antworten", answer="Danke!", step="send")
    [mail] = outbox(app)
    assert "Danke!" in body(mail) and mail["Reply-To"] and "@" in mail["Reply-To"]
    assert "noreply" not in mail["Reply-To"]


@pytest.mark.parametrize("address", ["not-an-email", "erna@@example.org", "erna@web"])
def test_the_address_for_an_answer_is_checked(kreis, client, address):
    response = send(client, email=address, wants_answer="y")
    assert response.status_code == 400 and "Mitfahrbank am Dorfplatz" in response.get_data(as_text=True)
    assert only() is None


def test_with_several_kommunen_the_form_asks_instead_of_choosing_the_first(kreis, client):
    make_kommune("zweiter-kreis", "Zweiter Kreis")
    page = client.get("/mitmachen").get_data(as_text=True)
    assert "– bitte wählen –" in page
    response = send(client, kommune="", town=None)
    assert response.status_code == 400 and "Bitte wählen Sie Ihre Kommune." in response.get_data(as_text=True)


def test_every_action_of_the_rule_table_is_carried_out_and_no_other():
    """One rule says which actions a state allows (services.ACTIONS_BY_STATE, ALWAYS); the review
    page carries out exactly those: an action without a handler would be a 404 the page offers."""
    from zwk_network.participation.services import ACTIONS_BY_STATE, ALWAYS
    from zwk_network.participation.views import _ACTIONS

    assert set(_ACTIONS) == ALWAYS | set().union(*ACTIONS_BY_STATE.values())
