"""The gap overview of a Kommune: its needs on a map, red where no one addresses them yet."""

import html

from flask_babel import gettext as _

from ..geo.geojson import feature, feature_collection
from ..maps.builders import gap_map
from ..maps.embed import MapEmbed, embed
from ..maps.layers import view_bounds
from .services import gaps_of_kommune, need_profile


def gap_overview(slug: str) -> tuple[list, MapEmbed | None]:
    results = gaps_of_kommune(slug)
    features = []
    for need, result in results:
        geometry = need_profile(need).geometry
        if geometry is None:
            continue
        state = _("Versorgungslücke") if result.gap else _("abgedeckt")
        # Folium's tooltips insert text as HTML: escape it here.
        label = html.escape(
            f"{need.title} ({need.region.name if need.region else need.kommune.name}): {state}"
        )
        features.append(feature(geometry, {"gap": result.gap, "label": label}, feature_id=need.id))
    bounds = view_bounds()["kommune"].get(slug)
    if not features or bounds is None:
        return results, None
    folium_map = gap_map(feature_collection(features), bounds)
    return results, embed(
        folium_map, _("Karte der Bedarfe: rot Versorgungslücken, grün abgedeckt"), "mini-map"
    )
