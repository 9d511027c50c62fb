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
    with_area: bool = False  # an area can be drawn too (its GeoJSON goes into the field "area")

    def field_id(self, name: str) -> str:
        return f"{self.prefix}-{name}"


def location_picker(
    prefix: str, label: str | None = None, town_field_id: str | None = None, with_area: bool = False
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
    if with_area:
        options |= {
            "areaField": f"{prefix}-area",
            "drawButton": f"{prefix}-draw",
            "finishButton": f"{prefix}-finish",
            "clearButton": f"{prefix}-clear",
        }
        options["labels"] |= {
            "drawing": _("Klicken Sie nacheinander auf die Ecken der Fläche, dann auf „Fläche fertig“."),
            "tooFewPoints": _("Eine Fläche braucht mindestens drei Ecken."),
            "areaSet": _("Fläche gesetzt."),
            "areaCleared": _("Fläche entfernt."),
        }
    label = label or _("Karte zum Wählen eines Ortes")
    folium_map = picker_map(options)
    return LocationPicker(prefix, embed(folium_map, label, css_class="picker-map"), town_field_id, with_area)
