"""The mini-map of a detail page: where an initiative, place, need or conference is."""

from flask_babel import gettext as _
from shapely.geometry import Point

from ..conferences.models import Conference
from ..entries import kind_of
from ..geo.geojson import to_geometry
from ..needs.location import need_geometry
from ..needs.models import Need
from ..registry.models import Initiative, MeetingPlace
from .builders import mini_map
from .embed import MapEmbed, embed


def detail_map(entry) -> MapEmbed | None:
    """A mini-map for an entry, or None when it has no location (the page then shows none)."""
    geometry, kind, name = _where(entry)
    if geometry is None:
        return None
    theme = entry.theme_slugs[0] if getattr(entry, "theme_slugs", None) else ""
    labels = {"zoomIn": _("Vergrößern"), "zoomOut": _("Verkleinern")}
    options = {"name": name, "theme": theme, "labels": labels}
    label = _("Karte: Lage von „%(name)s“", name=name)
    return embed(mini_map(geometry, kind, options), label, css_class="mini-map")


def point_map(lon: float, lat: float, kind: str, name: str) -> MapEmbed:
    """A mini-map of a point not stored yet (the registration's check step)."""
    labels = {"zoomIn": _("Vergrößern"), "zoomOut": _("Verkleinern")}
    options = {"name": name, "theme": "", "labels": labels}
    label = _("Karte: Lage von „%(name)s“", name=name)
    return embed(mini_map(Point(lon, lat), kind, options), label, css_class="mini-map")


def _where(entry):
    if isinstance(entry, Need):
        return need_geometry(entry), "need", entry.title
    if isinstance(entry, Conference):
        return to_geometry(entry.location), "place", entry.display_venue or entry.title
    assert isinstance(entry, Initiative | MeetingPlace)
    return to_geometry(entry.location), kind_of(entry).type, entry.name
