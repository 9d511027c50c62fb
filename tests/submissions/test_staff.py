"""Staff pages: never without sign-in; planners act only for their own Kommunen."""

import pytest
from shapely.geometry import box
from sqlalchemy import select

from tests.factories import make_kommune, make_listing
from zwk_network.extensions import db
from zwk_network.geo.geojson import as_multipolygon, geometry_element
from zwk_network.municipalities.models import Kommune, Region
from zwk_network.registry.models import Initiative

from .helpers import PASSWORD, act, login, make_staff, outbox, post_form, submit

STAFF_PAGES = [
    "/intern/",
    "/intern/protokoll",
    "/intern/eintrag/initiative/1",
    "/intern/eintrag/initiative/1/bearbeiten",
]


def make_second_kommune():
    kommune = Kommune(
        slug="nachbarkreis", name="Nachbarkreis", kind="Landkreis", description="", source="test"
    )
    db.session.add(kommune)
    db.session.add(
        Region(
            kommune=kommune,
            slug="sued",
            name="Region Süd",
            boundary=geometry_element(as_multipolygon(box(12.0, 53.5, 12.4, 53.7))),
            boundary_source="test",
        )
    )
    db.session.commit()
    return kommune


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_need_sign_in(app, client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/intern/anmelden" in response.headers["Location"]


def test_decisions_need_sign_in(app, client):
    make_kommune()
    entry = make_listing(Initiative, "Wartet", status="pending")
    response = client.post(f"/intern/eintrag/initiative/{entry.id}/freigeben")
    assert response.status_code in (302, 400)
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id).status == "pending"


def test_wrong_password_and_unknown_address_look_the_same(app, client):
    make_kommune()
    make_staff()
    wrong = login(client, password="falsch-falsch-falsch")
    unknown = login(client, email="niemand@example.org")
    assert wrong.status_code == unknown.status_code == 400
    assert "stimmen nicht" in wrong.get_data(as_text=True) and "stimmen nicht" in unknown.get_data(
        as_text=True
    )
    assert login(client).status_code == 302


def test_login_redirects_only_within_the_site(app, client):
    make_kommune()
    make_staff()
    response = post_form(
        client,
        "/intern/anmelden?next=https://evil.example/",
        {"email": "planer@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/intern/"


def test_planner_sees_and_decides_only_own_kommune(app, client):
    make_kommune()
    make_second_kommune()
    make_staff("west@example.org", kommunen=("testkreis",))
    own = make_listing(Initiative, "Eigener Verein", 12.1, 53.8, status="pending")
    other = make_listing(Initiative, "Fremder Verein", 12.1, 53.6, status="pending")
    assert other.kommune.slug == "nachbarkreis"
    login(client, "west@example.org")
    queue = client.get("/intern/").get_data(as_text=True)
    assert "Eigener Verein" in queue and "Fremder Verein" not in queue
    assert client.get(f"/intern/eintrag/initiative/{other.id}").status_code == 404
    own_page = f"/intern/eintrag/initiative/{own.id}"
    response = act(client, f"/intern/eintrag/initiative/{other.id}/freigeben", own_page)
    assert response.status_code == 404
    assert client.get(f"/intern/eintrag/initiative/{other.id}/bearbeiten").status_code == 404
    db.session.expire_all()
    assert db.session.get(Initiative, other.id).status == "pending"
    log = client.get("/intern/protokoll")  # planners read the log of their own Kommunen only
    assert log.status_code == 200 and "Fremder Verein" not in log.get_data(as_text=True)


def test_decision_without_csrf_token_is_refused(app, client):
    make_kommune()
    make_staff()
    entry = make_listing(Initiative, "Wartet", status="pending")
    login(client)
    assert client.post(f"/intern/eintrag/initiative/{entry.id}/freigeben").status_code == 400
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id).status == "pending"


def test_duplicate_warning(app, client):
    make_kommune()
    make_staff()
    make_listing(Initiative, "Kinderchor Westdorf e. V.", 12.105, 53.801)
    make_listing(Initiative, "Ganz anders", 12.35, 53.85, website="https://www.chor.example.org/")
    make_listing(Initiative, "Kinderchor Westdorf", 12.35, 53.75)  # same name, but 6 km away
    submit(client)
    entry = db.session.scalar(select(Initiative).where(Initiative.status == "pending"))
    login(client)
    page = client.get(f"/intern/eintrag/initiative/{entry.id}").get_data(as_text=True)
    assert "Möglicherweise schon eingetragen" in page
    assert "Kinderchor Westdorf e. V." in page and "ähnlicher Name, 0,3 km entfernt" in page
    assert "Ganz anders" in page and "gleiche Website" in page
    assert page.count("ähnlicher Name") == 1


def test_staff_edit_is_audited(app, client):
    make_kommune()
    make_staff("admin@example.org", role="admin", kommunen=())
    entry = make_listing(Initiative, "Tippfehlr", 12.1, 53.8, summary="Kurz")
    login(client, "admin@example.org")
    url = f"/intern/eintrag/initiative/{entry.id}/bearbeiten"
    from .helpers import TOKEN

    page = client.get(url).get_data(as_text=True)
    assert 'value="Tippfehlr"' in page
    data = {
        "name": "Tippfehler",
        "kind": "Initiative",
        "summary": "Kurz",
        "lat": "53.8",
        "lon": "12.1",
        "submitter_email": "x@example.org",
        "csrf_token": TOKEN.search(page).group(1),
    }
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Initiative, entry.id).name == "Tippfehler"
    log = client.get("/intern/protokoll").get_data(as_text=True)
    assert "Tippfehlr → Tippfehler" in log


def test_remind_sends_links_for_stale_entries(app, runner):
    make_kommune()
    from datetime import timedelta

    from zwk_network.timeutil import utcnow

    stale = make_listing(Initiative, "Alt")
    fresh = make_listing(Initiative, "Frisch")
    stale.submitter_email, fresh.submitter_email = "alt@example.org", "frisch@example.org"
    stale.last_confirmed_at = utcnow() - timedelta(days=400)
    fresh.last_confirmed_at = utcnow() - timedelta(days=30)
    db.session.commit()
    result = runner.invoke(args=["remind"])
    assert "sent 1 reminder" in result.output
    [mail] = outbox(app)
    assert mail["To"] == "alt@example.org" and "noch aktuell" in mail["Subject"]
    assert "sent 0 reminder" in runner.invoke(args=["remind"]).output  # not again within 30 days


def test_users_create_cli(app, runner):
    make_kommune()
    result = runner.invoke(
        args=["users", "create", "--email", "neu@example.org", "--kommune", "testkreis", "--password", "kurz"]
    )
    assert result.exit_code != 0 and "12" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "neu@example.org",
            "--kommune",
            "testkreis",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code == 0
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@example.org",
            "--kommune",
            "gibtsnicht",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code != 0 and "gibtsnicht" in result.output
