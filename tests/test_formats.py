"""Numbers, dates and kinds as people read them, in German and in English; the copy residents read."""

from datetime import date, datetime, time

import pytest
from flask_babel import force_locale

from tests.factories import make_kommune, make_listing, make_need
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.formats import (
    format_clock,
    format_day,
    format_hours,
    format_km,
    format_moment,
    format_share,
    join_distinct,
    spreadsheet_moment,
)
from zwk_network.kind_labels import kind_label
from zwk_network.measures.models import Measure
from zwk_network.municipalities.models import Region
from zwk_network.registry.models import Initiative

ENGLISH = {"Accept-Language": "en"}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("de", ["0 km", "0,5 km", "4,3 km", "10 km", "15,2 km", "1.234,5 km", "", "85\xa0%", "14:30"]),
        ("en", ["0 km", "0.5 km", "4.3 km", "10 km", "15.2 km", "1,234.5 km", "", "85%", "2:30\u202fPM"]),
    ],
)
def test_numbers_in_the_interface_language(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        written = [format_km(km) for km in (0.0, 0.5, 4.26, 9.96, 15.2, 1234.5, None)]
        written += [format_share(0.853), format_clock(time(14, 30))]
    assert written == expected


def test_dates_and_times(app):
    summer, winter = datetime(2026, 7, 1, 16, 50), datetime(2026, 12, 1, 23, 30)  # naive UTC, as stored
    with app.test_request_context(), force_locale("de"):
        assert format_moment(summer) == "01.07.2026, 18:50" and format_moment(winter) == "02.12.2026, 00:30"
        assert (
            format_day(date(2026, 12, 1)) == "1. Dezember 2026" and format_day(winter) == "2. Dezember 2026"
        )
        assert (
            format_hours(time(14), time(16, 30)) == "14:00–16:30 Uhr" and format_hours(time(9)) == "09:00 Uhr"
        )
        assert spreadsheet_moment(summer) == "01.07.2026 18:50"
    with app.test_request_context(), force_locale("en"):
        assert (
            format_moment(summer) == "Jul 1, 2026, 6:50\u202fPM"
            and format_day(date(2026, 12, 1)) == "December 1, 2026"
        )
        assert format_hours(time(14), time(16, 30)) == "2:00\u2009–\u20094:30\u202fPM"
        assert format_hours(time(9)) == "9:00\u202fAM"  # CLDR's narrow spaces


def test_kinds_in_english_and_an_unknown_kind_as_written(app):
    with app.test_request_context(), force_locale("en"):
        assert [kind_label(k) for k in ("Verein", "Landkreis", "Städteverbund", "Jugendclub")] == [
            "Association",
            "District",
            "Association of towns",
            "Youth club",
        ]
        assert kind_label("Heimatverein Eigenart") == "Heimatverein Eigenart" and kind_label(None) == ""
    with app.test_request_context(), force_locale("de"):
        assert kind_label("Verein") == "Verein"


def test_a_town_that_names_its_region_is_written_once():
    assert (
        join_distinct(["Auerbach/Vogtl.", "Auerbach/Vogtl.", "Göltzschtal"])
        == "Auerbach/Vogtl. · Göltzschtal"
    )
    assert join_distinct([None, "", "Region West", "region west"], ", ") == "Region West"


def test_english_pages_translate_kinds_and_the_map_attribution(app, client):
    kommune = make_kommune()
    club = make_listing(Initiative, "Chor Westdorf", 12.1, 53.8, kind="Verein")
    kommune_page = client.get(f"/kommunen/{kommune.slug}", headers=ENGLISH).get_data(as_text=True)
    assert '<p class="meta">District</p>' in kommune_page
    detail = client.get(f"/initiativen/{club.id}", headers=ENGLISH).get_data(as_text=True)
    assert "Association ·" in detail and "Verein" not in detail.split("<main")[1].split("</main>")[0]
    assert "OpenStreetMap contributors" in detail and "Mitwirkende" not in detail  # in the map's script
    assert "OpenStreetMap-Mitwirkende" in client.get(f"/initiativen/{club.id}").get_data(as_text=True)
    form = client.get("/eintragen/initiative", headers=ENGLISH).get_data(as_text=True)
    assert '<option value="Verein">Association</option>' in form  # stored in German, offered in English


def test_copy_residents_read(app, client):
    kommune = make_kommune()
    region = db.session.get(Region, 1) or kommune.regions[0]
    region.name = "Westdorf"  # a region named like its town (Auerbach/Vogtl. in Göltzschtal)
    club = make_listing(Initiative, "Chor Westdorf", 12.1, 53.8, town="Westdorf")
    club.region = region
    need = make_need(kommune, "Fahrdienst", region=region)
    need.source = ""
    db.session.add(Measure(kommune_id=kommune.id, title="Mitfahrbank", status="geplant"))
    db.session.add(
        Measure(kommune_id=kommune.id, title="Bürgerbus", status="geplant", starts_on=date(2026, 3, 1))
    )
    db.session.add(
        Conference(kommune_id=kommune.id, slug="k", title="Konferenz", year=2026, region=region, source="")
    )
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "Bald können Sie" not in home and 'action="/suche"' in home and 'id="home-q"' in home
    assert "Derzeit veröffentlicht: 1 Initiative und 0 Begegnungsorte." in home
    detail = client.get(f"/initiativen/{club.id}").get_data(as_text=True)
    assert "Westdorf · Westdorf" not in detail and "Westdorf · Testkreis" in detail
    need_page = client.get(f"/bedarfe/{need.id}").get_data(as_text=True)
    assert "Quelle:" not in need_page
    measures = client.get(f"/kommunen/{kommune.slug}/massnahmen").get_data(as_text=True)
    assert "offen – offen" not in measures and "ohne festen Zeitraum" in measures
    assert "ab 1. März 2026" in measures


def test_a_mail_is_german_through_and_through_when_the_page_was_english(app, client):
    from tests.conferences.test_registration import make_conference, sign_up
    from tests.submissions.helpers import body, outbox

    conference = make_conference()
    client.get("/sprache/en")
    assert sign_up(client, conference, "Erika", "erika@example.org").status_code == 302
    with app.test_request_context(), force_locale("de"):
        day = format_day(conference.date)
    [message] = [m for m in outbox(app) if m["To"] == "erika@example.org"]
    assert f"Termin: {day}" in body(message)  # „1. Dezember 2026“, not „December 1, 2026“


def test_mail_dates_and_times_come_from_formats_in_the_recipients_language(app):
    """The conference lines of a mail use formats.py: German by default, English for a recipient
    whose language is English – never a hand-written "%H:%M"; a conference without a date says so."""
    from tests.conferences.test_registration import make_conference
    from zwk_network.mail import render_mail
    from zwk_network.registrations.models import Registration

    conference = make_conference()
    conference.date, conference.starts_at, conference.ends_at = date(2026, 12, 1), time(15, 30), time(19, 30)
    registration = Registration(conference_id=conference.id, name="Erika", email="e@example.org")
    with app.test_request_context():
        _subject, german = render_mail(
            "registration", conference=conference, registration=registration, link=""
        )
        _subject, english = render_mail(
            "registration", language="en", conference=conference, registration=registration, link=""
        )
        conference.date = None
        _subject, undated = render_mail(
            "registration", conference=conference, registration=registration, link=""
        )
    assert "Termin: 1. Dezember 2026, 15:30–19:30 Uhr" in german
    assert (
        "December 1, 2026, 3:30" in english and "7:30" in english and "Uhr" not in english.split("Termin:")[1]
    )
    assert "Termin: noch offen, 15:30–19:30 Uhr" in undated
