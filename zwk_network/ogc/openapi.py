"""The OpenAPI 3.0 definition of the OGC API, made from the collections and their queryables.

Clients read it: GDAL (and with it QGIS) learns from each items path's query parameters which
properties it may filter on at the server (`name=…`), instead of fetching every feature.
"""

from flask_babel import gettext as _

from ..links import site_url
from .collections import COLLECTIONS, Collection
from .crs import SUPPORTED
from .services import DEFAULT_LIMIT, MAX_LIMIT

OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"
GEOJSON = "application/geo+json"


def openapi_document() -> dict:
    paths = {
        "/": _get(_("Startseite der Schnittstelle"), "application/json"),
        "/conformance": _get(_("Die umgesetzten Konformitätsklassen"), "application/json"),
        "/collections": _get(_("Die Sammlungen"), "application/json"),
    }
    for collection in COLLECTIONS:
        base = f"/collections/{collection.id}"
        paths[base] = _get(_("Beschreibung der Sammlung %(id)s", id=collection.id), "application/json")
        paths[f"{base}/queryables"] = _get(
            _("Filterbare Eigenschaften (JSON Schema)"), "application/schema+json"
        )
        paths[f"{base}/schema"] = _get(_("Schema der Objekte (JSON Schema)"), "application/schema+json")
        paths[f"{base}/items"] = _items(collection)
        paths[f"{base}/items/{{featureId}}"] = _get(
            _("Ein Objekt"), GEOJSON, [_FEATURE_ID, {"$ref": "#/components/parameters/crs"}, _F]
        )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": _("zwk-network: OGC API – Features"),
            "version": "1.0.0",
            "description": _(
                "Initiativen, Begegnungsorte, Bedarfe, Konferenzen und Regionen der Zukunftswerkstatt "
                "Kommunen, nur freigegebene Einträge und öffentliche Angaben."
            ),
        },
        "servers": [{"url": site_url("ogc.landing").rstrip("/")}],
        "paths": paths,
        "components": {"parameters": _PARAMETERS, "schemas": {"exception": _PROBLEM}},
    }


_F = {
    "name": "f",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["json", "html"]},
}
_FEATURE_ID = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "integer"}}
_PARAMETERS = {
    "limit": {
        "name": "limit",
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    },
    "offset": {
        "name": "offset",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 0},
    },
    "bbox": {
        "name": "bbox",
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
    },
    "datetime": {"name": "datetime", "in": "query", "required": False, "schema": {"type": "string"}},
    "crs": {
        "name": "crs",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "format": "uri", "enum": list(SUPPORTED)},
    },
    "bbox-crs": {
        "name": "bbox-crs",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "format": "uri", "enum": list(SUPPORTED)},
    },
    "filter": {"name": "filter", "in": "query", "required": False, "schema": {"type": "string"}},
    "filter-lang": {
        "name": "filter-lang",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["cql2-text"], "default": "cql2-text"},
    },
    "filter-crs": {
        "name": "filter-crs",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "format": "uri", "enum": list(SUPPORTED)},
    },
}
_PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
}


def _items(collection: Collection) -> dict:
    parameters = [{"$ref": f"#/components/parameters/{name}"} for name in _PARAMETERS]
    for queryable in collection.queryables:
        schema = queryable.json_schema()
        schema.pop("title")
        parameters.append(
            {
                "name": queryable.name,
                "in": "query",
                "required": False,
                "description": str(queryable.title),
                "schema": schema,
            }
        )
    return _get(_("Die Objekte der Sammlung, gefiltert und seitenweise"), GEOJSON, [*parameters, _F])


def _get(summary: str, media_type: str, parameters: list | None = None) -> dict:
    operation = {
        "summary": summary,
        "parameters": parameters if parameters is not None else [_F],
        "responses": {
            "200": {"description": summary, "content": {media_type: {}, "text/html": {}}},
            "400": {
                "description": _("Ungültige Anfrage"),
                "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/exception"}}
                },
            },
            "404": {
                "description": _("Nicht gefunden"),
                "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/exception"}}
                },
            },
        },
    }
    return {"get": operation}
