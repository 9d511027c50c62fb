"""One declaration per entity: the form, the import and the API take and refuse the same values, and
everything that lists an entity's fields lists what its declaration says."""

import re

import pytest
from shapely.geometry import box
from sqlalchemy import select

from tests.factories import make_kommune
from tests.submissions.helpers import VALID, login, make_staff, post_form, submit
from zwk_network.exchange.exporter import export_entries
from zwk_network.exchange.fields import FIELDS, LONGEST_TEXT, field_names
from zwk_network.exchange.importer import import_file
from zwk_network.extensions import db, limiter
from zwk_network.field_labels import FIELD_LABELS, change_field_label
from zwk_network.geo.geojson import as_multipolygon, geometry_element
from zwk_network.geo.germany import GERMANY
from zwk_network.municipalities.models import Kommune, Region
from zwk_network.needs.schema import NEED
from zwk_network.network.forms import NeedForm
from zwk_network.registry.models import CONTACT_PARTS, Initiative, MeetingPlace
from zwk_network.registry.schema import INITIATIVE, MEETING_PLACE
from zwk_network.serialize import to_feature
from zwk_network.submissions.forms import FORMS
from zwk_network.submissions.records import fields_of, record_of

from ..exchange.helpers import point_feature, write_geojson

ALL_CONTACT = {f"publish_{part}": "y" for part in CONTACT_PARTS}
WORDS = {"initiative": "initiative", "place": "begegnungsort"}
KIND_OF = {"initiative": "initiatives", "place": "places"}
MODELS = {"initiative": Initiative, "place": MeetingPlace}

#: (entity, field, value as typed or written in a file, stored value or REFUSED)
REFUSED = object()
CASES = [
    ("initiative", "opening_times", "x" * 1500, "x" * 1500),  # imports allowed it, forms did not
    ("initiative", "opening_times", "x" * 2001, REFUSED),
    ("initiative", "description", "x" * 10_000, "x" * 10_000),
    ("initiative", "description", "x" * 10_001, REFUSED),
    ("initiative", "name", "x" * 201, REFUSED),
    ("initiative", "summary", "", ""),
    ("initiative", "kind", "Sportverein", "Sportverein"),
    ("initiative", "kind", "x" * 81, REFUSED),
    ("initiative", "phone", "03895 372767", "03895 372767"),  # the demo data's numbers
    ("initiative", "phone", "(0381) 123.456", "(0381) 123.456"),
    ("initiative", "phone", "12", REFUSED),
    ("initiative", "phone", "call me", REFUSED),
    ("initiative", "email", "Chor@Example.ORG", "chor@example.org"),
    ("initiative", "email", "keine-adresse", REFUSED),
    ("initiative", "email", "jürgen@example.org", REFUSED),
    ("initiative", "website", "https://chor.example.org/proben", "https://chor.example.org/proben"),
    ("initiative", "website", "javascript:alert(1)", REFUSED),
    ("initiative", "website", "chor.example.org", "https://chor.example.org"),  # as people write it
    ("initiative", "website", "ftp://chor.example.org", REFUSED),
    ("initiative", "website", "https://", REFUSED),
    ("initiative", "postcode", "18195", "18195"),
    ("initiative", "postcode", "1234", REFUSED),
    ("initiative", "service_radius_km", "12.5", 12.5),
    ("initiative", "service_radius_km", "-5", REFUSED),
    ("initiative", "service_radius_km", "301", REFUSED),
    ("place", "capacity", "0", 0),  # imports allowed 0, forms wanted 1
    ("place", "capacity", "-1", REFUSED),
    ("place", "capacity", "2.5", REFUSED),
    ("place", "rooms", "x" * 2001, REFUSED),
    ("initiative", "themes", ["kultur", "erfunden"], REFUSED),
    ("initiative", "help_kinds", ["beratung"], ["beratung"]),
]


def _case_id(case):
    entity, name, value, stored = case
    shown = value if len(str(value)) < 20 else f"{len(value)} chars"
    return f"{entity}-{name}-{shown}-{'refused' if stored is REFUSED else 'taken'}"


@pytest.fixture
def kommune(app):
    return make_kommune()


def through_form(client, entity: str, name: str, value, title: str) -> tuple[int, object]:
    """Submit the value by the public form: (status, the stored entry or None)."""
    limiter.reset()  # many registrations from one address in a row
    response = submit(client, word=WORDS[entity], **{"name": title, name: value, **ALL_CONTACT})
    entry = db.session.scalar(select(MODELS[entity]).where(MODELS[entity].name == title))
    return response.status_code, entry


