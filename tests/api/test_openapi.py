"""The OpenAPI 3.1 description of the JSON API: valid, complete, and true of the real answers."""

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.url_map import rules
from zwk_network.api.openapi import UNDESCRIBED
from zwk_network.taxonomy import THEMES

PROBLEM = "application/problem+json"


@pytest.fixture
def document(seeded_client):
    response = seeded_client.get("/api/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    return response.get_json()


def _validator(document, schema):
    """A JSON Schema 2020-12 validator of `schema`, its references resolved in the document."""
    registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(document))
    return Draft202012Validator(_rebase(schema), registry=registry)


def _rebase(schema):
    """#/components/… references as references into the document (urn:openapi)."""
    if isinstance(schema, dict):
        return {
            key: ("urn:openapi" + value if key == "$ref" and value.startswith("#/") else _rebase(value))
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(item) for item in schema]
    return schema


def _path_of(rule) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(f"<{name}>", f"{{{name}}}")
    return path


def test_the_description_is_valid_openapi_3_1(document):
    validate(document)  # openapi-spec-validator picks the 3.1 schema from "openapi"
    assert document["openapi"] == "3.1.0"
    assert document["servers"][0]["url"].startswith("http")


def test_every_api_route_is_described(seeded_app, document):
    """Walks the URL map: a rule under /api/ (of any blueprint) missing from the paths fails."""
    found = rules(seeded_app, prefix="/api/")
    assert len(found) > 15
    missing = [
        rule.rule
        for rule in found
        if rule.endpoint not in UNDESCRIBED and _path_of(rule) not in document["paths"]
    ]
    assert missing == []
    assert set(UNDESCRIBED) == {"api.not_found"}  # the catch-all: any other path is a 404 problem


