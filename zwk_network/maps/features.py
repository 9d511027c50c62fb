"""The map's data: the search's matches in a view, as points or server-side clusters.

The map asks with the parameters of /suche (q, type, theme, target_group, kommune, region,
near/lat/lon/radius_km) plus the visible `bbox` and the `zoom` level. Up to POINT_LIMIT
matches in view come as single points, which the browser clusters itself; beyond that they
come as grid clusters (see geo/clusters.py). A response holds at most POINT_LIMIT points or
clusters.MAX_CELLS clusters, whatever the number of entries, the view and the zoom: for a view
far larger than a screen the grid is coarser (`cluster_zoom` says which zoom it has).
Only public entries are in the search index.
"""

from functools import partial

from flask import url_for
from flask_babel import gettext as _

from ..entries import REGISTERED_MODELS, entry_url
from ..errors import InvalidInput
from ..geo.geojson import COORDINATE_DECIMALS, feature_collection
from ..needs.services import region_names_of_needs
from ..parameters import Integer
from ..registry.services import public_town_names
from ..search.backend import LocatedEntry, MapCluster
from ..search.engine import search_backend
from ..search.services import SEARCH_PARAMETERS, ParsedSearch, index_notices, parse_search

POINT_LIMIT = 1000
LIST_LENGTH = 20
MIN_ZOOM, MAX_ZOOM = 0, 20
#: What the map shows: located entries; conferences have their own pages and calendar.
MAP_TYPES = ("initiative", "place", "need")
#: Parameters that belong to the map view, not to the search (left out of "show as list" links).
VIEW_PARAMETERS = ("zoom", "view", "page", "per_page")
ZOOM = Integer(
    "zoom", "The map's zoom level: it decides points or clusters.", MIN_ZOOM, MAX_ZOOM, required=True
)
#: What map_features reads: the search's parameters (bbox is the view) and the zoom.
MAP_PARAMETERS = (*SEARCH_PARAMETERS, ZOOM)


def map_features(args) -> dict:
    """A GeoJSON FeatureCollection for the map, with `mode`, `total`, `cluster_zoom` (the zoom of the
    server's grid, null for points), `notices` (while the index is refilled) and an accessible `list`."""
    parsed = parse_search(args)
    zoom = _zoom(args)
    if not parsed.types:
        parsed.query.types = MAP_TYPES
    located = search_backend().map_view(parsed.query, zoom, detail_limit=POINT_LIMIT)
    if located.entries is not None:
        features, mode = _point_features(located.entries), "points"
    else:
        features, mode = [_cluster_feature(cluster) for cluster in located.clusters], "clusters"
    return feature_collection(
        features,
        mode=mode,
        total=located.total,
        cluster_zoom=located.cluster_zoom,
        notices=index_notices(),
        list=_accessible_list(args, parsed, features, located),
    )


def _zoom(args) -> int:
    errors: dict[str, str] = {}
    message = _("muss eine ganze Zahl von %(low)s bis %(high)s sein", low=ZOOM.minimum, high=ZOOM.maximum)
    zoom = ZOOM.parse(args, errors, message)
    if zoom is None or errors:
        raise InvalidInput({"zoom": message})
    return zoom


def _point_features(entries: list[LocatedEntry]) -> list[dict]:
    places = _place_names(entries)
    urls = _entry_urls({entry.type for entry in entries})
    return [
        _point(
            entry.lon,
            entry.lat,
            {
                "type": entry.type,
                "id": entry.entry_id,
                "name": entry.name,
                "themes": entry.themes,
                "place": places.get((entry.type, entry.entry_id)),
                "url": urls[entry.type](entry.entry_id),
                "demo": entry.demo,
            },
        )
        for entry in sorted(entries, key=lambda entry: entry.name.casefold())
    ]


def _entry_urls(kinds: set[str]) -> dict:
    """Per type the page of an entry as entry_url() builds it, built once: up to POINT_LIMIT
    url_for() calls cost more than the engine's whole answer."""
    sentinel = 987654321

    def of(kind: str):
        before, _sentinel, after = entry_url(kind, sentinel).rpartition(str(sentinel))
        return lambda entry_id: f"{before}{int(entry_id)}{after}"

    return {kind: of(kind) for kind in kinds}


def _place_names(entries: list[LocatedEntry]) -> dict[tuple[str, int], str]:
    """Where each entry is, in words: the town of an initiative or place, the region of a need."""
    ids = {kind: [entry.entry_id for entry in entries if entry.type == kind] for kind in MAP_TYPES}
    lookups = {kind: partial(public_town_names, model) for kind, model in REGISTERED_MODELS.items()}
    lookups["need"] = region_names_of_needs
    return {
        (kind, entry_id): name for kind in MAP_TYPES for entry_id, name in lookups[kind](ids[kind]).items()
    }


def _cluster_feature(cluster: MapCluster) -> dict:
    return _point(
        cluster.lon,
        cluster.lat,
        {
            "cluster": True,
            "count": cluster.count,
            "bbox": [round(value, COORDINATE_DECIMALS) for value in cluster.bbox],
            "types": cluster.counts_by_type,
        },
    )


def _point(lon: float, lat: float, properties: dict) -> dict:
    coordinates = [round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)]
    geometry = {"type": "Point", "coordinates": coordinates}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _accessible_list(args, parsed: ParsedSearch, features: list[dict], located) -> dict:
    """The first entries in view, as text: what the map shows, for everyone who cannot see it.
    By name; with a place, in the search's order (relevance or distance, as `sort` says), with distances."""
    if located.entries is not None and parsed.query.point is None:
        items = [
            {key: feature["properties"][key] for key in ("type", "name", "place", "url", "demo")}
            | {"distance_km": None}
            for feature in features[:LIST_LENGTH]
        ]
    else:
        parsed.query.page, parsed.query.per_page, parsed.query.facets = 1, LIST_LENGTH, False
        parsed.query.count = False  # the map's total is the list's
        hits = search_backend().search(parsed.query).hits
        items = [
            {
                "type": hit.type,
                "name": hit.name,
                "place": hit.town or None,
                "url": entry_url(hit.type, hit.entry_id),
                "demo": hit.demo,
                "distance_km": hit.distance_km,
            }
            for hit in hits
        ]
    search_args = {key: value for key, value in args.items(multi=True) if key not in VIEW_PARAMETERS}
    if not parsed.types:
        search_args["type"] = ",".join(MAP_TYPES)
    return {"items": items, "total": located.total, "more_url": url_for("search.search", **search_args)}
