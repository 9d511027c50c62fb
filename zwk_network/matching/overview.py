"""The gap overview of a Kommune: its needs on a map, red where no one addresses them yet."""

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
        label = f"{need.title} ({need.region.name if need.region else need.kommune.name}): {state}"
        properties = {"label": label, "style": "gap" if result.gap else "covered"}
        features.append((geometry.area, feature(geometry, properties, feature_id=need.id)))
    bounds = view_bounds()["kommune"].get(slug)
    if not features or bounds is None:
        return results, None
    # Larger areas first: a need of one village stays on top of its region's, so it can be pointed at.
    features.sort(key=lambda pair: -pair[0])
    folium_map = gap_map(feature_collection([f for _area, f in features]), bounds)
    return results, embed(
        folium_map, _("Karte der Bedarfe: rot Versorgungslücken, grün abgedeckt"), "mini-map"
    )
