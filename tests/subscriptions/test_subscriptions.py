"""Subscriptions: double opt-in, manage and unsubscribe (link and one-click POST), digests that tell
only approved entries matching the filter, feeds, hostile filters."""

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from lxml import etree
from shapely.geometry import box
from sqlalchemy import func, select

from tests.factories import make_listing, make_need
from tests.submissions.helpers import body, post_form
from zwk_network.extensions import db
from zwk_network.submissions.tokens import issue_token
from zwk_network.subscriptions.models import Subscription, SubscriptionDelivery, SubscriptionMail
from zwk_network.subscriptions.notify import run_notify
from zwk_network.subscriptions.services import email_hash
from zwk_network.taxonomy.models import TargetGroup, Theme
from zwk_network.timeutil import utcnow

from .helpers import CONFIRM, MANAGE, digests_to, mails_to, subscribe, subscription_of


def test_nothing_is_sent_before_the_address_is_confirmed(client, app, kreis):
    page = client.get("/benachrichtigen?kommune=testkreis&theme=begegnung")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Testkreis" in text and "Begegnung" in text
    assert "/datenschutz" in text
    response = post_form(
        client,
        "/benachrichtigen?kommune=testkreis&theme=begegnung",
        {"email": "a@example.org", "frequency": "taeglich", "consent": "y"},
    )
    assert response.status_code == 302
    subscription = subscription_of("a@example.org")
    assert subscription.confirmed_at is None
    assert subscription.filter == {"kommune": "testkreis", "theme": "begegnung"}
    assert subscription.email_hash == email_hash("a@example.org")
    make_listing(name="Neues Dorfcafé", kommune_id=kreis.id)
    run_notify()
    assert digests_to(app, "a@example.org") == []
    confirm = CONFIRM.search(body(mails_to(app, "a@example.org")[0])).group(1)
    assert client.get(confirm).status_code == 200  # a mail scanner opening it confirms nothing
    assert subscription_of("a@example.org").confirmed_at is None
    assert post_form(client, confirm, {}).status_code == 302
    assert subscription_of("a@example.org").confirmed_at is not None


def test_the_form_needs_consent_and_a_real_address(client, app, kreis):
    response = post_form(
        client, "/benachrichtigen?theme=begegnung", {"email": "kein-at", "frequency": "sofort"}
    )
    assert response.status_code == 400
    assert 'value="kein-at"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0


