"""Writes N synthetic initiatives with German texts over Mecklenburg-Vorpommern (import CSV).

Usage: python bench/generate.py N OUT.csv [--seed S]
Most entries cluster around towns, the rest spread over the state, like a real registry.
All are marked demo data.
"""

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "zwk_network" / "seed_data" / "tools"))
from demo_texts import INITIATIVE_TEMPLATES

# (town, lat, lon): larger towns of Mecklenburg-Vorpommern, approximate centres.
TOWNS = [
    ("Rostock", 54.09, 12.13),
    ("Schwerin", 53.63, 11.41),
    ("Neubrandenburg", 53.56, 13.26),
    ("Stralsund", 54.31, 13.09),
    ("Greifswald", 54.09, 13.38),
    ("Wismar", 53.89, 11.46),
    ("Güstrow", 53.79, 12.18),
    ("Waren", 53.52, 12.68),
    ("Neustrelitz", 53.36, 13.06),
    ("Parchim", 53.43, 11.85),
    ("Ludwigslust", 53.33, 11.50),
    ("Anklam", 53.86, 13.69),
    ("Pasewalk", 53.51, 13.99),
    ("Bergen auf Rügen", 54.42, 13.43),
    ("Teterow", 53.78, 12.57),
    ("Bad Doberan", 54.11, 11.91),
    ("Bützow", 53.85, 11.99),
    ("Demmin", 53.91, 13.04),
    ("Ribnitz-Damgarten", 54.24, 12.43),
    ("Grevesmühlen", 53.86, 11.19),
    ("Malchin", 53.74, 12.76),
    ("Hagenow", 53.43, 11.19),
    ("Wolgast", 54.05, 13.77),
    ("Ueckermünde", 53.74, 14.04),
]
LAND_BBOX = (10.9, 53.2, 14.2, 54.5)  # lon/lat; the generator stays on land-ish ground
HEADER = [
    "name",
    "kind",
    "summary",
    "description",
    "themes",
    "target_groups",
    "town",
    "opening_times",
    "service_radius_km",
    "source",
    "demo",
    "lat",
    "lon",
]


def rows(count: int, rng: random.Random):
    for number in range(1, count + 1):
        name, kind, themes, groups, summary, description, rhythm = rng.choice(INITIATIVE_TEMPLATES)
        if rng.random() < 0.75:
            town, lat, lon = rng.choice(TOWNS)
            lat += rng.gauss(0, 0.08)
            lon += rng.gauss(0, 0.12)
        else:
            town = "Landgemeinde"
            lon = rng.uniform(LAND_BBOX[0], LAND_BBOX[2])
            lat = rng.uniform(LAND_BBOX[1], LAND_BBOX[3])
        yield [
            f"{name.format(town=town)} {number}",
            kind,
            summary,
            description,
            ";".join(themes),
            ";".join(groups),
            town,
            rhythm,
            rng.choice([5, 10, 15, 25]),
            "Synthetische Benchmark-Daten",
            "true",
            f"{lat:.5f}",
            f"{lon:.5f}",
        ]


def write(count: int, path: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(count, rng))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    write(arguments.count, arguments.out, arguments.seed)
    print(f"wrote {arguments.count} synthetic initiatives to {arguments.out}")
