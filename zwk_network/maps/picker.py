"""The location picker: a map to click or drag a marker on, a town field, and lat/lon fields.

Forms render it with `partials/location_picker.html`; without JavaScript the lat/lon fields
are plain inputs, with it the map and the town lookup (/api/gazetteer) fill them in.
"""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from .builders import picker_map
from .embed import MapEmbed, embed
from .layers import view_bounds
from .public import home_bounds


@dataclass
class LocationPicker:
    prefix: str  # the id prefix of its fields, unique on the page
    map: MapEmbed
    town_field_id: str | None = None  # a town field of the form itself, else the picker has its own

    def field_id(self, name: str) -> str:
        return f"{self.prefix}-{name}"


def location_picker(
    prefix: str, label: str | None = None, town_field_id: str | None = None
) -> LocationPicker:
    ids = {name: f"{prefix}-{name}" for name in ("lat", "lon", "town", "towns", "status")}
    if town_field_id:
        ids["town"] = town_field_id
    options = {
        "latField": ids["lat"],
        "lonField": ids["lon"],
        "townField": ids["town"],
        "townList": ids["towns"],
        "statusField": ids["status"],
        "gazetteerUrl": url_for("api.gazetteer"),
        "home": home_bounds(view_bounds()),
        "labels": {
            "zoomIn": _("Vergrößern"),
            "zoomOut": _("Verkleinern"),
            "markerPicked": _("Gewählter Ort"),
            "pickerSet": _("Ort gesetzt: {lat}, {lon}"),
        },
    }
    label = label or _("Karte zum Wählen eines Ortes")
    folium_map = picker_map(options)
    return LocationPicker(prefix, embed(folium_map, label, css_class="picker-map"), town_field_id)