def through_import(tmp_path, entity: str, name: str, value, title: str) -> tuple[list, object]:
    """Import the value in a GeoJSON file: (its problems' fields, the stored entry or None)."""
    properties = {key: VALID[key] for key in VALID if key in INITIATIVE and key != "submitter_email"}
    properties.update({"name": title, "publish": list(CONTACT_PARTS), name: value})
    path = write_geojson(tmp_path / "one.geojson", [point_feature(**properties)])
    report = import_file(path, KIND_OF[entity])
    entry = db.session.scalar(select(MODELS[entity]).where(MODELS[entity].name == title))
    return [problem.field for problem in report.problems], entry


def through_api(client, entity: str, entry) -> dict:
    """The entry as the public API shows it (approved first)."""
    entry.status = "approved"
    db.session.commit()
    response = client.get(f"/api/{KIND_OF[entity]}/{entry.id}")
    assert response.status_code == 200
    return response.get_json()


def shown_by_api(item: dict, name: str):
    return item["contact"].get(name) if name in CONTACT_PARTS else item[name]


def test_form_import_and_api_take_and_refuse_the_same_values(kommune, client, tmp_path):
    """Every case on one database (a test per case spent most of its time setting up)."""
    disagreements = []
    for number, case in enumerate(CASES):
        entity, name, value, stored = case
        status, from_form = through_form(client, entity, name, value, f"Formular {number}")
        problems, from_import = through_import(tmp_path, entity, name, value, f"Import {number}")
        if stored is REFUSED:
            outcome = (status, from_form, problems, from_import)
            if outcome != (400, None, [name], None):
                disagreements.append((_case_id(case), "form status, entry; import problems, entry", outcome))
            continue
        if (status, problems) != (302, []):
            disagreements.append((_case_id(case), "form status; import problems", (status, problems)))
            continue
        for how, entry in (("form", from_form), ("import", from_import)):
            seen = (record_of(entry)[name], shown_by_api(through_api(client, entity, entry), name))
            if seen != (stored, stored):
                disagreements.append((_case_id(case), f"{how}: stored, API", seen))
    assert disagreements == []


@pytest.mark.parametrize(
    ("lon", "lat", "taken"), [(5.7, 51.0, True), (5.4, 51.0, False), (2.35, 48.85, False)]
)
def test_form_and_import_take_the_same_points(app, client, tmp_path, lon, lat, taken):
    """Germany's box, with the margin imports always allowed (geo/germany.py), for both."""
    kommune = make_kommune()
    border = Kommune(slug="grenzkreis", name="Grenzkreis", kind="Landkreis", description="", source="test")
    db.session.add(border)
    db.session.add(
        Region(
            kommune=border,
            slug="rand",
            name="Rand",
            boundary_source="test",
            boundary=geometry_element(as_multipolygon(box(lon - 0.2, lat - 0.2, lon + 0.2, lat + 0.2))),
        )
    )
    db.session.commit()
    assert kommune.id and GERMANY.min_lon == 5.5
    response = submit(client, town=None, lat=str(lat), lon=str(lon))
    path = write_geojson(tmp_path / "one.geojson", [point_feature("Am Rand", lon, lat, summary="x")])
    report = import_file(path, "initiatives")
    assert (response.status_code == 302) is taken, response.get_data(as_text=True)[:300]
    assert report.ok is taken, [str(p) for p in report.problems]


def test_an_imported_entry_with_long_opening_times_can_be_saved_by_a_planner(kommune, client, tmp_path):
    """The bug that started it: 1 500 characters of opening times came in by import, and a planner's
    edit of the entry was refused (400), whatever the planner changed."""
    path = write_geojson(
        tmp_path / "one.geojson",
        [point_feature("Lange Zeiten", opening_times="x" * 1500, phone="03895 372767", capacity="0")],
    )
    assert import_file(path, "places").ok
    entry = db.session.scalar(select(MeetingPlace))
    make_staff()
    login(client)
    url = f"/intern/eintrag/begegnungsort/{entry.id}/bearbeiten"
    page = client.get(url).get_data(as_text=True)
    assert "x" * 1500 in page
    data = {field: value for field, value in _form_data(page).items() if field != "csrf_token"}
    response = post_form(client, url, {**data, "name": "Lange Zeiten (geprüft)"})
    assert response.status_code == 302, re.findall(
        r"field-error[^>]*>([^<]*)", response.get_data(as_text=True)
    )
    db.session.refresh(entry)
    assert entry.name == "Lange Zeiten (geprüft)" and entry.opening_times == "x" * 1500
    assert entry.capacity == 0 and entry.phone == "03895 372767"


def _form_data(page: str) -> dict:
    """What a browser would send back of a pre-filled form (inputs, checked boxes, selects, text areas)."""
    import html
    import re

    data: dict = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or ('type="checkbox"' in tag and " checked" not in tag):
            continue
        data.setdefault(name.group(1), []).append(html.unescape(value.group(1)) if value else "")
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = [html.unescape(re.sub(r"^\r?\n", "", body))]
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body)
        data[name] = [html.unescape(chosen.group(1)) if chosen else ""]
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


