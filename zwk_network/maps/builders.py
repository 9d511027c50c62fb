"""Our maps, built with folium: the public map, mini-maps on detail pages, the location picker.

folium builds the frame of each map: the Leaflet map, our tile server, and our self-hosted
assets per instance (never folium's CDN defaults, and never by changing folium's class
attributes, which every other map in the process would share). Everything drawn from data –
boundaries, areas, lines, markers, their names – is given to `map.js` as JSON data beside the
map (see behaviour.MapBehaviour): folium's templates never see a value that came from a person.

folium is imported with the first map a worker draws, not with the views: it compiles ~46 Jinja
templates on import, half a second of every worker's start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _
from shapely.geometry.base import BaseGeometry

from ..geo.geojson import geometry_to_geojson
from .assets import leaflet_css, leaflet_js

if TYPE_CHECKING:
    import folium

MINI_MAP_ZOOM = 13
PICKER_ZOOM = 12
REGION_STYLE = {"color": "#1b3a5c", "weight": 2, "opacity": 0.8, "fill": True, "fillOpacity": 0.03}
NEED_AREA_STYLE = {"color": "#8a1c4a", "weight": 2, "dashArray": "6 4", "fillOpacity": 0.08}
IDEA_STYLE = {"radius": 7, "color": "#5a2d82", "weight": 2, "fillColor": "#ffffff", "fillOpacity": 1}


def geojson_layer(
    data: dict,
    style: dict,
    interactive: bool = False,
    tooltip: str | None = None,
    styles: dict | None = None,
    link: str | None = None,
) -> dict:
    """A GeoJSON layer for map.js to draw: its data, its style, and the property it names on hover.

    With `styles`, a feature whose property "style" names one of them is drawn in that style.
    Points are drawn as circles when the style has a radius; with `link`, choosing one opens the
    address in that property (a path of this site). map.js sets the tooltip as text (never as
    HTML), so properties need no escaping here."""
    return {
        "data": data,
        "style": style,
        "styles": styles or {},
        "interactive": interactive,
        "tooltip": tooltip,
        "link": link,
    }


#: config.py's default attribution: the one an English page can say in English.
OSM_ATTRIBUTION = "© OpenStreetMap-Mitwirkende"


def tile_attribution() -> str:
    """The tile server's attribution: the default one in the interface language, an installation's own
    (ZWK_TILE_ATTRIBUTION) as configured."""
    configured = current_app.config["TILE_ATTRIBUTION"]
    return _("© OpenStreetMap-Mitwirkende") if configured == OSM_ATTRIBUTION else configured


def base_map(location: tuple[float, float] | None = None, zoom: int = 9, **options) -> folium.Map:
    """A folium map with our assets and tile server (location is lat, lon as Leaflet wants)."""
    import folium

    config = current_app.config
    folium_map = folium.Map(
        location=location, zoom_start=zoom, tiles=None, zoom_control=False, control_scale=False, **options
    )
    folium_map.default_js = leaflet_js()  # per instance: folium.Map's own list is left alone
    folium_map.default_css = leaflet_css()
    folium.TileLayer(
        tiles=config["TILE_URL"], attr=tile_attribution(), name=_("Karte"), max_zoom=19, control=False
    ).add_to(folium_map)
    return folium_map


def public_map(regions: dict, need_areas: dict, ideas: dict, options: dict) -> folium.Map:
    """The map of /karte: region boundaries, need areas, residents' published ideas, and entries
    loaded per view by map.js."""
    folium_map = base_map()
    layers = {
        "regions": geojson_layer(regions, REGION_STYLE),
        "needAreas": geojson_layer(need_areas, NEED_AREA_STYLE),
        "ideas": geojson_layer(ideas, IDEA_STYLE, interactive=True, tooltip="label", link="url"),
    }
    _behaviour("publicMap", {**options, "layers": layers}, clustering=True).add_to(folium_map)
    return folium_map


GAP_STYLE = {"color": "#b01c1c", "weight": 3, "fillOpacity": 0.25, "fillColor": "#b01c1c"}
PARTLY_STYLE = {
    "color": "#8a5a00",
    "weight": 2,
    "fillOpacity": 0.2,
    "fillColor": "#d08c00",
    "dashArray": "2 4",
}
COVERED_STYLE = {
    "color": "#2b7a1f",
    "weight": 2,
    "fillOpacity": 0.12,
    "fillColor": "#2b7a1f",
    "dashArray": "4 4",
}


def gap_map(needs: dict, bounds: list) -> folium.Map:
    """Needs by whether anyone addresses them: red areas are gaps, dotted orange ones partly covered
    (some Gemeinden reach no answer), dashed green ones are covered.

    `needs` is a FeatureCollection whose features carry a plain-text `label` and `style` "gap",
    "partly" or "covered"; later features are drawn on top."""
    folium_map = base_map(scroll_wheel_zoom=False)
    styles = {"gap": GAP_STYLE, "partly": PARTLY_STYLE, "covered": COVERED_STYLE}
    layers = {"needs": geojson_layer(needs, COVERED_STYLE, interactive=True, tooltip="label", styles=styles)}
    options = {"bounds": bounds, "layers": layers, "labels": _zoom_labels()}
    _behaviour("miniMap", options).add_to(folium_map)
    return folium_map


LINK_COLOURS = {
    "vorgeschlagen": "#6b6b00",
    "kontaktiert": "#1f5fa8",
    "in_zusammenarbeit": "#2b7a1f",
    "beendet": "#555555",
}


def network_map(links, bounds: list) -> folium.Map:
    """Needs and the actors connected to them, joined by lines coloured by the connection's state."""
    folium_map = base_map(scroll_wheel_zoom=False)
    lines, nodes, seen = [], [], set()
    for link in links:
        lines.append(
            {
                "points": [[link.need.lat, link.need.lon], [link.entry.lat, link.entry.lon]],
                "colour": LINK_COLOURS.get(link.status, "#555555"),
                "label": f"{link.need.name} – {link.entry.name}",
            }
        )
        for node in (link.need, link.entry):
            if (node.kind, node.id) not in seen:
                seen.add((node.kind, node.id))
                nodes.append({"point": [node.lat, node.lon], "kind": node.kind, "name": node.name})
    options = {"bounds": bounds, "lines": lines, "nodes": nodes, "labels": _zoom_labels()}
    _behaviour("networkMap", options).add_to(folium_map)
    return folium_map


