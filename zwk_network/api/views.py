"""API routes: thin wrappers that parse parameters, call services and serialize."""

from dataclasses import asdict

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from ..conferences.services import get_conference, list_conferences
from ..errors import DomainError, InvalidInput, NotFound
from ..links import site_url
from ..listing import LIST_PARAMETERS, Page, parse_list_filters
from ..maps.features import MAP_PARAMETERS, map_features
from ..matching.services import DEFAULT_LIMIT, MAX_LIMIT, match_url, matches_for_need
from ..municipalities.services import (
    GAZETTEER_QUERY,
    find_gazetteer_places,
    get_kommune,
    get_region,
    list_kommunen,
    list_regions,
)
from ..needs.services import get_need, list_needs
from ..parameters import Choice, Integer
from ..registry.models import Initiative, MeetingPlace
from ..registry.services import get_public_listing, list_public_listings
from ..search.limits import limit_text_searches
from ..search.services import SEARCH_PARAMETERS, hit_url, search_entries
from ..serialize import gazetteer_properties, kommune_properties, to_feature
from .openapi import current_document, operation
from .problems import domain_error_problem, http_error_problem

bp = Blueprint("api", __name__, url_prefix="/api")
GEOJSON = "application/geo+json"
FORMAT = Choice(
    "format",
    "json (the default) or geojson; without it, an Accept of application/geo+json asks for GeoJSON.",
    values=("json", "geojson"),
)
LIMIT = Integer("limit", "How many matches at most.", 1, MAX_LIMIT, DEFAULT_LIMIT)
#: The parameters of a list, and of one item.
LIST = (*LIST_PARAMETERS, FORMAT)


@bp.errorhandler(DomainError)
def handle_domain_error(error):
    return domain_error_problem(error)


@bp.errorhandler(HTTPException)
def handle_http_error(error):
    return http_error_problem(error)


@bp.get("/")
@operation(schema={"type": "object", "additionalProperties": {"type": "string"}}, tag="Übersicht")
def index():
    """Links to every collection."""
    names = (
        "initiatives",
        "places",
        "needs",
        "conferences",
        "regions",
        "kommunen",
        "search",
        "map_data",
        "gazetteer",
    )
    return jsonify({name: site_url(f"api.{name}") for name in names})


@bp.get("/initiatives")
@operation(parameters=LIST, kind="Initiative", many=True)
def initiatives():
    """Approved initiatives, filtered and paged (JSON or GeoJSON)."""
    return _page_response(
        list_public_listings(Initiative, parse_list_filters(request.args)), "api.initiatives"
    )


@bp.get("/initiatives/<int:entry_id>")
@operation(parameters=(FORMAT,), kind="Initiative")
def initiative(entry_id):
    """One approved initiative (404 for any other)."""
    return _item_response(get_public_listing(Initiative, entry_id))


@bp.get("/places")
@operation(parameters=LIST, kind="Place", many=True)
def places():
    """Approved meeting places, filtered and paged (JSON or GeoJSON)."""
    return _page_response(list_public_listings(MeetingPlace, parse_list_filters(request.args)), "api.places")


@bp.get("/places/<int:entry_id>")
@operation(parameters=(FORMAT,), kind="Place")
def place(entry_id):
    """One approved meeting place (404 for any other)."""
    return _item_response(get_public_listing(MeetingPlace, entry_id))


@bp.get("/needs")
@operation(parameters=LIST, kind="Need", many=True)
def needs():
    """The needs named at the conferences, filtered and paged (JSON or GeoJSON)."""
    return _page_response(list_needs(parse_list_filters(request.args)), "api.needs")


@bp.get("/needs/<int:need_id>")
@operation(parameters=(FORMAT,), kind="Need")
def need(need_id):
    """One need."""
    return _item_response(get_need(need_id))


@bp.get("/conferences")
@operation(parameters=LIST, kind="Conference", many=True)
def conferences():
    """The conferences, in the order they took place, filtered and paged."""
    return _page_response(list_conferences(parse_list_filters(request.args)), "api.conferences")


@bp.get("/conferences/<int:conference_id>")
@operation(parameters=(FORMAT,), kind="Conference")
def conference(conference_id):
    """One conference."""
    return _item_response(get_conference(conference_id))


@bp.get("/regions")
@operation(parameters=LIST, kind="Region", many=True)
def regions():
    """The regions (of one Kommune with `kommune`), with their boundaries."""
    filters = parse_list_filters(request.args)
    items = list_regions(filters.kommune)
    return _page_response(Page(items, len(items), 1, max(1, len(items))), "api.regions")


@bp.get("/regions/<int:region_id>")
@operation(parameters=(FORMAT,), kind="Region")
def region(region_id):
    """One region with its boundary."""
    return _item_response(get_region(region_id))


@bp.get("/kommunen")
@operation(schema="Kommunen")
def kommunen():
    """Every Kommune of the installation."""
    items = [kommune_properties(k) for k in list_kommunen()]
    return jsonify({"items": items, "total": len(items)})


@bp.get("/kommunen/<slug>")
@operation(schema="KommuneProperties")
def kommune(slug):
    """One Kommune."""
    return jsonify(kommune_properties(get_kommune(slug)))


