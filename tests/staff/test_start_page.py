"""The staff start page (Übersicht) and the staff navigation: sign-in lands there, it shows the
work that waits in the planner's Kommunen only, and every part of the staff area is one click away."""

import re
from datetime import timedelta

from tests.factories import make_kommune, make_listing, make_need
from tests.submissions.helpers import login, make_staff
from tests.submissions.test_staff import make_second_kommune
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.network.models import Connection
from zwk_network.registry.models import Initiative
from zwk_network.timeutil import local_today, utcnow


def section(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def staff_nav(page: str) -> set[str]:
    nav = re.search(r'<nav class="staff-nav"[^>]*>(.*?)</nav>', page, re.S)
    return set(re.findall(r'href="([^"]+)"', nav.group(1))) if nav else set()


def test_sign_in_lands_on_the_start_page(app, client):
    make_kommune()
    make_staff()
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"] == "/intern/"
    page = client.get("/intern/").get_data(as_text=True)
    assert "<h1>Übersicht</h1>" in page and "Angemeldet als planer." in page  # the message, once
    assert "Angemeldet als planer." not in client.get("/intern/").get_data(as_text=True)


def test_start_page_shows_the_work_of_the_planners_kommunen_only(app, client):
    own = make_kommune()
    other = make_second_kommune()
    make_staff()
    make_listing(Initiative, "Wartender Chor", status="pending")
    make_listing(Initiative, "Fremder Chor", 12.1, 53.6, status="pending")
    stale = make_listing(Initiative, "Alter Verein")
    stale.last_confirmed_at = utcnow() - timedelta(days=400)
    lonely, linked = make_need(own, "Bedarf ohne Partner"), make_need(own, "Bedarf mit Partner")
    done = make_need(own, "Erledigter Bedarf")
    done.status = "erledigt"
    make_need(other, "Fremder Bedarf")
    db.session.add(Connection(need_id=linked.id, entry_type="initiative", entry_id=stale.id))
    today = local_today()
    db.session.add_all(
        [
            Conference(
                kommune_id=own.id, slug="bald", title="Bald", year=today.year, date=today, capacity=10
            ),
            Conference(
                kommune_id=own.id, slug="vorbei", title="Vorbei", year=2020, date=today - timedelta(days=1)
            ),
            Conference(
                kommune_id=other.id, slug="fremd", title="Fremdkonferenz", year=today.year, date=today
            ),
        ]
    )
    db.session.commit()
    login(client)
    page = client.get("/intern/").get_data(as_text=True)
    assert "Wartender Chor" in section(page, "neu") and "Fremder Chor" not in page
    assert "Alter Verein" in section(page, "unbestaetigt")
    assert "Bedarf ohne Partner" in section(page, "ohne-vernetzung")
    assert "Bedarf mit Partner" in section(page, "mit-vernetzung")
    assert "Bedarf mit Partner" not in section(page, "ohne-vernetzung")
    assert "Erledigter Bedarf" not in page and "Fremder Bedarf" not in page
    upcoming = section(page, "konferenzen")
    assert "Bald" in upcoming and "10 Plätze frei" in upcoming
    assert "Vorbei" not in upcoming and "Fremdkonferenz" not in page
    assert f'href="/intern/bedarfe/{lonely.id}"' in page


def test_conferences_without_a_date_are_listed_apart(app, client):
    own = make_kommune()
    other = make_second_kommune()
    make_staff()
    db.session.add_all(
        [
            Conference(kommune_id=own.id, slug="offen", title="Herbstkonferenz", year=local_today().year),
            Conference(kommune_id=other.id, slug="fremd-offen", title="Fremde Planung", year=2026),
            Conference(kommune_id=own.id, slug="2022", title="Runde von 2022", year=2022),  # history
        ]
    )
    db.session.commit()
    login(client)
    page = client.get("/intern/").get_data(as_text=True)
    undated = section(page, "konferenzen").split('id="ohne-termin"', 1)[1]
    assert "noch ohne Termin (1)" in undated and "Herbstkonferenz" in undated
    assert "Keine Konferenz mit Termin." in section(page, "konferenzen")
    assert "Fremde Planung" not in page and "Runde von 2022" not in page


def test_admins_see_every_kommune(app, client):
    make_kommune()
    make_second_kommune()
    make_staff("admin@example.org", role="admin", kommunen=())
    make_listing(Initiative, "Fremder Chor", 12.1, 53.6, status="pending")
    login(client, "admin@example.org")
    assert "Fremder Chor" in client.get("/intern/").get_data(as_text=True)


def test_the_staff_navigation_reaches_every_part_in_one_click(app, client):
    make_kommune()
    make_staff()
    make_staff("admin@example.org", role="admin", kommunen=())
    assert staff_nav(client.get("/").get_data(as_text=True)) == set()  # not for visitors
    login(client)
    planner = staff_nav(client.get("/").get_data(as_text=True))  # on public pages too
    expected = {
        "/intern/",
        "/intern/bedarfe",
        "/intern/netzwerk",
        "/intern/konferenzen",
        "/intern/massnahmen",
    }
    assert expected | {"/intern/protokoll"} <= planner and "/intern/konten" not in planner
    for link in planner:
        assert client.get(link).status_code == 200, link
    current = client.get("/intern/konferenzen").get_data(as_text=True)
    assert 'href="/intern/konferenzen" aria-current="page"' in current
    admin = client.application.test_client()
    login(admin, "admin@example.org")
    links = staff_nav(admin.get("/intern/").get_data(as_text=True))
    assert {"/intern/konten", "/intern/rechtliches"} <= links
    for link in links:
        assert admin.get(link).status_code == 200, link


def test_staff_lists_of_conferences_and_measures(app, client):
    own = make_kommune()
    other = make_second_kommune()
    make_staff()
    today = local_today()
    db.session.add_all(
        [
            Conference(
                kommune_id=own.id, slug="a", title="Spätere", year=today.year, date=today + timedelta(days=9)
            ),
            Conference(
                kommune_id=own.id, slug="b", title="Nächste", year=today.year, date=today + timedelta(days=2)
            ),
            Conference(
                kommune_id=own.id, slug="c", title="Gewesene", year=2020, date=today - timedelta(days=30)
            ),
            Conference(kommune_id=other.id, slug="d", title="Fremdkonferenz", year=today.year, date=today),
        ]
    )
    db.session.commit()
    login(client)
    page = client.get("/intern/konferenzen").get_data(as_text=True)
    assert page.index("Nächste") < page.index("Spätere") < page.index("Gewesene")
    assert "Fremdkonferenz" not in page
    assert client.get("/intern/massnahmen").status_code == 200
