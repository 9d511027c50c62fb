"""Freshness (issue 18 §4): entries unconfirmed for FRESHNESS_HIDE_AFTER_MONTHS are hidden from the
public by `flask freshness` until confirmed – everywhere public, on both search engines – with one
notice to the owner and the planners; staff still see them; confirming shows them again."""

from datetime import timedelta

from tests.factories import make_kommune, make_listing, make_need
from tests.matching.test_matching import need_with, region
from tests.submissions.helpers import body, edit_link, login, make_staff, outbox, post_form
from tests.submissions.test_staff import make_second_kommune
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.timeutil import utcnow

OLD = timedelta(days=600)  # about 20 months: past the default 18


def entries_of_two_ages():
    """An initiative and a meeting place confirmed 20 months ago, and a fresh initiative."""
    make_kommune()
    old = make_listing(Initiative, "Alter Jugendclub", 12.1, 53.8, themes=["jugend"])
    old.submitter_email = "alt@example.org"
    hall = make_listing(MeetingPlace, "Altes Dorfhaus", 12.1, 53.8)  # imported: no owner address
    fresh = make_listing(Initiative, "Frischer Chor", 12.1, 53.8)
    old.last_confirmed_at = hall.last_confirmed_at = utcnow() - OLD
    db.session.commit()
    return old, hall, fresh


def public_texts(client, entry) -> dict[str, str]:
    """What the public sees: list, search, map, API list, OGC, export-like GeoJSON."""
    urls = [
        "/initiativen",
        "/orte",
        "/suche?q=Alter",
        "/suche?q=Altes",
        "/api/search?q=Alter",
        "/api/initiatives",
        "/api/places?format=geojson",
        "/api/map?zoom=15&bbox=11,53,13,55",
        "/ogc/collections/initiatives/items",
        "/ogc/collections/places/items",
    ]
    return {url: client.get(url).get_data(as_text=True) for url in urls}


def test_the_job_hides_stale_entries_everywhere_public_and_staff_still_see_them(app, client, runner):
    old, hall, _fresh = entries_of_two_ages()
    make_staff()
    kommune = old.kommune
    need = need_with(kommune, "Angebote für Jugendliche", ["jugend"], region=region("west"))
    assert client.get(f"/initiativen/{old.id}").status_code == 200
    assert any(
        m["name"] == "Alter Jugendclub"
        for m in client.get(f"/api/needs/{need.id}/matches").get_json()["matches"]
    )

    for url, text in public_texts(client, old).items():  # shown before: the checks below can fail
        assert "Alter Jugendclub" in text or "Altes Dorfhaus" in text, url

    result = runner.invoke(args=["freshness"])
    assert result.exit_code == 0 and "hid 2 entries" in result.output, result.output

    for url, text in public_texts(client, old).items():
        assert "Alter Jugendclub" not in text and "Altes Dorfhaus" not in text, url
    assert "Frischer Chor" in client.get("/initiativen").get_data(as_text=True)
    assert client.get(f"/initiativen/{old.id}").status_code == 404
    assert client.get(f"/orte/{hall.id}").status_code == 404
    assert client.get(f"/api/initiatives/{old.id}").status_code == 404
    assert client.get(f"/ogc/collections/initiatives/items/{old.id}").status_code == 404
    matches = client.get(f"/api/needs/{need.id}/matches").get_json()["matches"]
    assert all(m["name"] != "Alter Jugendclub" for m in matches)
    db.session.expire_all()
    assert db.session.get(Initiative, old.id).public_location is None  # the spatial index too
    assert db.session.get(Initiative, old.id) is not None  # nothing is deleted

    login(client)
    staff = client.get(f"/intern/eintrag/initiative/{old.id}")
    assert staff.status_code == 200 and "Alter Jugendclub" in staff.get_data(as_text=True)
    home = client.get("/intern/").get_data(as_text=True)
    hidden = home.split('id="ausgeblendet"', 1)[1].split("</section>", 1)[0]
    assert "Alter Jugendclub" in hidden and "Altes Dorfhaus" in hidden and "Frischer Chor" not in hidden


def test_the_notices_go_once_and_a_rerun_changes_nothing(app, runner):
    old, _hall, _fresh = entries_of_two_ages()
    make_staff()
    make_second_kommune()
    make_staff("fremd@example.org", kommunen=("nachbarkreis",))  # another Kommune's planner: nothing
    make_staff("admin@example.org", role="admin", kommunen=())  # the Kommune has a planner: not the admin
    assert "hid 2 entries" in runner.invoke(args=["freshness"]).output
    mails = outbox(app)
    owner = [m for m in mails if m["To"] == "alt@example.org"]
    planner = [m for m in mails if m["To"] == "planer@example.org"]
    assert len(owner) == 1 and len(planner) == 1 and len(mails) == 2
    assert "ausgeblendet" in owner[0]["Subject"] and "/eintrag/" in body(owner[0])
    text = body(planner[0])
    assert "Alter Jugendclub" in text and "Altes Dorfhaus" in text and "ohne E-Mail-Adresse" in text
    assert "/intern/eintrag/initiative/" in text
    db.session.expire_all()
    first = db.session.get(Initiative, old.id).hidden_as_stale_at
    audit_lines = client_audit_count()

    rerun = runner.invoke(args=["freshness"])
    assert "hid 0 entries" in rerun.output and "showed 0 again" in rerun.output
    assert len(outbox(app)) == 2  # nothing sent twice
    db.session.expire_all()
    assert db.session.get(Initiative, old.id).hidden_as_stale_at == first
    assert client_audit_count() == audit_lines


