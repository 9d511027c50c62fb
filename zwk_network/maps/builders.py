"""Our maps, built with folium: the public map, mini-maps on detail pages, the location picker.

Each map gets our self-hosted assets per instance (never folium's CDN defaults, and never by
changing folium's class attributes, which every other map in the process would share), our
tile server, and `map.js`, which adds what folium cannot do: data loaded per view, popups
built from escaped text, German control labels, the picker's behaviour.
"""

import html

import folium
from branca.element import MacroElement
from flask import current_app, url_for
from flask_babel import gettext as _
from folium.elements import JSCSSMixin
from folium.template import Template
from shapely.geometry.base import BaseGeometry

from ..geo.geojson import geometry_to_geojson
from .assets import leaflet_css, leaflet_js, markercluster_css, markercluster_js

MINI_MAP_ZOOM = 13
PICKER_ZOOM = 12
REGION_STYLE = {"color": "#1b3a5c", "weight": 2, "opacity": 0.8, "fill": True, "fillOpacity": 0.03}
NEED_AREA_STYLE = {"color": "#8a1c4a", "weight": 2, "dashArray": "6 4", "fillOpacity": 0.08}


class MapBehaviour(JSCSSMixin, MacroElement):
    """Calls zwkMaps.<kind>(map, options) from static/js/map.js once folium built the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            zwkMaps.{{ this.kind }}({{ this._parent.get_name() }}, {{ this.options|tojson }}, {
              {%- for name, layer in this.layers.items() %}
                {{ name|tojson }}: {{ layer.get_name() }},
              {%- endfor %}
            });
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, options: dict, layers: dict | None = None, clustering: bool = False):
        super().__init__()
        self._name = "MapBehaviour"
        self.kind = kind
        self.options = options
        self.layers = layers or {}
        own_js, own_css = ("zwk_map", _static("js/map.js")), ("zwk_map_css", _static("css/map.css"))
        self.default_js = [*(markercluster_js() if clustering else []), own_js]
        self.default_css = [*(markercluster_css() if clustering else []), own_css]


def base_map(location: tuple[float, float] | None = None, zoom: int = 9, **options) -> folium.Map:
    """A folium map with our assets and tile server (location is lat, lon as Leaflet wants)."""
    config = current_app.config
    folium_map = folium.Map(
        location=location, zoom_start=zoom, tiles=None, zoom_control=False, control_scale=True, **options
    )
    folium_map.default_js = leaflet_js()  # per instance: folium.Map's own list is left alone
    folium_map.default_css = leaflet_css()
    folium.TileLayer(
        tiles=config["TILE_URL"], attr=config["TILE_ATTRIBUTION"], name=_("Karte"), max_zoom=19, control=False
    ).add_to(folium_map)
    return folium_map


def public_map(regions: dict, need_areas: dict, options: dict) -> folium.Map:
    """The map of /karte: region boundaries, need areas, and entries loaded per view by map.js."""
    folium_map = base_map()
    regions_layer = folium.GeoJson(
        regions, name=_("Regionen"), style_function=lambda _f: REGION_STYLE, interactive=False, control=False
    ).add_to(folium_map)
    needs_layer = folium.GeoJson(
        need_areas,
        name=_("Bedarfe"),
        style_function=lambda _f: NEED_AREA_STYLE,
        interactive=False,
        control=False,
    ).add_to(folium_map)
    layers = {"regions": regions_layer, "needAreas": needs_layer}
    MapBehaviour("publicMap", options, layers, clustering=True).add_to(folium_map)
    return folium_map


GAP_STYLE = {"color": "#b01c1c", "weight": 3, "fillOpacity": 0.25, "fillColor": "#b01c1c"}
COVERED_STYLE = {
    "color": "#2b7a1f",
    "weight": 2,
    "fillOpacity": 0.12,
    "fillColor": "#2b7a1f",
    "dashArray": "4 4",
}


def gap_map(needs: dict, bounds: list) -> folium.Map:
    """Needs by whether anyone addresses them: red areas are gaps, dashed green ones are covered.

    `needs` is a FeatureCollection whose features carry `gap` and an HTML-escaped `label`."""
    folium_map = base_map(scroll_wheel_zoom=False)
    folium.GeoJson(
        needs,
        name=_("Bedarfe"),
        control=False,
        style_function=lambda feature: GAP_STYLE if feature["properties"]["gap"] else COVERED_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(folium_map)
    MapBehaviour(
        "miniMap", {"bounds": bounds, "labels": {"zoomIn": _("Vergrößern"), "zoomOut": _("Verkleinern")}}
    ).add_to(folium_map)
    return folium_map


LINK_COLOURS = {"vorgeschlagen": "#6b6b00", "kontaktiert": "#1f5fa8", "in_zusammenarbeit": "#2b7a1f",
                "beendet": "#555555"}  # fmt: skip


def network_map(links, bounds: list) -> folium.Map:
    """Needs and the actors connected to them, joined by lines coloured by the connection's state.

    Names are escaped here: folium's tooltips insert their text as HTML."""
    folium_map = base_map(scroll_wheel_zoom=False)
    seen = set()
    for link in links:
        folium.PolyLine(
            [(link.need.lat, link.need.lon), (link.entry.lat, link.entry.lon)],
            color=LINK_COLOURS.get(link.status, "#555555"),
            weight=3,
            tooltip=html.escape(f"{link.need.name} – {link.entry.name}"),
        ).add_to(folium_map)
        for node in (link.need, link.entry):
            if (node.kind, node.id) in seen:
                continue
            seen.add((node.kind, node.id))
            icon = folium.DivIcon(
                html=f'<span class="marker-shape shape-{node.kind}" aria-hidden="true"></span>',
                icon_size=(24, 24),
                icon_anchor=(12, 12),
                class_name="zwk-marker",
            )
            folium.Marker(
                (node.lat, node.lon), icon=icon, tooltip=html.escape(node.name), keyboard=False
            ).add_to(folium_map)
    labels = {"zoomIn": _("Vergrößern"), "zoomOut": _("Verkleinern")}
    MapBehaviour("miniMap", {"bounds": bounds, "labels": labels}).add_to(folium_map)
    return folium_map


def mini_map(geometry: BaseGeometry, kind: str, options: dict | None = None) -> folium.Map:
    """A small map of one entry: its point as a marker, or its area as an outline."""
    folium_map = base_map(scroll_wheel_zoom=False)
    layers = {}
    if geometry.geom_type != "Point":
        style = NEED_AREA_STYLE if kind == "need" else REGION_STYLE
        layers["area"] = folium.GeoJson(
            geometry_to_geojson(geometry), style_function=lambda _f: style, interactive=False, control=False
        ).add_to(folium_map)
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    behaviour = {"point": [point.y, point.x], "kind": kind, "zoom": MINI_MAP_ZOOM, **(options or {})}
    MapBehaviour("miniMap", behaviour, layers).add_to(folium_map)
    return folium_map


def picker_map(options: dict) -> folium.Map:
    """The location picker: click or drag a marker, or choose a town; fields hold lat and lon."""
    folium_map = base_map()
    MapBehaviour("picker", {"zoom": PICKER_ZOOM, **options}).add_to(folium_map)
    return folium_map


def _static(filename: str) -> str:
    return url_for("static", filename=filename)
