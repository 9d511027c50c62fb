"""Writes the demo initiatives and meeting places (Beispieldaten) as import-format GeoJSON.

Deterministic: the same towns, templates and random seed give the same files.
"""

import csv
import json
import random
import re
import unicodedata
from pathlib import Path

from demo_texts import INITIATIVE_TEMPLATES, MEETING_PLACE_TEMPLATES

SEED_DIR = Path(__file__).resolve().parent.parent
DEMO_SOURCE = "Beispieldaten (erfunden) für die Demonstration von zwk-network"
CONTACT_PARTS = ["website", "email", "contact_person", "phone"]
FIRST_NAMES = ["Anke", "Jens", "Birgit", "Maik", "Sabine", "Torsten", "Katrin", "Uwe", "Petra"]
LAST_NAMES = ["Schröder", "Möller", "Krüger", "Lange", "Wendt", "Voß", "Peters", "Brandt"]


def slugify(text: str) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def towns():
    with open(SEED_DIR / "gazetteer.csv", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["kind"] != "Ortsteil"]


def jitter(rng, row, km=1.2):
    lat = float(row["lat"]) + rng.uniform(-km, km) / 111.2
    lon = float(row["lon"]) + rng.uniform(-km, km) / 65.0
    return round(lon, 5), round(lat, 5)


def contact(rng, name):
    domain = slugify(name)[:40] + ".example"
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    published = [part for part in CONTACT_PARTS if rng.random() < 0.6] or ["website"]
    return {
        "contact_person": person,
        "email": f"kontakt@{domain}",
        "phone": f"0{rng.randint(3800, 3899)} {rng.randint(100000, 999999)}",
        "website": f"https://www.{domain}/",
        "publish": ";".join(published),
    }


def initiative_features(rng):
    features = []
    all_towns = towns()
    rostock = [t for t in all_towns if t["kommune"] == "landkreis-rostock"]
    vogtland = [t for t in all_towns if t["kommune"] == "goeltzschtal"]
    plan = [(rostock[i % len(rostock)], i) for i in range(64)]
    plan += [(vogtland[i % len(vogtland)], i + 7) for i in range(8)]
    for town, index in plan:
        name, kind, themes, groups, summary, description, rhythm = INITIATIVE_TEMPLATES[
            (index * 7 + len(town["name"])) % len(INITIATIVE_TEMPLATES)
        ]
        features.append(
            _feature(
                rng,
                town,
                name.format(town=town["name"]),
                {
                    "kind": kind,
                    "themes": themes,
                    "target_groups": groups,
                    "summary": summary,
                    "description": description,
                    "opening_times": rhythm,
                    "service_radius_km": rng.choice([5, 10, 15, 25]),
                },
            )
        )
    return features


def place_features(rng):
    features = []
    all_towns = towns()
    for index, town in enumerate(all_towns[::2][:18]):
        name, kind, themes, groups, summary, rooms, capacity, step_free = MEETING_PLACE_TEMPLATES[
            index % len(MEETING_PLACE_TEMPLATES)
        ]
        features.append(
            _feature(
                rng,
                town,
                name.format(town=town["name"]),
                {
                    "kind": kind,
                    "themes": themes,
                    "target_groups": groups,
                    "summary": summary,
                    "description": summary + " Die Räume können von Initiativen genutzt werden; "
                    "bitte rechtzeitig anfragen.",
                    "rooms": rooms,
                    "capacity": capacity,
                    "step_free": step_free,
                    "accessibility_notes": "Eingang ebenerdig, barrierefreies WC"
                    if step_free
                    else "Eingang mit zwei Stufen, Hilfe auf Anfrage",
                },
            )
        )
    return features


def _feature(rng, town, name, extra):
    lon, lat = jitter(rng, town)
    properties = {
        "name": name,
        **extra,
        "town": town["name"],
        "postcode": town["postcode"] or None,
        **contact(rng, name),
        "kommune": town["kommune"],
        "source": DEMO_SOURCE,
        "demo": True,
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def write(name, features):
    path = SEED_DIR / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(features)} features to {path}")


if __name__ == "__main__":
    rng = random.Random(20230223)
    write("demo_initiatives.geojson", initiative_features(rng))
    write("demo_meeting_places.geojson", place_features(rng))
