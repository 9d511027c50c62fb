"""Measures, conferences and connections are declared like entries (fieldspec.Schema): their forms
check by the declaration, and their services refuse what the declaration refuses, in the same words."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import make_kommune, make_listing
from zwk_network.conferences.forms import ConferenceForm
from zwk_network.conferences.models import Conference
from zwk_network.conferences.schema import CONFERENCE
from zwk_network.conferences.services import save_conference
from zwk_network.errors import InvalidInput, ValidationFailed
from zwk_network.extensions import db
from zwk_network.measures.forms import MeasureForm
from zwk_network.measures.models import Measure
from zwk_network.measures.schema import MEASURE
from zwk_network.measures.services import save_measure
from zwk_network.needs.models import Need
from zwk_network.needs.schema import NEED
from zwk_network.needs.services import NEED_FIELDS, save_need
from zwk_network.network.forms import ConnectionForm
from zwk_network.network.models import Connection
from zwk_network.network.schema import CONNECTION
from zwk_network.network.services import update_connection

CONFERENCE_DATA = {"title": "K", "kind": "Regionalkonferenz", "round": 1, "date": date(2027, 5, 1)}
MEASURE_DATA = {"title": "M", "description": "", "status": "idee", "starts_on": None, "ends_on": None}
MEASURE_CHOICES = {"need_ids": [], "responsible_id": None, "partner_ids": []}


@pytest.mark.parametrize(
    ("form", "schema"),
    [(ConferenceForm, CONFERENCE), (MeasureForm, MEASURE), (ConnectionForm, CONNECTION)],
)
def test_the_forms_check_by_their_declaration(app, form, schema):
    with app.test_request_context():
        fields = form(meta={"csrf": False})
    for spec in schema.form_fields():
        assert [v.spec for v in fields[spec.name].validators if hasattr(v, "spec")] == [spec], spec.name
        assert fields[spec.name].label.text == str(spec.label)


def test_save_conference_refuses_what_its_declaration_refuses(app):
    kommune = make_kommune()
    refused_values = {"title": "x" * 201, "kind": "", "round": 21, "capacity": 0, "description": "x" * 5001}
    for name, value in refused_values.items():
        with pytest.raises(ValidationFailed) as refused:
            save_conference(None, {**CONFERENCE_DATA, name: value}, kommune.id)
        assert list(refused.value.errors) == [name]
        assert refused.value.errors[name] == _reason(CONFERENCE[name], value)
    assert db.session.scalar(select(func.count()).select_from(Conference)) == 0
    saved = save_conference(None, {**CONFERENCE_DATA, "title": "  Zweite Runde  "}, kommune.id)
    assert saved.title == "Zweite Runde" and saved.description == "" and saved.venue_name is None


def test_save_measure_refuses_what_its_declaration_refuses(app):
    kommune = make_kommune()
    data = {**MEASURE_DATA, **MEASURE_CHOICES, "kommune_id": kommune.id}
    for name, value in {
        "title": "",
        "status": "erfunden",
        "description": "x" * 5001,
        "ends_on": "1. Mai",
    }.items():
        with pytest.raises(ValidationFailed) as refused:
            save_measure(None, {**data, name: value})
        assert refused.value.errors == {name: _reason(MEASURE[name], value)}
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 0
    assert save_measure(None, {**data, "starts_on": "2027-05-01"}).starts_on == date(2027, 5, 1)


def test_update_connection_refuses_what_its_declaration_refuses(app):
    kommune = make_kommune()
    need = Need(kommune_id=kommune.id, title="Fahrdienst")
    entry = make_listing()
    db.session.add(need)
    db.session.flush()
    connection = Connection(
        need_id=need.id, entry_type="initiative", entry_id=entry.id, entry_name=entry.name
    )
    db.session.add(connection)
    db.session.commit()
    good = {"status": "kontaktiert", "notes": "", "started_on": "", "ended_on": ""}
    for name, value in {"status": "verworfen", "notes": "x" * 5001, "started_on": "morgen"}.items():
        with pytest.raises(InvalidInput) as refused:
            update_connection(connection, **{**good, name: value})
        assert refused.value.errors == {name: _reason(CONNECTION[name], value)}
    update_connection(connection, **{**good, "notes": " Anruf ", "started_on": "2027-05-01"})
    assert (connection.status, connection.notes, connection.started_on) == (
        "kontaktiert",
        "Anruf",
        date(2027, 5, 1),
    )


def test_save_need_stores_the_declared_fields_its_form_edits(app):
    assert set(NEED_FIELDS) == {"title", "description", "priority", "status", "conference_id"}


def _reason(spec, value) -> str:
    try:
        spec.check(value)
    except ValueError as error:
        return str(error.reason)
    raise AssertionError(f"{spec.name} takes {value!r}")


def test_save_need_refuses_what_its_declaration_refuses(app):
    kommune = make_kommune()
    data = {
        "title": "Mobilität",
        "description": "",
        "kommune": kommune.slug,
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
    refused_values = {
        "title": "x" * 201,
        "status": "vergessen",
        "themes": ["erfunden"],
        "description": "x" * 10_001,
    }
    for name, value in refused_values.items():
        with pytest.raises(ValidationFailed) as refused:
            save_need(None, {**data, name: value}, [kommune])
        assert refused.value.errors == {name: _reason(NEED[name], value)}
    assert db.session.scalar(select(func.count()).select_from(Need)) == 0
    saved = save_need(None, {**data, "title": "  Fahrdienst  ", "themes": ["mobilitaet"]}, [kommune])
    assert (saved.title, saved.theme_slugs) == ("Fahrdienst", ["mobilitaet"])