@bp.get("/needs/<int:need_id>/matches")
@operation(parameters=(LIMIT,), schema="MatchesAnswer", tag="Abgleich")
def need_matches(need_id):
    """Approved initiatives and places that could address a need, ranked, with reasons; and gap."""
    limit = _limit(request.args)
    need, result = matches_for_need(need_id, limit)
    return jsonify(
        {
            "need": {
                "id": need.id,
                "title": need.title,
                "kommune": need.kommune.slug,
                "region": need.region.slug if need.region else None,
                "themes": need.theme_slugs,
                "target_groups": need.target_group_slugs,
            },
            "gap": result.gap,
            "gap_reasons": result.reasons,
            "candidates_in_reach": result.candidates_in_reach,
            "help_kinds": result.help_kinds,
            "help_kinds_suggested": result.help_kinds_suggested,
            "coverage": _coverage(result),
            "matches": [match | {"url": match_url(match)} for match in map(asdict, result.matches)],
        }
    )


def _coverage(result) -> dict | None:
    """How many of the need's Gemeinden the candidates reach, and which have no offer."""
    if result.coverage is None:
        return None
    reached, total = result.coverage
    return {"gemeinden_reached": reached, "gemeinden": total, "without_offer": result.uncovered}


def _limit(args) -> int:
    errors: dict[str, str] = {}
    message = _("muss eine ganze Zahl von 1 bis %(max)s sein", max=LIMIT.maximum)
    limit = LIMIT.parse(args, errors, message)
    if errors:
        raise InvalidInput(errors)
    return limit


@bp.get("/map")
@operation(parameters=MAP_PARAMETERS, schema="MapAnswer", media_type=GEOJSON, tag="Suche")
def map_data():
    """What the map shows in a view: points or clusters, with the search's parameters + bbox, zoom."""
    response = jsonify(map_features(request.args))
    response.content_type = GEOJSON
    return response


@bp.get("/gazetteer")
@operation(parameters=(GAZETTEER_QUERY,), schema="Gazetteer", tag="Suche")
def gazetteer():
    """Towns whose name starts with `q` (for the location picker), with their points."""
    places = find_gazetteer_places(request.args)
    return jsonify({"results": [gazetteer_properties(place) for place in places]})


@bp.get("/search")
@operation(parameters=SEARCH_PARAMETERS, schema="SearchAnswer", problems=(429,), tag="Suche")
@limit_text_searches
def search():
    """Full-text and geo search over initiatives, places, needs and conferences, with facets."""
    page = search_entries(request.args)
    result = page.result
    return jsonify(
        {
            "total": result.total,
            "notices": page.notices,
            "page": page.filters.page,
            "per_page": page.filters.per_page,
            "pages": page.pages,
            "suggestion": result.suggestion,
            "fuzzy": result.fuzzy,
            "facets": {
                "type": result.facets["type"],
                "theme": result.facets["theme"],
                "target_group": result.facets["target_group"],
                "help_kind": result.facets["help_kind"],
                "region": {
                    page.region_names[rid][0]: count
                    for rid, count in result.facets["region"].items()
                    if rid in page.region_names
                },
            },
            "results": [
                {
                    "type": hit.type,
                    "id": hit.entry_id,
                    "name": hit.name,
                    "score": hit.score,
                    "distance_km": hit.distance_km,
                    "snippet": hit.snippet,
                    "url": hit_url(hit),
                    "town": hit.town or None,
                    "demo": hit.demo,
                    "partial": hit.partial,
                }
                for hit in result.hits
            ],
        }
    )


@bp.get("/openapi.json")
@operation(schema={"type": "object", "required": ["openapi", "paths"]}, tag="Übersicht")
def openapi():
    """This description of the API (OpenAPI 3.1)."""
    return jsonify(current_document())


@bp.get("/docs")
@operation(schema={"type": "string"}, media_type="text/html", tag="Übersicht")
def docs():
    """The API's description as a page to read."""
    return render_template("api/docs.html", document=current_document())


@bp.route("/<path:unknown>")
def not_found(unknown):
    """Any other path under /api: a problem answer (404), never an HTML page."""
    raise NotFound(f"no API resource at /api/{unknown}")


def _wants_geojson() -> bool:
    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in FORMAT.allowed():
            raise InvalidInput({"format": _("muss json oder geojson sein")})
        return fmt == "geojson"
    best = request.accept_mimetypes.best_match(["application/json", GEOJSON])
    return (
        best == GEOJSON and request.accept_mimetypes[GEOJSON] > request.accept_mimetypes["application/json"]
    )


def _page_response(page: Page, endpoint: str):
    features = []
    for item in page.items:
        entry = item[0] if isinstance(item, tuple) else item
        feature = to_feature(entry)
        if isinstance(item, tuple):  # a point was given: the distance, or null without a geometry
            feature["properties"]["distance_km"] = item[1]
        features.append(feature)
    meta = {
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "links": _links(page, endpoint),
    }
    if _wants_geojson():
        response = jsonify({"type": "FeatureCollection", "features": features, **meta})
        response.content_type = GEOJSON
        return response
    items = [{**f["properties"], "geometry": f["geometry"]} for f in features]
    return jsonify({"items": items, **meta})


def _links(page: Page, endpoint: str) -> dict:
    args = request.args.to_dict()
    links = {"self": site_url(endpoint, **{**args, "page": page.page})}
    if page.has_next:
        links["next"] = site_url(endpoint, **{**args, "page": page.page + 1})
    if page.has_prev:
        links["prev"] = site_url(endpoint, **{**args, "page": page.page - 1})
    return links


def _item_response(entry):
    feature = to_feature(entry)
    if _wants_geojson():
        response = jsonify(feature)
        response.content_type = GEOJSON
        return response
    return jsonify({**feature["properties"], "geometry": feature["geometry"]})