def test_parameters_are_the_parsers_declarations(seeded_app, seeded_client, document):
    """The documented bounds are the ones the parser checks: a setting moves both."""
    per_page = next(
        p for p in document["paths"]["/api/initiatives"]["get"]["parameters"] if p["name"] == "per_page"
    )
    assert per_page["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert seeded_client.get("/api/initiatives?per_page=101").status_code == 400
    seeded_app.config["MAX_PER_PAGE"] = 150
    try:
        moved = seeded_client.get("/api/openapi.json").get_json()
        per_page = next(
            p for p in moved["paths"]["/api/initiatives"]["get"]["parameters"] if p["name"] == "per_page"
        )
        assert per_page["schema"]["maximum"] == 150
        assert seeded_client.get("/api/initiatives?per_page=101").status_code == 200
    finally:
        seeded_app.config["MAX_PER_PAGE"] = 100
    search = {p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "type", "help_kind", "sort", "bbox", "near", "radius_km", "page"} <= search
    zoom = next(p for p in document["paths"]["/api/map"]["get"]["parameters"] if p["name"] == "zoom")
    assert zoom["required"] is True and zoom["schema"]["maximum"] == 20
    theme = next(p for p in document["paths"]["/api/needs"]["get"]["parameters"] if p["name"] == "theme")
    assert theme["schema"]["enum"] == list(THEMES)


def test_declared_fields_are_typed_with_their_rules(document):
    schemas = document["components"]["schemas"]
    initiative = schemas["InitiativeProperties"]
    assert initiative["additionalProperties"] is False
    assert initiative["properties"]["name"] == {"title": "Name", "type": "string", "maxLength": 200}
    assert initiative["properties"]["themes"]["items"]["enum"]
    assert "email" not in initiative["properties"]  # contact parts only inside `contact`, with consent
    assert set(initiative["properties"]["contact"]["properties"]) == {
        "contact_person",
        "email",
        "phone",
        "website",
    }
    assert schemas["NeedProperties"]["properties"]["status"]["enum"] == [
        "offen",
        "in_bearbeitung",
        "erledigt",
    ]
    assert "internal_note" not in schemas["NeedProperties"]["properties"]


def _urls(client) -> list[tuple[str, str]]:
    """(operation path, URL) of every described GET with real ids of the seed data."""
    first = {
        kind: client.get(f"/api/{kind}?per_page=1").get_json()["items"][0]["id"]
        for kind in ("initiatives", "places", "needs", "conferences", "regions")
    }
    slug = client.get("/api/kommunen").get_json()["items"][0]["slug"]
    urls = [
        ("/api/", "/api/"),
        ("/api/kommunen", "/api/kommunen"),
        ("/api/kommunen/{slug}", f"/api/kommunen/{slug}"),
        ("/api/kommunen/{slug}", "/api/kommunen/gibt-es-nicht"),
        ("/api/needs/{need_id}/matches", f"/api/needs/{first['needs']}/matches?limit=5"),
        ("/api/needs/{need_id}/matches", "/api/needs/99999999/matches"),
        ("/api/search", "/api/search?q=Chor&near=Güstrow"),
        ("/api/search", "/api/search?sort=distance"),
        ("/api/map", "/api/map?zoom=9"),
        ("/api/map", "/api/map?zoom=16&bbox=12.1,53.7,12.3,53.9"),
        ("/api/map", "/api/map"),
        ("/api/gazetteer", "/api/gazetteer?q=Gü"),
        ("/api/gazetteer", "/api/gazetteer"),
    ]
    items = {"initiatives": "entry_id", "places": "entry_id", "needs": "need_id"}
    items |= {"conferences": "conference_id", "regions": "region_id"}
    for kind, argument in items.items():
        for query in ("", "?format=geojson", "?near=Güstrow&per_page=3", "?per_page=0"):
            urls.append((f"/api/{kind}", f"/api/{kind}{query}"))
        for query in ("", "?format=geojson", "?format=xml"):
            urls.append((f"/api/{kind}/{{{argument}}}", f"/api/{kind}/{first[kind]}{query}"))
        urls.append((f"/api/{kind}/{{{argument}}}", f"/api/{kind}/99999999"))
    return urls


KINDS = {"initiative": "Initiative", "place": "Place", "need": "Need", "conference": "Conference"}
KINDS |= {"region": "Region"}


def _explained(document, error) -> list[tuple[str, str]]:
    """Where and why, down to the failing member (an item: checked against its kind's schema)."""
    kind = error.instance.get("type") if isinstance(error.instance, dict) else None
    if error.validator == "anyOf" and kind in KINDS:
        suffix = "Item" if "geometry" in error.instance else "Properties"
        schema = {"$ref": f"#/components/schemas/{KINDS[kind]}{suffix}"}
        return [
            (e.json_path, e.message[:200]) for e in _validator(document, schema).iter_errors(error.instance)
        ]
    deepest = best_match([error])
    return [(deepest.json_path, deepest.message[:200])]


def test_real_answers_conform_to_their_schemas(seeded_client, document):
    """Every described operation, with the seed data: status, media type and body as described."""
    checked = set()
    for path, url in _urls(seeded_client):
        response = seeded_client.get(url)
        described = document["paths"][path]["get"]["responses"]
        assert str(response.status_code) in described, url
        content = described[str(response.status_code)]["content"]
        assert response.mimetype in content, (url, response.mimetype)
        errors = list(
            _validator(document, content[response.mimetype]["schema"]).iter_errors(response.get_json())
        )
        assert errors == [], (url, [_explained(document, error) for error in errors[:3]])
        checked.add(path)
    assert checked == set(document["paths"]) - {"/api/openapi.json", "/api/docs"}


def test_the_description_page_lists_every_operation(seeded_client, document):
    page = seeded_client.get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    for path in document["paths"]:
        assert f"GET {path}" in text
    assert "<script" not in text  # rendered on the server: no script, nothing from elsewhere


def test_the_footer_links_both_interfaces(seeded_client):
    text = seeded_client.get("/").get_data(as_text=True)
    assert 'href="/api/docs"' in text and 'href="/ogc/?f=html"' in text


@pytest.mark.parametrize("kind", ["initiatives", "places", "needs", "conferences", "regions"])
def test_ids_beyond_any_column_are_not_found(seeded_client, kind):
    """A path id of any size is a 404 problem, never a 500 (converters.RowIdConverter bounds <int:…>)."""
    for entry_id in ("0", str(2**31), str(2**63), "9" * 40):
        response = seeded_client.get(f"/api/{kind}/{entry_id}")
        assert response.status_code == 404 and response.mimetype == PROBLEM, (kind, entry_id)
    assert seeded_client.get("/api/needs/" + "9" * 40 + "/matches").status_code == 404
    for page in ("/initiativen/", "/orte/", "/bedarfe/"):  # the pages share the bounded <int:…> of routes
        assert seeded_client.get(page + "9" * 40).status_code == 404
