"""What the declarations give besides forms, import and API (see test_schema.py): the models'
columns, the facts the detail, confirm and review pages list, and docs/import-format.md."""

import html

import pytest

from tests.factories import make_kommune, make_listing
from tests.submissions.helpers import VALID, login, make_staff, post_form
from zwk_network import values
from zwk_network.conferences.models import Conference
from zwk_network.conferences.schema import CONFERENCE
from zwk_network.declared_columns import column_type, columns_of, declared_column
from zwk_network.entries import BY_MODEL, BY_TYPE, entry_url, kind_of
from zwk_network.exchange import fields as exchange_fields
from zwk_network.exchange.format_doc import properties_table
from zwk_network.extensions import db
from zwk_network.field_labels import entry_facts, facts_of
from zwk_network.fieldspec import Schema, column
from zwk_network.measures.models import Measure
from zwk_network.measures.schema import MEASURE
from zwk_network.needs.models import Need
from zwk_network.needs.schema import NEED
from zwk_network.network.models import Connection
from zwk_network.network.schema import CONNECTION
from zwk_network.registry.models import SCHEMA_OF, Initiative, MeetingPlace
from zwk_network.registry.schema import INITIATIVE, MEETING_PLACE
from zwk_network.submissions.forms import entry_form

#: A value for every fact an initiative's and a meeting place's pages list.
FACTS = {
    "initiative": {
        "opening_times": "dienstags 16–18 Uhr",
        "accessibility_notes": "Rampe",
        "service_radius_km": 12.4,
    },
    "place": {
        "opening_times": "werktags 9–17 Uhr",
        "accessibility_notes": "Aufzug",
        "capacity": 40,
        "step_free": False,
        "rooms": "Saal für 40",
    },
}
SHOWN = {"service_radius_km": "12 km", "capacity": "40", "step_free": "nein"}
MODELS = {"initiative": Initiative, "place": MeetingPlace}


@pytest.mark.parametrize(
    ("model", "schema"),
    [
        (Initiative, INITIATIVE),
        (MeetingPlace, MEETING_PLACE),
        (Need, NEED),
        (Conference, CONFERENCE),
        (Measure, MEASURE),
        (Connection, CONNECTION),
    ],
)
def test_every_declared_column_is_the_models_column(app, model, schema):
    table = model.__table__
    if model in BY_MODEL:  # an entry kind names the same declaration
        assert kind_of(model).schema is schema
    for spec in schema.column_fields():
        declared = declared_column(spec).column
        stored = table.c[spec.attribute]
        assert (str(stored.type), stored.nullable, stored.index) == (
            str(declared.type),
            declared.nullable,
            declared.index,
        ), spec.name
    for part in schema.consent_parts():
        assert table.c[f"publish_{part}"].default.arg is schema[part].consent_default


def test_columns_follow_the_parsers_limits(app):
    shown = {
        name: (str(column_type(INITIATIVE[name])), declared_column(INITIATIVE[name]).column.nullable)
        for name in ("name", "summary", "description", "email", "postcode", "service_radius_km", "demo")
    }
    assert shown == {
        "name": ("VARCHAR(200)", False),  # required
        "summary": ("VARCHAR(500)", False),  # blank is ""
        "description": ("TEXT", False),
        "email": ("VARCHAR(254)", True),
        "postcode": ("VARCHAR(10)", True),
        "service_radius_km": ("DOUBLE", True),
        "demo": ("BOOLEAN", False),
    }
    assert str(column_type(MEETING_PLACE["capacity"])) == "INTEGER"


def test_a_field_added_to_a_declaration_becomes_a_column_a_fact_and_a_documented_property(app, monkeypatch):
    """The other half of test_schema.py's throw-away field: the model column, the pages' facts, the docs."""
    extra = column("parking", values.text(100), "Parkplätze", blank="")
    schema = Schema("initiatives", (*INITIATIVE.fields, extra), INITIATIVE.extra_labels)
    mixin = columns_of(schema)
    assert str(mixin.parking.column.type) == "VARCHAR(100)" and mixin.parking.column.nullable is False
    with app.test_request_context():
        form = entry_form("TryForm", "initiative", schema)(meta={"csrf": False})
        assert form.parking.label.text == "Parkplätze"
        facts = facts_of(schema, {"parking": "Hof hinter der Kirche", "opening_times": "freitags"})
    assert [(fact.label, fact.text) for fact in facts] == [
        ("Treffen", "freitags"),
        ("Parkplätze", "Hof hinter der Kirche"),
    ]
    monkeypatch.setitem(exchange_fields.SCHEMAS, "initiatives", schema)
    assert "| `parking` | initiatives | ≤ 100 characters |" in properties_table()


@pytest.mark.parametrize("entity", ["initiative", "place"])
def test_every_declared_fact_is_on_the_detail_review_and_confirm_pages(app, client, entity):
    make_kommune()
    entry = make_listing(MODELS[entity], name="Alle Angaben", **FACTS[entity])
    expected = [spec.name for spec in SCHEMA_OF[MODELS[entity]].fact_fields()]
    with app.test_request_context():
        facts, url = entry_facts(entity, entry), entry_url(entity, entry.id)
    detail = client.get(url).get_data(as_text=True)
    assert [fact.name for fact in facts] == expected  # every declared fact has a value here
    for fact in facts:
        assert f"<dt>{fact.label}</dt><dd>{html.escape(fact.text, quote=False)}</dd>" in detail
        assert fact.text == SHOWN.get(fact.name, str(FACTS[entity][fact.name]))

    make_staff()
    login(client)
    review = client.get(f"/intern/eintrag/{BY_TYPE[entity].word}/{entry.id}").get_data(as_text=True)
    for fact in facts:
        assert f"<dt>{fact.label}</dt><dd>{html.escape(fact.text, quote=False)}</dd>" in review

    typed = {
        **VALID,
        **{key: str(value) for key, value in FACTS[entity].items()},
        "lat": "53.8",
        "lon": "12.1",
    }
    if entity == "place":
        typed["step_free"] = "nein"
    client.post("/intern/abmelden")
    url = f"/eintragen/{BY_TYPE[entity].word}"
    confirm = post_form(client, url, {**typed, "step": "check"}).get_data(as_text=True)
    for fact in facts:
        assert f"<dt>{fact.label}</dt><dd>{html.escape(fact.text, quote=False)}</dd>" in confirm


def test_a_needs_page_lists_its_declared_facts(app, client):
    kommune = make_kommune()
    need = Need(kommune_id=kommune.id, title="Fahrdienst", priority="hoch", status="in_bearbeitung")
    db.session.add(need)
    db.session.commit()
    with app.test_request_context():
        url = entry_url("need", need.id)
    page = client.get(url).get_data(as_text=True)
    assert [spec.name for spec in NEED.fact_fields()] == ["priority", "status"]
    assert "<dt>Priorität</dt><dd>hoch</dd>" in page and "<dt>Status</dt><dd>in Bearbeitung</dd>" in page