def client_audit_count() -> int:
    from zwk_network.audit.models import AuditEntry

    return db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))


def test_confirming_through_the_edit_link_shows_the_entry_again_at_once(app, client, runner):
    old, _hall, _fresh = entries_of_two_ages()
    runner.invoke(args=["freshness"])
    link = edit_link(app, "alt@example.org")
    manage = client.get(link).get_data(as_text=True)
    assert "vorerst ausgeblendet" in manage
    response = post_form(client, link + "/bestaetigen", {}, token_from=link)
    assert response.status_code == 302
    assert client.get(f"/initiativen/{old.id}").status_code == 200
    assert "Alter Jugendclub" in client.get("/suche?q=Alter").get_data(as_text=True)
    assert client.get("/api/initiatives").get_json()["total"] == 2
    assert "hid 0 entries" in runner.invoke(args=["freshness"]).output  # confirmed: not hidden again


def test_an_entry_confirmed_otherwise_is_shown_again_by_the_job(app, client, runner):
    old, _hall, _fresh = entries_of_two_ages()
    runner.invoke(args=["freshness"])
    old.last_confirmed_at = utcnow()  # e.g. a planner's import brought it up to date
    db.session.commit()
    assert "showed 1 again" in runner.invoke(args=["freshness"]).output
    assert client.get(f"/initiativen/{old.id}").status_code == 200


def test_the_setting_decides_when(app, runner):
    _old, _hall, fresh = entries_of_two_ages()
    app.config["FRESHNESS_HIDE_AFTER_MONTHS"] = 24
    try:
        assert "hid 0 entries" in runner.invoke(args=["freshness"]).output
        app.config["FRESHNESS_HIDE_AFTER_MONTHS"] = 1
        fresh.last_confirmed_at = utcnow() - timedelta(days=40)
        db.session.commit()
        assert "hid 3 entries" in runner.invoke(args=["freshness"]).output
    finally:
        app.config["FRESHNESS_HIDE_AFTER_MONTHS"] = 18


def test_pages_and_fields_say_when_an_entry_was_last_confirmed(app, client):
    make_kommune()
    entry = make_listing(Initiative, "Chor Westdorf", 12.1, 53.8)
    entry.last_confirmed_at = utcnow().replace(year=2026, month=3, day=4, hour=12)
    db.session.commit()
    german = {"Accept-Language": "de"}
    assert "zuletzt bestätigt am 4. März 2026" in client.get(f"/initiativen/{entry.id}", headers=german).text
    assert "zuletzt bestätigt am 4. März 2026" in client.get("/initiativen", headers=german).text
    client.get("/sprache/en")
    assert "March 4, 2026" in client.get(f"/initiativen/{entry.id}").text
    api = client.get(f"/api/initiatives/{entry.id}").get_json()
    assert api["last_confirmed_at"].startswith("2026-03-04")
    ogc = client.get(f"/ogc/collections/initiatives/items/{entry.id}").get_json()
    assert ogc["properties"]["last_confirmed_at"].startswith("2026-03-04")
    queryables = client.get("/ogc/collections/initiatives/queryables").get_json()
    assert "last_confirmed_at" in queryables["properties"]


def test_the_start_page_lists_entries_about_to_be_hidden_and_the_report_the_share(app, client, runner):
    old, _hall, _fresh = entries_of_two_ages()
    soon = make_listing(Initiative, "Bald alter Verein", 12.1, 53.8)
    soon.last_confirmed_at = utcnow() - timedelta(days=530)  # hidden in about a month
    db.session.commit()
    make_need(old.kommune, "Ein Bedarf")
    runner.invoke(args=["freshness"])
    make_staff()
    login(client)
    home = client.get("/intern/").get_data(as_text=True)
    near = home.split('id="bald-ausgeblendet"', 1)[1].split("</section>", 1)[0]
    assert "Bald alter Verein" in near and "Alter Jugendclub" not in near and "Frischer Chor" not in near
    year = utcnow().year
    report = client.get(f"/kommunen/testkreis/zwischenbilanz?von={year}-01-01&bis={year}-12-31")
    text = report.get_data(as_text=True)
    assert report.status_code == 200, text[:500]
    current = text.split('id="r-current"', 1)[1].split("</section>", 1)[0]
    assert "25\xa0% der veröffentlichten Einträge" in current, current
    assert "(1 von 4)" in current  # only the fresh one
    assert "2 Einträge sind ausgeblendet" in text


def test_a_planner_confirms_a_hidden_entry_from_its_review_page(app, client, runner):
    old, _hall, _fresh = entries_of_two_ages()
    runner.invoke(args=["freshness"])
    make_staff()
    login(client)
    review = f"/intern/eintrag/initiative/{old.id}"
    assert "ausgeblendet seit" in client.get(review).get_data(as_text=True)
    response = post_form(client, review + "/bestaetigen", {}, token_from=review)
    assert response.status_code == 302
    assert "wieder öffentlich sichtbar" in client.get(response.headers["Location"]).get_data(as_text=True)
    public = client.application.test_client()
    assert public.get(f"/initiativen/{old.id}").status_code == 200
    assert "Alter Jugendclub" in public.get("/suche?q=Alter").get_data(as_text=True)
