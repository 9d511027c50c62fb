"""Writes seed_data/regions.geojson: APPROXIMATE region boundaries, drawn by hand.

No official boundaries were available when this was written. The Landkreis Rostock outline is a
coarse polygon around its towns with the kreisfreie Hansestadt Rostock cut out, split into four
regions so that each conference venue named in the press text lies in its named region. The
Göltzschtal towns are Voronoi cells around the town centres. Replace them with official data:
    flask --app zwk_network import regions OFFICIAL.geojson --kommune landkreis-rostock
"""

import json
from pathlib import Path

from shapely.geometry import MultiPoint, MultiPolygon, Polygon, box, mapping
from shapely.ops import voronoi_diagram

SEED_DIR = Path(__file__).resolve().parent.parent
SOURCE = (
    "Näherung (von Hand gezeichnet, keine amtliche Grenze); "
    "durch amtliche Grenzen ersetzen mit 'flask import regions'"
)

LANDKREIS_OUTLINE = Polygon(
    [
        (11.52, 54.02),
        (11.56, 54.10),
        (11.62, 54.13),
        (11.72, 54.16),
        (11.85, 54.17),
        (11.96, 54.19),
        (12.05, 54.23),
        (12.15, 54.26),
        (12.25, 54.28),
        (12.33, 54.27),
        (12.38, 54.22),
        (12.45, 54.15),
        (12.55, 54.10),
        (12.70, 54.06),
        (12.82, 54.02),
        (12.88, 53.95),
        (12.85, 53.85),
        (12.78, 53.75),
        (12.70, 53.65),
        (12.55, 53.58),
        (12.40, 53.55),
        (12.25, 53.55),
        (12.10, 53.60),
        (11.98, 53.66),
        (11.85, 53.72),
        (11.75, 53.78),
        (11.65, 53.86),
        (11.55, 53.94),
    ]
)
ROSTOCK_CITY = Polygon(
    [
        (12.00, 54.06),
        (12.04, 54.19),
        (12.10, 54.20),
        (12.16, 54.22),
        (12.20, 54.16),
        (12.19, 54.08),
        (12.16, 54.05),
        (12.06, 54.05),
    ]
)
QUADRANTS = {
    ("nord-west", "Region Nord-West"): box(11.0, 53.95, 12.10, 54.5),
    ("sued-west", "Region Süd-West"): Polygon([(11.0, 53.0), (12.22, 53.0), (12.22, 53.95), (11.0, 53.95)]),
    ("nord-ost", "Region Nord-Ost"): box(12.10, 53.99, 13.5, 54.5),
    ("sued-ost", "Region Süd-Ost"): Polygon(
        [
            (12.22, 53.0),
            (13.5, 53.0),
            (13.5, 53.99),
            (12.10, 53.99),
            (12.10, 53.95),
            (12.22, 53.95),
        ]
    ),
}
GOELTZSCHTAL_TOWNS = {
    ("auerbach", "Auerbach/Vogtl."): (12.400, 50.510),
    ("rodewisch", "Rodewisch"): (12.415, 50.531),
    ("falkenstein", "Falkenstein/Vogtl."): (12.368, 50.478),
    ("ellefeld", "Ellefeld"): (12.396, 50.474),
}


def landkreis_rostock_regions():
    district = LANDKREIS_OUTLINE.difference(ROSTOCK_CITY)
    for (slug, name), quadrant in QUADRANTS.items():
        yield "landkreis-rostock", slug, name, district.intersection(quadrant)


def goeltzschtal_regions():
    centres = MultiPoint(list(GOELTZSCHTAL_TOWNS.values()))
    outline = centres.buffer(0.045).convex_hull
    cells = voronoi_diagram(centres, envelope=outline.envelope)
    for (slug, name), centre in GOELTZSCHTAL_TOWNS.items():
        cell = next(c for c in cells.geoms if c.contains(MultiPoint([centre]).geoms[0]))
        yield "goeltzschtal", slug, name, cell.intersection(outline)


def main():
    features = []
    for kommune, slug, name, geometry in [*landkreis_rostock_regions(), *goeltzschtal_regions()]:
        if geometry.geom_type == "Polygon":
            geometry = MultiPolygon([geometry])
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(json.dumps(mapping(geometry.simplify(0.0005)))),
                "properties": {
                    "kommune": kommune,
                    "slug": slug,
                    "name": name,
                    "approximate": True,
                    "source": SOURCE,
                },
            }
        )
    path = SEED_DIR / "regions.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(features)} regions to {path}")


if __name__ == "__main__":
    main()
