"""Simultaneous registrations, each on its own connection: capacity and one e-mail hold in the database."""

import threading

import pytest
from sqlalchemy import select

from tests.submissions.helpers import body, csrf_token, outbox, post_form
from zwk_network.conferences.services import get_conference
from zwk_network.errors import InvalidInput
from zwk_network.extensions import db
from zwk_network.registrations import services
from zwk_network.registrations.models import Registration
from zwk_network.registrations.services import cancel, register
from zwk_network.timeutil import local_today

from .test_registration import CANCEL, make_conference

ROUNDS = 3
AT_ONCE = 16


def at_once(app, work, count: int) -> list:
    """Run work(i) in count threads released together; each has its own app context and connection."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                outcomes[i] = work(i)
                db.session.commit()
            except InvalidInput as error:
                db.session.rollback()
                outcomes[i] = error
            except Exception as error:  # reported in the assertion below
                db.session.rollback()
                outcomes[i] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    db.session.expire_all()
    return outcomes


def sign_up_now(conference_id: int, email: str):
    conference = get_conference(conference_id)
    registration, _token = register(conference, {"name": "Gleichzeitig", "email": email}, local_today())
    return registration.status


def registrations(conference_id: int) -> list[Registration]:
    query = select(Registration).where(Registration.conference_id == conference_id)
    return list(db.session.scalars(query.order_by(Registration.created_at, Registration.id)))


def test_simultaneous_registrations_for_the_last_place(app):
    for round_ in range(ROUNDS):
        conference_id = make_conference(capacity=1, slug=f"runde-{round_}").id
        outcomes = at_once(app, lambda i, c=conference_id: sign_up_now(c, f"p{i}@example.org"), AT_ONCE)
        assert sorted(outcomes) == ["bestaetigt"] + ["warteliste"] * (AT_ONCE - 1), (round_, outcomes)
        stored = registrations(conference_id)
        # The waiting list is in the order the places were given: the confirmed one came first.
        assert [r.status for r in stored] == ["bestaetigt"] + ["warteliste"] * (AT_ONCE - 1), round_


def test_simultaneous_registrations_with_one_email(app):
    conference_id = make_conference(capacity=5).id  # threads must not touch this session's objects
    spellings = ["same@example.org", "Same@Example.org", " SAME@example.org "]
    outcomes = at_once(app, lambda i: sign_up_now(conference_id, spellings[i % 3]), 10)
    assert outcomes.count("bestaetigt") == 1, outcomes
    refused = [o for o in outcomes if o != "bestaetigt"]
    assert all(
        isinstance(o, InvalidInput) and "schon jemand angemeldet" in o.errors["email"] for o in refused
    ), refused
    assert [r.email for r in registrations(conference_id)] == ["same@example.org"]


def test_simultaneous_cancellations_move_up_one_each_in_order(app):
    conference_id = make_conference(capacity=4).id
    for n in range(10):  # 4 confirmed, 6 waiting in this order
        sign_up_now(conference_id, f"p{n}@example.org")
        db.session.commit()
    confirmed = [r.id for r in registrations(conference_id) if r.status == "bestaetigt"]

    def cancel_one(i: int):
        moved_up = cancel(db.session.get(Registration, confirmed[i]))
        return moved_up.email if moved_up else None

    moved = at_once(app, cancel_one, len(confirmed))
    assert sorted(moved) == [f"p{n}@example.org" for n in range(4, 8)], moved
    statuses = {r.email: r.status for r in registrations(conference_id)}
    assert [statuses[f"p{n}@example.org"] for n in range(10)] == ["storniert"] * 4 + ["bestaetigt"] * 4 + [
        "warteliste"
    ] * 2


def test_a_second_registration_by_form_gets_a_german_message(app, client):
    conference = make_conference(capacity=3)
    data = {"name": "Erika", "email": "erika@example.org", "consent": "y"}
    assert post_form(client, f"/konferenzen/{conference.id}/anmelden", data).status_code == 302
    again = post_form(
        client, f"/konferenzen/{conference.id}/anmelden", {**data, "email": "ERIKA@example.org"}
    )
    assert again.status_code == 400
    assert "Mit dieser E-Mail-Adresse ist schon jemand angemeldet." in again.get_data(as_text=True)
    # After cancelling, the same address may register again.
    link = "/anmeldung/" + CANCEL.search(body(outbox(app)[-1])).group(1)
    assert post_form(client, link, {}).status_code == 302
    assert post_form(client, f"/konferenzen/{conference.id}/anmelden", data).status_code == 302
    db.session.expire_all()
    assert sorted(r.status for r in registrations(conference.id)) == ["bestaetigt", "storniert"]


def test_the_unique_index_backs_the_check(app, monkeypatch):
    """Should a second registration slip past the check, the database refuses it with the same message."""
    conference_id = make_conference(capacity=3).id
    sign_up_now(conference_id, "erika@example.org")
    db.session.commit()
    monkeypatch.setattr(services, "_email_taken", lambda *_: False)
    with pytest.raises(InvalidInput) as refused:
        sign_up_now(conference_id, "Erika@example.org")
    assert refused.value.errors == {"email": "Mit dieser E-Mail-Adresse ist schon jemand angemeldet."}
    sign_up_now(conference_id, "max@example.org")  # the transaction goes on: only the clash was undone
    db.session.commit()
    assert [r.email for r in registrations(conference_id)] == ["erika@example.org", "max@example.org"]


def test_simultaneous_form_posts_for_the_last_place(app):
    """The same through the public form: every person gets an answer page, one gets the place."""
    conference_id = make_conference(capacity=1).id
    url = f"/konferenzen/{conference_id}/anmelden"
    count = 8
    barrier = threading.Barrier(count)
    responses: list = [None] * count

    def post(i: int) -> None:  # in its own thread, so that no app context (and no g) is shared
        client = app.test_client()
        data = {
            "csrf_token": csrf_token(client, url),
            "name": f"P {i}",
            "email": f"p{i}@example.org",
            "consent": "y",
        }
        barrier.wait(timeout=30)
        responses[i] = client.post(url, data=data)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(r.headers["Location"] for r in responses) == [
        f"/konferenzen/{conference_id}/angemeldet?waiting={w}" for w in [0] + [1] * (count - 1)
    ]
    db.session.expire_all()
    assert [r.status for r in registrations(conference_id)] == ["bestaetigt"] + ["warteliste"] * (count - 1)
