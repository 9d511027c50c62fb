"""The gap overview of a Kommune: its needs on a map, red where no one addresses them yet, and per
target group how many needs are gaps."""

from dataclasses import dataclass

from flask_babel import gettext as _

from ..geo.geojson import feature, feature_collection
from ..maps.builders import gap_map
from ..maps.embed import MapEmbed, embed
from ..maps.layers import view_bounds
from ..needs.location import need_geometry
from ..taxonomy import TARGET_GROUPS
from .services import gaps_of_kommune


@dataclass
class GroupGaps:
    slug: str
    label: str
    needs: int = 0
    gaps: int = 0


def gaps_by_target_group(results) -> list[GroupGaps]:
    """Per target group (in the vocabulary's order), its open needs and how many of them are gaps."""
    rows = {slug: GroupGaps(slug, str(label)) for slug, label in TARGET_GROUPS.items()}
    for need, result in results:
        for slug in need.target_group_slugs:
            rows[slug].needs += 1
            rows[slug].gaps += result.gap
    return [row for row in rows.values() if row.needs]


def gap_overview(slug: str, target_group: str | None = None) -> tuple[list, list, MapEmbed | None]:
    """The open needs (of one target group, if given) with their matches, gaps first, their map, and
    the gaps per target group of all open needs."""
    every = gaps_of_kommune(slug)
    results = [
        (need, result)
        for need, result in every
        if not target_group or target_group in need.target_group_slugs
    ]
    return results, gaps_by_target_group(every), _gap_map(slug, results)


def _gap_map(slug: str, results) -> MapEmbed | None:
    features = []
    for need, result in results:
        geometry = need_geometry(need)
        if geometry is None:
            continue
        partly = not result.gap and result.coverage is not None and result.coverage[0] < result.coverage[1]
        style = "gap" if result.gap else "partly" if partly else "covered"
        state = {"gap": _("Versorgungslücke"), "partly": _("teilweise abgedeckt"), "covered": _("abgedeckt")}[
            style
        ]
        label = f"{need.title} ({need.region.name if need.region else need.kommune.name}): {state}"
        properties = {"label": label, "style": style}
        features.append((geometry.area, feature(geometry, properties, feature_id=need.id)))
    bounds = view_bounds()["kommune"].get(slug)
    if not features or bounds is None:
        return None
    # Larger areas first: a need of one village stays on top of its region's, so it can be pointed at.
    features.sort(key=lambda pair: -pair[0])
    folium_map = gap_map(feature_collection([f for _area, f in features]), bounds)
    return embed(
        folium_map,
        _("Karte der Bedarfe: rot Versorgungslücken, orange teilweise abgedeckt, grün abgedeckt"),
        "mini-map",
    )
