"""The public map page: the shared view in the URL, the list for no-JS, the map's options."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..entries import entry_kind
from ..errors import InvalidInput
from ..geo.geojson import point_coordinates, to_geometry
from ..geo.germany import leaflet_bounds
from ..municipalities.gazetteer import place_label
from ..municipalities.services import list_kommunen, list_regions
from ..search.services import RADIUS_CHOICES_KM, SearchPage, search_page_or_problems
from ..taxonomy import THEMES
from .builders import public_map
from .embed import MapEmbed, embed
from .features import MAP_TYPES, POINT_LIMIT
from .layers import need_areas, region_boundaries, resident_ideas, view_bounds

IGNORED = ("view", "lat", "lon")  # the view is the map's; a point has no field on this page


@dataclass
class MapView:
    """A shared view: `view=zoom/lat/lon` in the query string, like other map sites."""

    zoom: int
    lat: float
    lon: float


@dataclass
class PublicMapPage:
    search: SearchPage  # the first entries as a list: what the page shows without JavaScript
    selected_types: tuple[str, ...]
    types = MAP_TYPES  # what the map can show
    map: MapEmbed
    kommunen: list
    regions: list
    problems: dict  # parameter -> what is wrong with it (the page says so above the map)
    radius_choices: tuple[int, ...] = RADIUS_CHOICES_KM


def public_map_page(args: MultiDict, embedded: bool = False) -> PublicMapPage:
    """The map page; parameters that cannot be used are said on the page, which keeps its form.
    Embedded (widget.py), the map leaves the page's address alone."""
    problems = {}
    try:
        view = parse_view(args.get("view"))
    except InvalidInput as error:
        view, problems = None, dict(error.errors)
    # The map's place is its place field: a point (lat/lon) has no field here, so the page, the map
    # and the map's requests would not agree on it.
    search_args = MultiDict([(key, value) for key, value in args.items(multi=True) if key not in IGNORED])
    selected = tuple(t for value in args.getlist("type") for t in value.split(",") if t)
    if not selected:
        search_args.setlist("type", list(MAP_TYPES))
    search, search_problems = search_page_or_problems(search_args)
    problems |= search_problems
    options = _options(view) | {
        "place": searched_place(search),
        "problems": bool(problems),
        "embedded": embedded,
    }
    folium_map = public_map(region_boundaries(), need_areas(), resident_ideas(), options)
    return PublicMapPage(
        search=search,
        selected_types=selected or MAP_TYPES,
        map=embed(folium_map, _("Karte der Initiativen, Begegnungsorte und Bedarfe")),
        kommunen=list_kommunen(),
        regions=list_regions(search.filters.kommune),
        problems=problems,
    )


def searched_place(search: SearchPage) -> dict | None:
    """Where the search measures from (the place field, or a place in the words) and how far: the map
    centres there and draws the radius. None without a place, or when the place could not be used."""
    if search.place_in_text is not None:  # „Jugendclub Güstrow“: nearby first, no radius
        lon, lat = point_coordinates(to_geometry(search.place_in_text.location))
        return {"lat": lat, "lon": lon, "radiusKm": None, "name": place_label(search.place_in_text)}
    if search.filters.point is None:
        return None
    lon, lat = search.filters.point
    lookup = search.filters.place
    name = lookup.label if lookup is not None else None
    return {"lat": lat, "lon": lon, "radiusKm": search.filters.radius_km, "name": name}


def parse_view(value: str | None) -> MapView | None:
    if not value:
        return None
    try:
        zoom, lat, lon = value.split("/")
        view = MapView(zoom=int(zoom), lat=float(lat), lon=float(lon))
    except ValueError:
        view = None
    if view is None or not (0 <= view.zoom <= 20 and -85 <= view.lat <= 85 and -180 <= view.lon <= 180):
        raise InvalidInput(
            {"view": _("Die geteilte Kartenansicht ist unvollständig; die Karte zeigt die Übersicht.")}
        )
    return view


def _options(view: MapView | None) -> dict:
    bounds = view_bounds()
    return {
        "dataUrl": url_for("api.map_data"),
        "view": [view.lat, view.lon, view.zoom] if view else None,
        "home": home_bounds(bounds),
        "bounds": bounds,
        "pointLimit": POINT_LIMIT,
        "labels": _labels(),
    }


def home_bounds(bounds: dict) -> list:
    """Where a map opens without a view: the first Kommune (in list order), else Germany."""
    for kommune in list_kommunen():
        if kommune.slug in bounds["kommune"]:
            return bounds["kommune"][kommune.slug]
    return leaflet_bounds()


def _labels() -> dict:
    return {
        "types": {kind: str(entry_kind(kind).label) for kind in MAP_TYPES},
        "themes": {slug: str(label) for slug, label in THEMES.items()},
        "zoomIn": _("Vergrößern"),
        "zoomOut": _("Verkleinern"),
        "loading": _("Lade Einträge …"),
        "error": _("Die Einträge konnten nicht geladen werden."),
        "countOne": _("1 Eintrag im Kartenausschnitt"),
        "countMany": _("{n} Einträge im Kartenausschnitt"),
        "countNone": _(
            "Keine Einträge im Kartenausschnitt. Verschieben oder verkleinern Sie die Karte,"
            " oder ändern Sie die Filter."
        ),
        "listFirst": _("Die ersten {n} nach Name:"),
        "cluster": _("{n} Einträge hier – zum Vergrößern auswählen"),
        "more": _("Alle {n} als Liste anzeigen"),
        "locating": _("Ihr Standort wird ermittelt …"),
        "located": _("Karte auf Ihren Standort gesetzt."),
        "locateFailed": _("Ihr Standort konnte nicht ermittelt werden."),
        "yourPosition": _("Ihr Standort"),
        "demo": _("Beispieldaten"),
        "markerPicked": _("Gewählter Ort"),
        "pickerSet": _("Ort gesetzt: {lat}, {lon}"),
        "distance": _("{km} entfernt"),
    }
