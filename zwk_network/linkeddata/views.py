"""The DCAT-AP.de catalogue (/dcat: Turtle or JSON-LD by the Accept header, or /dcat.ttl and
/dcat.jsonld) and the downloads it names (/daten/<kommune>/<kind>.geojson and .csv)."""

import json

from flask import Blueprint, Response, request

from ..errors import NotFound
from .dcat import PREFIXES, catalogue_graph
from .services import dataset_features, features_csv, features_geojson

bp = Blueprint("linkeddata", __name__)

#: Serialisations of the catalogue: media type -> (rdflib format, file suffix).
FORMATS = {"text/turtle": ("turtle", "ttl"), "application/ld+json": ("json-ld", "jsonld")}
SUFFIXES = {suffix: media_type for media_type, (_, suffix) in FORMATS.items()}
DOWNLOAD_TYPES = {"geojson": "application/geo+json", "csv": "text/csv"}


@bp.get("/dcat")
def catalogue():
    """The catalogue in the format the client asks for (Turtle unless it prefers JSON-LD)."""
    media_type = request.accept_mimetypes.best_match(list(FORMATS), default="text/turtle")
    response = _catalogue_response(media_type)
    response.vary.add("Accept")
    return response


@bp.get("/dcat.<suffix>")
def catalogue_file(suffix: str):
    """The catalogue as Turtle (/dcat.ttl) or JSON-LD (/dcat.jsonld)."""
    if suffix not in SUFFIXES:
        raise NotFound(f"catalogue format {suffix[:20]}")
    return _catalogue_response(SUFFIXES[suffix])


@bp.get("/daten/<kommune>/<collection>.<fmt>")
def download(kommune: str, collection: str, fmt: str):
    """One Kommune's public entries of one kind, as GeoJSON or CSV (a distribution of its dataset)."""
    if fmt not in DOWNLOAD_TYPES:
        raise NotFound(f"download format {fmt[:20]}")
    found, features = dataset_features(kommune, collection)
    if fmt == "geojson":
        body = json.dumps(features_geojson(features), ensure_ascii=False)
    else:
        body = features_csv(features)
    response = Response(body.encode("utf-8"), content_type=f"{DOWNLOAD_TYPES[fmt]}; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{found.slug}-{collection}.{fmt}"'
    return response


def _catalogue_response(media_type: str) -> Response:
    rdf_format, _suffix = FORMATS[media_type]
    graph = catalogue_graph()
    if rdf_format == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        text = graph.serialize(format="json-ld", context=context, indent=1)
    else:
        text = graph.serialize(format="turtle")
    return Response(text.encode("utf-8"), content_type=f"{media_type}; charset=utf-8")