def mini_map(geometry: BaseGeometry, kind: str, options: dict | None = None) -> folium.Map:
    """A small map of one entry: its point as a marker, or its area as an outline."""
    folium_map = base_map(scroll_wheel_zoom=False)
    layers = {}
    if geometry.geom_type != "Point":
        style = NEED_AREA_STYLE if kind == "need" else REGION_STYLE
        layers["area"] = geojson_layer(geometry_to_geojson(geometry), style)
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    behaviour = {
        "point": [point.y, point.x],
        "kind": kind,
        "zoom": MINI_MAP_ZOOM,
        "layers": layers,
        **(options or {}),
    }
    _behaviour("miniMap", behaviour).add_to(folium_map)
    return folium_map


def picker_map(options: dict) -> folium.Map:
    """The location picker: click or drag a marker, or choose a town; fields hold lat and lon."""
    folium_map = base_map()
    _behaviour("picker", {"zoom": PICKER_ZOOM, **options}).add_to(folium_map)
    return folium_map


def _zoom_labels() -> dict:
    return {"zoomIn": _("Vergrößern"), "zoomOut": _("Verkleinern")}


def _behaviour(kind: str, options: dict, clustering: bool = False):
    from .behaviour import MapBehaviour

    return MapBehaviour(kind, options, clustering)
