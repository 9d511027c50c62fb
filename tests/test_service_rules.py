"""The rules of saving live in the services: they refuse with ValidationFailed (field → reason),
store nothing, and the views show the form again in plain words with status 400."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_kommune
from tests.submissions.helpers import login, make_staff, post_form
from zwk_network.conferences.models import Conference
from zwk_network.conferences.services import save_conference
from zwk_network.errors import ValidationFailed
from zwk_network.extensions import db
from zwk_network.measures.models import Measure
from zwk_network.measures.services import save_measure
from zwk_network.needs.models import Need
from zwk_network.needs.services import save_need
from zwk_network.timeutil import period_errors

SQUARE = (
    '{"type": "Polygon", "coordinates": [[[12.05, 53.75], [12.15, 53.75], [12.15, 53.85], [12.05, 53.75]]]}'
)
PARIS = '{"type": "Polygon", "coordinates": [[[2, 48], [3, 48], [3, 49], [2, 48]]]}'


def need_data(**changes) -> dict:
    data = {
        "title": "Mobilität",
        "description": "",
        "kommune": "testkreis",
        "region": None,
        "conference_id": None,
        "priority": "mittel",
        "status": "offen",
        "themes": [],
        "target_groups": [],
        "help_kinds": [],
        "lat": None,
        "lon": None,
        "area": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"kommune": "anderswo"}, "kommune"),
        ({"region": ("gibtsnicht", "testkreis")}, "region"),
        ({"lat": 53.8}, "lat"),
        ({"lat": 48.85, "lon": 2.35}, "lat"),
        ({"area": "{kaputt"}, "area"),
        ({"area": '{"type": "Point", "coordinates": [12.1, 53.8]}'}, "area"),
        ({"area": PARIS}, "area"),
    ],
)
def test_save_need_refuses_what_breaks_a_rule(app, changes, field):
    kommune = make_kommune()
    with pytest.raises(ValidationFailed) as refused:
        save_need(None, need_data(**changes), [kommune])
    assert set(refused.value.errors) == {field}
    db.session.rollback()
    assert db.session.scalar(select(func.count(Need.id))) == 0


def test_save_need_takes_region_point_and_area(app):
    kommune = make_kommune()
    need = save_need(None, need_data(region=("west", "testkreis"), lat=53.8, lon=12.1), [kommune])
    assert need.region.slug == "west" and need.kommune_id == kommune.id and need.area is not None
    save_need(need, need_data(area=SQUARE), [kommune])
    assert need.region_id is None and db.session.scalar(func.ST_GeometryType(Need.area)).upper().endswith(
        "POLYGON"
    )


def test_a_planner_cannot_save_a_need_of_a_kommune_not_given(app):
    make_kommune()
    other = make_kommune(slug="anderer-kreis", name="Anderer Kreis")
    with pytest.raises(ValidationFailed):
        save_need(None, need_data(), [other])


def test_one_rule_for_periods(app):
    """Ends before it starts: refused; ends when it starts: allowed (the conference form used to
    refuse that, untranslated, while measures, connections and reports allowed it)."""
    day = date(2027, 5, 1)
    assert period_errors(day, day - timedelta(days=1), "ends_on") == {"ends_on": "liegt vor dem Beginn"}
    assert period_errors(day, day, "ends_on") == {} and period_errors(None, day, "ends_on") == {}
    assert period_errors(time(15, 30), time(14), "ends_at") and not period_errors(
        time(15), time(15), "ends_at"
    )
    kommune = make_kommune()
    conference = {"title": "K", "kind": "Regionalkonferenz", "round": 1, "date": day, "town": "Westdorf"}
    with pytest.raises(ValidationFailed) as refused:
        save_conference(None, {**conference, "starts_at": time(15, 30), "ends_at": time(14)}, kommune.id)
    assert refused.value.errors == {"ends_at": "liegt vor dem Beginn"}
    saved = save_conference(None, {**conference, "starts_at": time(15), "ends_at": time(15)}, kommune.id)
    assert saved.slug == "2027-05-01-k" and saved.region.slug == "west"
    measure = {
        "title": "M",
        "description": "",
        "kommune_id": kommune.id,
        "status": "idee",
        "need_ids": [],
        "responsible_id": None,
        "partner_ids": [],
    }
    with pytest.raises(ValidationFailed) as refused:
        save_measure(None, {**measure, "starts_on": day, "ends_on": day - timedelta(days=1)})
    assert refused.value.errors == {"ends_on": "liegt vor dem Beginn"}
    assert save_measure(None, {**measure, "starts_on": day, "ends_on": day}).id


def test_the_conference_form_says_the_period_rule_in_english_too(app, client):
    make_kommune()
    make_staff()
    login(client)
    data = {
        "title": "K",
        "kind": "Regionalkonferenz",
        "kommune": "testkreis",
        "round": "1",
        "date": "2027-05-01",
        "starts_at": "15:30",
        "ends_at": "14:00",
        "town": "Westdorf",
    }
    client.set_cookie("zwk_lang", "en")
    refused = post_form(client, "/intern/konferenzen/neu", data)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "is before the start" in text and 'value="Westdorf"' in text
    assert db.session.scalar(select(func.count(Conference.id))) == 0
    assert db.session.scalar(select(func.count(Measure.id))) == 0