def test_a_digest_tells_only_approved_entries_matching_the_filter(client, app, kreis):
    subscribe(client, app, "kommune=testkreis&theme=begegnung")
    make_listing(name="Neues Dorfcafé", kommune_id=kreis.id)
    make_listing(name="Wartendes Café", kommune_id=kreis.id, status="pending")
    make_listing(name="Abgelehntes Café", kommune_id=kreis.id, status="rejected")
    make_listing(name="Sportverein", kommune_id=kreis.id, themes=["sport"])
    make_listing(name="Café anderswo", lon=14.0, lat=54.5)  # outside the Kommune
    run_notify()
    [digest] = digests_to(app, "leser@example.org")
    text = body(digest)
    assert "Neues Dorfcafé" in text
    for hidden in ("Wartendes", "Abgelehntes", "Sportverein", "anderswo", "Altes Seniorencafé"):
        assert hidden not in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/abbestellen/")
    # As written (RFC 2369): the link itself, on one line, not RFC 2047 encoded words a mail program ignores.
    written = b"\n".join(path.read_bytes() for path in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    [raw] = [line for line in written.splitlines() if line.startswith(b"List-Unsubscribe:")]
    assert raw.rstrip(b"\r") == b"List-Unsubscribe: " + digest["List-Unsubscribe"].encode()
    assert "http://127.0.0.1:5000/benachrichtigung/" in text  # links from BASE_URL
    run_notify()
    assert len(digests_to(app, "leser@example.org")) == 1  # nothing new: nothing sent


def test_a_change_is_told_once_and_at_most_one_mail_a_day(client, app, kreis):
    subscribe(client, app, "theme=begegnung")
    entry = make_listing(name="Dorfcafé", kommune_id=kreis.id)
    run_notify()
    entry.summary = "Jetzt auch sonntags"
    db.session.commit()
    run_notify()
    assert len(digests_to(app, "leser@example.org")) == 1  # within the day: waits
    later = utcnow() + timedelta(days=1, minutes=1)
    run_notify(now=later)
    digests = digests_to(app, "leser@example.org")
    assert len(digests) == 2 and "Geändert" in body(digests[1]) and "Dorfcafé" in body(digests[1])
    run_notify(now=later + timedelta(days=2))
    assert len(digests_to(app, "leser@example.org")) == 2


def test_an_entry_unpublished_before_sending_is_left_out(client, app, kreis):
    subscribe(client, app, "theme=begegnung")
    entry = make_listing(name="Bald abgelehnt", kommune_id=kreis.id)
    make_listing(name="Bleibt öffentlich", kommune_id=kreis.id)
    entry.status = "rejected"
    db.session.commit()
    run_notify()
    [digest] = digests_to(app, "leser@example.org")
    assert "Bleibt öffentlich" in body(digest) and "Bald abgelehnt" not in body(digest)


def test_manage_changes_the_frequency_and_unsubscribe_deletes_everything(client, app, kreis):
    manage = subscribe(client, app, "theme=begegnung")
    make_listing(name="Dorfcafé", kommune_id=kreis.id)
    run_notify()
    assert post_form(client, manage, {"frequency": "woechentlich"}).status_code == 302
    assert subscription_of("leser@example.org").frequency == "woechentlich"
    token = manage.rsplit("/", 1)[1]
    assert client.get(f"/abbestellen/{token}").status_code == 200
    assert post_form(client, f"/abbestellen/{token}", {}).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0
    assert db.session.scalar(select(func.count()).select_from(SubscriptionMail)) == 0
    assert db.session.scalar(select(func.count()).select_from(SubscriptionDelivery)) == 0
    assert client.get(manage).status_code == 404


def test_one_click_unsubscribe_works_without_a_csrf_token_only_with_the_signed_link(client, app, kreis):
    subscribe(client, app, "theme=begegnung")
    make_listing(name="Dorfcafé", kommune_id=kreis.id)
    run_notify()
    [digest] = digests_to(app, "leser@example.org")
    link = digest["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:5000")
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert subscription_of("leser@example.org") is None
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 404
    forged = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    assert (
        client.post(
            forged.replace("/sofort", "") + "/sofort", data={"List-Unsubscribe": "One-Click"}
        ).status_code
        == 404
    )


def test_the_normal_unsubscribe_post_still_needs_its_csrf_token(client, app, kreis):
    manage = subscribe(client, app, "theme=begegnung")
    token = manage.rsplit("/", 1)[1]
    assert client.post(f"/abbestellen/{token}").status_code == 400
    assert subscription_of("leser@example.org") is not None


def test_subscribing_twice_keeps_one_subscription(client, app, kreis):
    subscribe(client, app, "theme=begegnung")
    response = post_form(
        client,
        "/benachrichtigen?theme=begegnung",
        {"email": "LESER@example.org", "frequency": "sofort", "consent": "y"},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1
    assert MANAGE.search(body(mails_to(app, "leser@example.org")[-1]))


def test_unconfirmed_subscriptions_are_deleted_after_the_days_set(client, app, kreis):
    post_form(
        client,
        "/benachrichtigen?theme=begegnung",
        {"email": "a@example.org", "frequency": "sofort", "consent": "y"},
    )
    run_notify(now=utcnow() + timedelta(days=app.config["SUBSCRIPTION_UNCONFIRMED_DAYS"] - 1))
    assert subscription_of("a@example.org") is not None
    db.session.execute(
        Subscription.__table__.update().values(
            created_at=utcnow() - timedelta(days=app.config["SUBSCRIPTION_UNCONFIRMED_DAYS"] + 1)
        )
    )
    db.session.commit()
    assert run_notify().purged == 1
    assert subscription_of("a@example.org") is None


@pytest.mark.parametrize(
    "query",
    [
        "theme=<script>alert(1)</script>",
        "kommune=../../etc",
        "kommune=unbekannt",
        "bbox=1,2,3",
        "bbox=nan,0,1,1",
        "radius_km=10",
        "lat=91&lon=0",
        "type=secret",
        "q=" + "x" * 300,
        "near=%00",
    ],
)
def test_hostile_filters_are_refused_in_plain_german(client, app, query):
    for url in (f"/benachrichtigen?{query}", f"/feed.atom?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        text = response.get_data(as_text=True)
        assert "<script>alert" not in text
        assert "lässt sich so nicht verwenden" in text
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0


def test_a_confirmation_mail_carries_no_link_or_sentence_of_someone_else(client, app):
    # Anyone may type any address: the filter's free text must not turn the site's mail into a lure.
    hostile = "WICHTIG: Ihr Konto wird gesperrt. Bestätigen Sie hier: http://evil.example/login"
    url = "/benachrichtigen?" + urlencode({"q": hostile})
    response = post_form(client, url, {"email": "opfer@example.org", "frequency": "sofort", "consent": "y"})
    assert response.status_code == 302
    text = body(mails_to(app, "opfer@example.org")[-1])
    assert "evil.example" not in text and "http://evil" not in text and "gesperrt." not in text
    assert "„WICHTIG Ihr Konto wird gesperrt Bestätigen Sie hier …“" in text
    near = "/benachrichtigen?" + urlencode({"near": "www.evil.example", "radius_km": "10"})
    page = client.get(near)
    assert "www.evil.example" not in page.get_data(as_text=True) or page.status_code == 400


def test_a_stored_filter_is_checked_again_when_read(client, app, kreis):
    subscribe(client, app, "theme=begegnung")
    db.session.execute(Subscription.__table__.update().values(filter={"theme": "gibt-es-nicht"}))
    db.session.commit()
    make_listing(name="Dorfcafé", kommune_id=kreis.id)
    report = run_notify()
    assert report.refused and digests_to(app, "leser@example.org") == []


def test_the_feed_lists_matching_public_entries(client, app, kreis):
    make_listing(name="Dorfcafé", kommune_id=kreis.id)
    make_listing(name="Geheimes Café", kommune_id=kreis.id, status="pending")
    make_listing(name="Sportverein", kommune_id=kreis.id, themes=["sport"])
    response = client.get("/feed.atom?theme=begegnung")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    tree = etree.fromstring(response.data)
    titles = tree.xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert "Initiative: Dorfcafé" in titles and "Initiative: Altes Seniorencafé" in titles
    assert not any("Geheimes" in title or "Sport" in title for title in titles)
    page = client.get("/suche?theme=begegnung").get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml"' in page and "/feed.atom?theme=begegnung" in page
    assert "/benachrichtigen?theme=begegnung" in page


def test_nearby_needs_say_why_each_need_was_sent(client, app, kreis):
    initiative = make_listing(name="Seniorenbegleitung West")
    initiative.submitter_email = "leitung@example.org"
    token = issue_token("initiative", initiative.id)
    db.session.commit()
    url = f"/eintrag/{token}/bedarfe-in-der-naehe"
    page = client.get(url).get_data(as_text=True)
    assert "Bedarfe in meiner Nähe" in page, page[page.find("<main") :][:1500]
    assert "Bedarfe in meiner Nähe" in page
    assert "leitung@example.org" in page
    response = post_form(client, url, {"email": "leitung@example.org", "frequency": "sofort", "consent": "y"})
    assert response.status_code == 302
    confirm = CONFIRM.search(body(mails_to(app, "leitung@example.org")[-1])).group(1)
    post_form(client, confirm, {})
    near = make_need(kreis, title="Besuchsdienst für Senioren gesucht", area=box(12.09, 53.79, 12.11, 53.81))
    near.themes = [db.session.get(Theme, "begegnung")]
    near.target_groups = [db.session.get(TargetGroup, "senioren")]
    make_need(kreis, title="Weit weg", area=box(14.0, 54.5, 14.1, 54.6))
    db.session.commit()
    run_notify()
    [digest] = digests_to(app, "leitung@example.org")
    text = body(digest)
    assert "Besuchsdienst für Senioren gesucht" in text and "Weit weg" not in text
    assert "gleiches Thema: Begegnung" in text and "gleiche Zielgruppe" in text
    assert "im Gebiet des Bedarfs" in text or "km entfernt" in text
    assert digest["Subject"].startswith("Bedarfe in Ihrer Nähe")


def test_a_feed_without_matches_is_dated_now_not_1970(client, app, kreis):
    response = client.get("/feed.atom?q=Zzyzxunbekannt")
    assert response.status_code == 200
    tree = etree.fromstring(response.data)
    updated = tree.xpath("/a:feed/a:updated/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})[0]
    assert not tree.xpath("//a:entry", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert datetime.fromisoformat(updated).year >= 2025