@pytest.mark.parametrize(
    ("schema", "kind", "entity"),
    [(INITIATIVE, "initiatives", "initiative"), (MEETING_PLACE, "places", "place")],
)
def test_form_import_export_and_api_list_the_declared_fields(kommune, client, tmp_path, schema, kind, entity):
    declared = [spec.name for spec in schema.exchange_fields()]
    assert field_names(kind) == declared  # import
    with client.application.test_request_context():
        form = FORMS[entity](meta={"csrf": False})
    assert [name for name in form._fields if name in schema] == [spec.name for spec in schema.form_fields()]
    assert set(fields_of(MODELS[entity])) == {spec.name for spec in schema.editable_fields()}
    assert schema.consent_parts() == CONTACT_PARTS
    entry = db.session.get(MODELS[entity], _import_one(tmp_path, kind))
    assert list(to_feature(entry, "export")["properties"]) == declared  # export
    path = tmp_path / "out.csv"
    export_entries(kind, "csv", str(path))
    assert path.read_text(encoding="utf-8").splitlines()[0].replace('"', "").split(",") == [
        *declared,
        "lat",
        "lon",
    ]
    public = [spec.name for spec in schema.public_fields()]
    item = client.get(f"/api/{kind}/{entry.id}").get_json()
    assert [key for key in item if key in declared or key == "contact"] == _with_contact(
        public, schema
    )  # API
    assert all(change_field_label(name) != name for name in schema.names())  # change lists


def _import_one(tmp_path, kind: str) -> int:
    path = write_geojson(tmp_path / "one.geojson", [point_feature("Eins", summary="x")])
    assert import_file(path, kind).ok
    return db.session.scalar(select(MODELS["initiative" if kind == "initiatives" else "place"].id))


def _with_contact(public: list[str], schema) -> list[str]:
    """The public fields with `contact` where the first consent-bound part stands."""
    first = schema.consent_parts()[0]
    names = [spec.name for spec in schema.exchange_fields()]
    before = [name for name in public if names.index(name) < names.index(first)]
    return [*before, "contact", *public[len(before) :]]


def test_a_field_added_to_a_declaration_reaches_form_import_export_and_api(app):
    """A throw-away declaration with one more field: everything derived from it has the field."""
    from flask import render_template_string

    from zwk_network import values
    from zwk_network.exchange.fields import SCHEMAS as EXCHANGE_SCHEMAS
    from zwk_network.fieldspec import Schema, column
    from zwk_network.serialize import declared_properties
    from zwk_network.submissions.forms import entry_form

    extra = column("parking", values.text(100), "Parkplätze", widget="text", blank="")
    schema = Schema("initiatives", (*INITIATIVE.fields, extra), INITIATIVE.extra_labels)
    with app.test_request_context():
        form = entry_form("TryForm", "initiative", schema)(meta={"csrf": False})
        page = render_template_string(
            '{% from "partials/form_fields.html" import declared_fields %}{{ declared_fields(form, "about") }}',
            form=form,
        )
    assert form.parking.label.text == "Parkplätze"
    assert '<label for="parking">Parkplätze</label>' in page and 'name="parking"' in page  # shown
    assert "parking" in [spec.name for spec in schema.exchange_fields()]
    assert "parking" in [spec.name for spec in schema.editable_fields()]

    class Entry:  # an entry with the new attribute, as a migration would give it
        kommune = region = None
        theme_slugs = target_group_slugs = help_kind_slugs = []
        publish_contact_person = publish_email = publish_phone = publish_website = False

        def __getattr__(self, name):
            return "Hof" if name == "parking" else None

        def public_contact(self):
            return {}

    assert declared_properties(schema, Entry(), "export")["parking"] == "Hof"
    assert declared_properties(schema, Entry(), "public")["parking"] == "Hof"
    assert schema["parking"].check("x" * 100) == "x" * 100
    with pytest.raises(ValueError, match="longer than 100"):
        schema["parking"].check("x" * 101)
    assert EXCHANGE_SCHEMAS["initiatives"] is INITIATIVE  # the import reads the real declaration


def test_the_need_form_and_import_share_the_need_declaration(app):
    exchanged = [spec.name for spec in NEED.exchange_fields()]
    assert field_names("needs") == exchanged and "internal_note" not in exchanged  # never exported
    assert LONGEST_TEXT == NEED["description"].max_length == INITIATIVE["description"].max_length
    with app.test_request_context():
        form = NeedForm(meta={"csrf": False})
    checked_by = {
        name: [v.spec for v in form[name].validators if hasattr(v, "spec")] for name in form._fields
    }
    for name in ("title", "description", "themes", "target_groups", "help_kinds", "priority", "status"):
        assert checked_by[name] == [NEED[name]]
    assert [f.name for f in FIELDS["needs"]] == exchanged
    assert {name: str(label) for name, label in FIELD_LABELS.items()}["opening_times"] == "Treffen"
