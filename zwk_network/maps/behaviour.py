"""What map.js starts on a folium map (zwkMaps.<kind>), as folium's element: the one element of
ours a map holds (maps/embed.py checks)."""

from branca.element import MacroElement
from flask import url_for
from folium.elements import JSCSSMixin
from folium.template import Template

from .assets import markercluster_css, markercluster_js


class MapBehaviour(JSCSSMixin, MacroElement):
    """Starts zwkMaps.<kind> from static/js/map.js once folium built the map.

    Its script names only the behaviour and the id of the page's JSON block. The options –
    every value that came from the database, layers included – never enter folium: branca
    compiles each element's rendered script once more as a Jinja template, so a name like
    `{{ 7*7 }}` would run on the server. They reach the page as data (`MapEmbed.data`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            zwkMaps.start({{ this.kind|tojson }}, {{ this._parent.get_name() }}, {{ this.data_id|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, options: dict, clustering: bool = False):
        super().__init__()
        if kind not in BEHAVIOURS:
            raise ValueError(f"unknown map behaviour: {kind}")
        self._name = "MapBehaviour"
        self.kind = kind
        self.options = options
        own_js, own_css = ("zwk_map", _static("js/map.js")), ("zwk_map_css", _static("css/map.css"))
        self.default_js = [*(markercluster_js() if clustering else []), own_js]
        self.default_css = [*(markercluster_css() if clustering else []), own_css]

    @property
    def data_id(self) -> str:
        return f"{self._parent.get_name()}-data"


#: What map.js can start (zwkMaps.<name>).
BEHAVIOURS = ("publicMap", "miniMap", "networkMap", "picker")


def _static(filename: str) -> str:
    return url_for("static", filename=filename)
