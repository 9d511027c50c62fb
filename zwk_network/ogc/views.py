"""OGC API – Features routes at /ogc/: parse, call the services, answer as JSON or HTML."""

from flask import Blueprint, Response, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from ..api.problems import PROBLEM_TYPE_BASE, http_error_problem, problem
from ..api.schemas import collection_properties
from ..errors import DomainError, InvalidInput, NotFound
from ..links import site_url
from .collections import BY_ID, COLLECTIONS, Collection
from .crs import CRS84, STORAGE_CRS, SUPPORTED
from .openapi import GEOJSON, OPENAPI_MEDIA_TYPE, openapi_document
from .services import collection_extent, find_features, get_feature, parse_crs, parse_items_request

bp = Blueprint("ogc", __name__, url_prefix="/ogc")

#: Exactly what is implemented (clients send filters a class promises).
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
)
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
JSON, HTML, SCHEMA = "application/json", "text/html", "application/schema+json"


@bp.errorhandler(DomainError)
def handle_domain_error(error: DomainError):
    """Bad parameters and filters: 400 with the reasons in German; unknown things: 404."""
    if isinstance(error, InvalidInput):
        title, kind = _("Ungültige Anfrage"), PROBLEM_TYPE_BASE + "invalid-parameters"
        detail = "; ".join(f"{name}: {reason}" for name, reason in error.errors.items())
        members = {"errors": error.errors}
    else:
        title, kind, members = _("Nicht gefunden"), PROBLEM_TYPE_BASE + "notfound", {}
        detail = _("Diese Sammlung oder dieses Objekt gibt es nicht (oder es ist nicht öffentlich).")
    if _wants_html():
        errors = error.errors if isinstance(error, InvalidInput) else {}
        return render_template(
            "errors/error.html", status=error.status, title=title, errors=errors
        ), error.status
    return problem(error.status, title, detail, kind, **members)


@bp.errorhandler(HTTPException)
def handle_http_error(error: HTTPException):
    return http_error_problem(error)


@bp.get("/", strict_slashes=False)
def landing():
    """The landing page: links to the API definition, the conformance declaration and the collections."""
    body = {
        "title": _("Zukunftswerkstatt Kommunen – offene Geodaten"),
        "description": _(
            "Initiativen, Begegnungsorte, Bedarfe, Konferenzen und Regionen als OGC API – Features, "
            "für QGIS, GDAL und andere GIS-Programme."
        ),
        "links": [
            *_self_links("ogc.landing"),
            _link("ogc.api", "service-desc", OPENAPI_MEDIA_TYPE, _("Die Schnittstelle als OpenAPI 3.0")),
            _link("ogc.api", "service-doc", HTML, _("Die Schnittstelle beschrieben (HTML)"), f="html"),
            _link("ogc.conformance", "conformance", JSON, _("Umgesetzte Konformitätsklassen")),
            _link("ogc.collections", "data", JSON, _("Die Sammlungen")),
        ],
    }
    return _answer(body, "ogc/landing.html")


@bp.get("/api")
def api():
    """The OpenAPI 3.0 definition (as HTML: its paths, for people)."""
    _only_parameters("f")
    return _answer(openapi_document(), "ogc/api.html", media_type=OPENAPI_MEDIA_TYPE)


@bp.get("/conformance")
def conformance():
    """The conformance classes this API implements."""
    return _answer({"conformsTo": list(CONFORMANCE)}, "ogc/conformance.html")


@bp.get("/collections")
def collections():
    """Every collection with its extent, CRS and links."""
    _only_parameters("f")
    body = {
        "links": _self_links("ogc.collections"),
        "crs": list(SUPPORTED),
        "collections": [_describe(c) for c in COLLECTIONS],
    }
    return _answer(body, "ogc/collections.html")


@bp.get("/collections/<collection_id>")
def collection(collection_id: str):
    """One collection."""
    _only_parameters("f")
    return _answer(_describe(_collection(collection_id)), "ogc/collection.html")


@bp.get("/collections/<collection_id>/queryables")
def queryables(collection_id: str):
    """What the collection's features may be filtered by, as a JSON Schema (Part 3)."""
    found = _collection(collection_id)
    schema = _json_schema(found, "ogc.queryables", additional=False)
    return _answer(schema, "ogc/queryables.html", media_type=SCHEMA, collection=found)


@bp.get("/collections/<collection_id>/schema")
def schema(collection_id: str):
    """The schema of the features: every property typed and titled, with its allowed values."""
    found = _collection(collection_id)
    schema = _json_schema(found, "ogc.schema", additional=True)
    schema["properties"] |= collection_properties(found.id)
    return _answer(
        schema,
        "ogc/queryables.html",
        media_type=SCHEMA,
        collection=found,
    )


@bp.get("/collections/<collection_id>/items")
def items(collection_id: str):
    """The collection's public features, filtered and paged."""
    found = _collection(collection_id)
    parsed = parse_items_request(found, request.args)
    page = find_features(found, parsed)
    body = {
        "type": "FeatureCollection",
        "links": _page_links(found, page),
        "numberMatched": page.number_matched,
        "numberReturned": len(page.features),
        "features": page.features,
    }
    response = _answer(body, "ogc/items.html", media_type=GEOJSON, collection=found, page=page)
    response.headers["Content-Crs"] = f"<{parsed.crs}>"
    return response


