"""The OpenAPI 3.1 description of the JSON API (/api/openapi.json), built from the code.

Paths come from the URL map (every rule of the api blueprint), each operation from what its view
declares with @operation: the parameter declarations its parsers read (parameters.py), the
schema of its answer (schemas.py) and the problems it can answer with. Summaries are the views'
docstrings. Nothing here is a second list of parameters or fields.
"""

import re
from dataclasses import dataclass

from flask import current_app

from ..converters import LARGEST_ID
from ..links import site_url
from ..parameters import openapi_parameters
from .schemas import REF, components

PROBLEM_TYPE = "application/problem+json"
GEOJSON = "application/geo+json"
#: The API's kinds of features: schema name stem, and its name in the text.
KINDS = ("Initiative", "Place", "Need", "Conference", "Region")
#: What each problem status means here.
PROBLEMS = {
    400: "Invalid parameters (`errors` names each one with a plain-German reason), or control "
    "characters anywhere in the request.",
    404: "No such (public) resource.",
    429: "Too many text searches in a short time (per client).",
    503: "The database is not reachable for a moment (Retry-After).",
}
#: The only rule under /api/ not described: any other path answers 404 with a problem.
UNDESCRIBED = ("api.not_found",)


@dataclass(frozen=True)
class Operation:
    """What a view's answer is: `kind` for a list or an item of a kind of feature (JSON or GeoJSON);
    else `schema` (a component's name, or a JSON Schema) in `media_type`."""

    parameters: tuple = ()
    kind: str | None = None
    many: bool = False
    schema: str | dict | None = None
    media_type: str = "application/json"
    problems: tuple[int, ...] = ()
    tag: str = "Daten"


def operation(**options):
    """Declare the answer and the parameters of an API view (see Operation)."""

    def decorate(view):
        view.openapi = Operation(**options)
        return view

    return decorate


def _ref(name: str) -> dict:
    return {"$ref": REF.format(model=name)}


#: A variable part of a rule: <name> or <converter:name> (werkzeug's rule syntax).
_VARIABLE = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)>")


def _path(rule) -> tuple[str, list[dict]]:
    """The rule as an OpenAPI path template, with its path parameters (int: a whole number)."""
    parameters = []
    for match in _VARIABLE.finditer(rule.rule):
        integer = match["converter"] == "int"
        schema = {"type": "integer", "minimum": 0, "maximum": LARGEST_ID} if integer else {"type": "string"}
        parameters.append({"name": match["name"], "in": "path", "required": True, "schema": schema})
    return _VARIABLE.sub(lambda match: "{" + match["name"] + "}", rule.rule), parameters


def _answer(spec: Operation) -> dict:
    if spec.kind is None:
        schema = _ref(spec.schema) if isinstance(spec.schema, str) else spec.schema
        return {spec.media_type: {"schema": schema}}
    if spec.many:
        return {"application/json": {"schema": _ref("ItemList")}, GEOJSON: {"schema": _ref("FeatureList")}}
    return {"application/json": {"schema": _ref(f"{spec.kind}Item")}, GEOJSON: {"schema": _ref("Feature")}}


def _responses(spec: Operation, has_path_parameters: bool) -> dict:
    responses = {"200": {"description": "OK", "content": _answer(spec)}}
    statuses = set(spec.problems) | {400, 503}  # control characters are refused everywhere
    if has_path_parameters:
        statuses.add(404)
    for status in sorted(statuses):
        responses[str(status)] = {
            "description": PROBLEMS[status],
            "content": {PROBLEM_TYPE: {"schema": _ref("Problem")}},
        }
    return responses


def described_rules(app):
    """The rules of the api blueprint whose views declare an @operation (all but UNDESCRIBED should:
    tests/api/test_openapi.py walks the URL map for any that does not)."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        and rule.endpoint not in UNDESCRIBED
        and hasattr(app.view_functions[rule.endpoint], "openapi")
    ]


def _paths(app) -> dict:
    paths: dict[str, dict] = {}
    for rule in sorted(described_rules(app), key=lambda rule: rule.rule):
        view = app.view_functions[rule.endpoint]
        spec: Operation = view.openapi
        path, path_parameters = _path(rule)
        query = openapi_parameters(*spec.parameters)
        summary, _, description = (view.__doc__ or "").strip().partition("\n")
        paths.setdefault(path, {})["get"] = {
            "operationId": rule.endpoint.removeprefix("api."),
            "summary": summary.strip(),
            "description": description.strip() or summary.strip(),
            "tags": [spec.tag],
            "parameters": path_parameters + query,
            "responses": _responses(spec, bool(path_parameters)),
        }
    return paths


def _feature_schemas(schemas: dict) -> dict:
    """Items (JSON: properties and geometry) and features (GeoJSON) of each kind, and their lists."""
    found = {}
    for kind in KINDS:
        properties = schemas[f"{kind}Properties"]
        found[f"{kind}Item"] = properties | {
            "properties": properties["properties"] | {"geometry": _ref("Geometry")},
            "required": [*properties["required"], "geometry"],
        }
    any_item = {"anyOf": [_ref(f"{kind}Item") for kind in KINDS]}
    any_properties = {"anyOf": [_ref(f"{kind}Properties") for kind in KINDS]}
    found["Feature"] = {
        "type": "object",
        "properties": {
            "type": {"const": "Feature"},
            "id": {"type": "integer"},
            "geometry": _ref("Geometry"),
            "properties": any_properties,
        },
        "required": ["type", "id", "geometry", "properties"],
        "additionalProperties": False,
    }
    page = {
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "links": _ref("Links"),
    }
    for name, members in (
        ("ItemList", {"items": {"type": "array", "items": any_item}}),
        (
            "FeatureList",
            {
                "type": {"const": "FeatureCollection"},
                "features": {"type": "array", "items": _ref("Feature")},
            },
        ),
    ):
        properties = members | page
        found[name] = {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }
    return found


def openapi_document(app) -> dict:
    """The OpenAPI 3.1 document of the JSON API."""
    schemas = components()
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "zwk-network JSON API",
            "version": "1",
            "description": (
                "Public data of the registry: approved initiatives and meeting places, the needs and "
                "conferences, regions and Kommunen; search, the map's view and matching. Only what is "
                "public; contact data only where its owner agreed. Errors are RFC 9457 problem details."
            ),
        },
        "servers": [{"url": site_url("api.index").removesuffix("/api/")}],
        "externalDocs": {"description": "OGC API – Features", "url": site_url("ogc.landing")},
        "paths": _paths(app),
        "components": {"schemas": schemas | _feature_schemas(schemas)},
    }


def current_document() -> dict:
    return openapi_document(current_app)
