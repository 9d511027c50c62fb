"""A confirmation after every staff action, in the page's status region (role="status"), once."""

import re

from sqlalchemy import select

from tests.factories import make_kommune, make_listing
from tests.network.test_workspace import create_need, setup_registry
from tests.submissions.helpers import act, login, logout, make_staff
from zwk_network.extensions import db
from zwk_network.needs.models import Need
from zwk_network.registry.models import Initiative


def notices(page: str) -> list[str]:
    region = re.search(r'<div class="notices" role="status">(.*?)</div>', page, re.S)
    assert region, "no status region"
    return re.findall(r'<p class="notice">(.*?)</p>', region.group(1), re.S)


def after(client, response) -> list[str]:
    assert response.status_code == 302, response.status_code
    return notices(client.get(response.headers["Location"]).get_data(as_text=True))


def test_every_decision_says_what_it_did(app, client):
    make_kommune()
    make_staff()
    first = make_listing(Initiative, "Chor <Westdorf>", status="pending", submitter_email="chor@example.org")
    second = make_listing(Initiative, "Zweiter Verein", status="pending")
    first.submitter_email, second.submitter_email = "chor@example.org", None
    db.session.commit()
    login(client)
    review = f"/intern/eintrag/initiative/{first.id}"
    done = after(client, act(client, f"{review}/freigeben", review))
    assert done == [
        "„Chor &lt;Westdorf&gt;“ ist freigegeben und öffentlich sichtbar. Die Person, die eingetragen hat, bekommt eine E-Mail."
    ]
    review = f"/intern/eintrag/initiative/{second.id}"
    done = after(client, act(client, f"{review}/ablehnen", review, reason="Kein Angebot vor Ort"))
    assert done[0].startswith("„Zweiter Verein“ ist abgelehnt.") and "niemand wurde benachrichtigt" in done[0]
    assert notices(client.get("/intern/").get_data(as_text=True)) == []  # shown once


def test_saving_connecting_and_signing_out_are_confirmed(app, client):
    club, _skate = setup_registry()
    login(client)
    assert after(client, create_need(client)) == ["Bedarf „Angebote für Jugendliche“ gespeichert."]
    need = app.extensions["sqlalchemy"].session.scalar(select(Need))
    page = f"/intern/bedarfe/{need.id}"
    confirmed = act(client, f"{page}/kandidat/initiative/{club.id}/bestaetigen", page)
    assert after(client, confirmed) == ["„Jugendclub Westdorf“ ist mit dem Bedarf verbunden."]
    signed_out = logout(client)
    home = client.get(signed_out.headers["Location"])
    assert notices(home.get_data(as_text=True)) == ["Sie sind abgemeldet."]
    assert home.headers["Cache-Control"] == "no-store"  # told to one person: no cache keeps it
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_public_pages_start_no_session_for_the_status_region(app, client):
    """The status region is there, empty; no session is started for it."""
    response = client.get("/")
    assert notices(response.get_data(as_text=True)) == []
    assert "Set-Cookie" not in response.headers and "no-store" not in response.headers.get(
        "Cache-Control", ""
    )