@bp.get("/collections/<collection_id>/items/<feature_id>")
def item(collection_id: str, feature_id: str):
    """One public feature."""
    found = _collection(collection_id)
    _only_parameters("f", "crs")
    errors: dict[str, str] = {}
    crs = parse_crs(request.args, "crs", errors)
    if errors:
        raise InvalidInput(errors)
    feature = get_feature(found, feature_id, crs)
    feature["links"] = [
        _link("ogc.item", "self", GEOJSON, feature_id, collection_id=found.id, feature_id=feature_id),
        _link("ogc.collection", "collection", JSON, str(found.title), collection_id=found.id),
    ]
    if found.page_endpoint:
        page = site_url(found.page_endpoint, **{found.page_argument: feature["id"]})
        feature["links"].append(
            {"href": page, "rel": "alternate", "type": HTML, "title": _("Seite des Eintrags")}
        )
    response = _answer(feature, "ogc/item.html", media_type=GEOJSON, collection=found)
    response.headers["Content-Crs"] = f"<{crs}>"
    return response


@bp.route("/<path:unknown>")
def not_found(unknown: str):
    """Any other path under /ogc: a problem answer (404)."""
    raise NotFound(unknown[:80])


def _collection(collection_id: str) -> Collection:
    found = BY_ID.get(collection_id)
    if found is None:
        raise NotFound(collection_id[:80])
    return found


def _only_parameters(*names: str) -> None:
    unknown = {name[:40]: _("unbekannter Parameter") for name in request.args if name not in names}
    if unknown:
        raise InvalidInput(unknown)


def _describe(collection: Collection) -> dict:
    extent = collection_extent(collection)
    links = [
        _link("ogc.collection", "self", JSON, str(collection.title), collection_id=collection.id),
        _link(
            "ogc.collection", "alternate", HTML, str(collection.title), collection_id=collection.id, f="html"
        ),
        _link("ogc.items", "items", GEOJSON, _("Die Objekte"), collection_id=collection.id),
        _link("ogc.items", "items", HTML, _("Die Objekte"), collection_id=collection.id, f="html"),
        _link(
            "ogc.queryables",
            QUERYABLES_REL,
            SCHEMA,
            _("Filterbare Eigenschaften"),
            collection_id=collection.id,
        ),
        _link("ogc.schema", "describedby", SCHEMA, _("Schema der Objekte"), collection_id=collection.id),
    ]
    description = {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "crs": list(SUPPORTED),
        "storageCrs": STORAGE_CRS,
        "links": links,
    }
    if extent is not None:
        description["extent"] = {"spatial": {"bbox": [extent], "crs": CRS84}}
    return description


def _json_schema(collection: Collection, endpoint: str, additional: bool) -> dict:
    properties = {"geometry": {"format": collection.geometry_format, "title": _("Ort oder Fläche")}}
    for queryable in collection.queryables:
        properties[queryable.name] = queryable.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site_url(endpoint, collection_id=collection.id),
        "type": "object",
        "title": str(collection.title),
        "properties": properties,
        "additionalProperties": additional,
    }


def _page_links(collection: Collection, page) -> list[dict]:
    args = {k: v for k, v in request.args.items() if k not in ("offset", "f")}
    links = [
        _link(
            "ogc.items",
            "self",
            GEOJSON,
            _("Diese Seite"),
            collection_id=collection.id,
            **args,
            offset=page.offset,
        ),
        _link(
            "ogc.items",
            "alternate",
            HTML,
            _("Diese Seite"),
            collection_id=collection.id,
            **args,
            offset=page.offset,
            f="html",
        ),
        _link("ogc.collection", "collection", JSON, str(collection.title), collection_id=collection.id),
    ]
    if page.has_next:
        after = page.offset + page.limit
        links.append(
            _link(
                "ogc.items",
                "next",
                GEOJSON,
                _("Nächste Seite"),
                collection_id=collection.id,
                **args,
                offset=after,
            )
        )
    if page.has_prev:
        before = max(0, page.offset - page.limit)
        links.append(
            _link(
                "ogc.items",
                "prev",
                GEOJSON,
                _("Vorige Seite"),
                collection_id=collection.id,
                **args,
                offset=before,
            )
        )
    return links


def _link(endpoint: str, rel: str, media_type: str, title: str, **values) -> dict:
    return {"href": site_url(endpoint, **values), "rel": rel, "type": media_type, "title": title}


def _self_links(endpoint: str) -> list[dict]:
    return [
        _link(endpoint, "self", JSON, _("Diese Seite")),
        _link(endpoint, "alternate", HTML, _("Diese Seite als HTML"), f="html"),
    ]


def _wants_html() -> bool:
    fmt = request.args.get("f")
    if fmt in ("json", "geojson"):
        return False
    if fmt == "html":
        return True
    best = request.accept_mimetypes.best_match([JSON, GEOJSON, HTML])
    return best == HTML and request.accept_mimetypes[HTML] > request.accept_mimetypes[JSON]


def _answer(body: dict, template: str, media_type: str = JSON, **context) -> Response:
    fmt = request.args.get("f")
    if fmt not in (None, "json", "geojson", "html"):
        raise InvalidInput({"f": _("muss json oder html sein")})
    if _wants_html():
        return Response(render_template(template, body=body, **context), mimetype=HTML)
    response = jsonify(body)
    response.content_type = media_type
    return response
