"""Adds the Ortsteile listed in ortsteile_landkreis_rostock.txt to seed_data/gazetteer.csv.

Every Ortsteil gets the best point the open sources here have, and says which one it is:
1. a polling station in the village (Bundestagswahl 2017, Landeswahlleiterin M-V via
   michamilz/btw17-mv `mv.geojson.js`; the station's place must be the village's name),
2. the GeoNames postal-code place of that name (zauberware/postal-codes-json-xml-csv `data/DE.zip`,
   `zipcodes.de.csv`, CC BY 4.0),
3. otherwise the Gemeinde's own point (Destatis GV-ISys, as in gazetteer.csv) – NOT the village
   position, up to a few kilometres off; the source column says so.
Of same-named places the nearest to the Gemeinde's point is taken; a point farther than MAX_KM
from it, or outside the Landkreis' rough bounds, is rejected (the next source is tried) – unless it
is the only place of that name and within FLAG_KM: then it is kept and flagged in the source.
The postcode is the Gemeinde's when it has only one, else the GeoNames place's when it names one of
the Gemeinde's, else left empty. Rows already in the file
(same folded name and Gemeinde, see place_key) and the Gemeinde's own name are skipped; existing
rows are written back unchanged.

Usage: python seed_data/tools/add_ortsteile.py [--btw17 mv.geojson.js] [--geonames zipcodes.de.csv]
(without the two inputs every new point is the Gemeinde's; the files are not kept in the repository)
"""

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS.parent.parent))
from zwk_network.municipalities.gazetteer import place_key  # noqa: E402  (the look-up's own folding)

SEED = TOOLS.parent / "gazetteer.csv"
LIST = TOOLS / "ortsteile_landkreis_rostock.txt"
COLUMNS = ["name", "kind", "gemeinde", "postcode", "postcodes", "kommune", "lat", "lon", "source"]
KOMMUNE = "landkreis-rostock"
MAX_KM = 6.0
#: A point a little farther off is kept, and flagged, when it is the only place of that name in the
#: Landkreis (large Gemeinden that took in former Gemeinden: Diekhof in Laage, Bellin in Krakow am See).
FLAG_KM = 9.0
#: Landkreis Rostock, roughly (south-west and north-east corners).
BOUNDS = (53.55, 11.45, 54.30, 12.90)
BTW17 = (
    "btw17-wahllokal-approx (michamilz/btw17-mv mv.geojson.js; coordinates = polling station in that village)"
)
GEONAMES = "geonames-postal (zauberware/postal-codes-json-xml-csv data/DE.zip; CC BY 4.0)"
CENTRE = "Gemeinde-Mittelpunkt (Destatis GV-ISys, wie die Gemeinde) – NOT the village position"


def read_list(path: Path) -> list[dict]:
    """(amt, gemeinde, name, list_source) for every Ortsteil the list names."""
    items, amt, source = [], "", ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            amt = line[1:-1]
        elif line.startswith("source:"):
            source = line.removeprefix("source:").strip()
        else:
            gemeinde, names = line.split(":", 1)
            for name in (n.strip() for n in names.split(",")):
                if name:
                    items.append({"amt": amt, "gemeinde": gemeinde.strip(), "name": name, "list": source})
    return items


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def inside(lat: float, lon: float) -> bool:
    south, west, north, east = BOUNDS
    return south <= lat <= north and west <= lon <= east


def polling_stations(path: Path | None) -> dict[str, list[tuple[float, float, str]]]:
    """Folded place name -> [(lat, lon, "")] of the polling stations of the Landkreis (AGS 13072…)."""
    found = defaultdict(list)
    if path is None:
        return found
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
    for feature in data["features"]:
        if feature["properties"]["id"].startswith("13072"):
            place = feature["properties"]["name"].rsplit(",", 1)[-1].strip()
            lon, lat = feature["geometry"]["coordinates"]
            found[place_key(place)].append((lat, lon, ""))
    return found


def geonames_places(path: Path | None) -> dict[str, list[tuple[float, float, str]]]:
    """Folded place name -> [(lat, lon, postcode)] of the Landkreis (community code 13072)."""
    found = defaultdict(list)
    if path is None:
        return found
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["community_code"] == "13072":
                found[place_key(row["place"])].append(
                    (float(row["latitude"]), float(row["longitude"]), row["zipcode"])
                )
    return found


def choose_point(item, gemeinde_row, stations, geonames):
    """(lat, lon, point source, postcode from the point's source) for one Ortsteil."""
    glat, glon = float(gemeinde_row["lat"]), float(gemeinde_row["lon"])
    key = place_key(item["name"])
    for source, places in ((BTW17, stations.get(key, [])), (GEONAMES, geonames.get(key, []))):
        if not places:
            continue
        lat, lon, code = min(places, key=lambda p: km(glat, glon, p[0], p[1]))
        distance = km(glat, glon, lat, lon)
        if inside(lat, lon) and distance <= MAX_KM:
            return lat, lon, source, code
        if inside(lat, lon) and distance <= FLAG_KM and len(places) == 1:
            print(f"  flagged {item['name']} ({item['gemeinde']}): {source.split()[0]} {distance:.1f} km off")
            return lat, lon, f"{source} – {distance:.1f} km from the Gemeinde's point (flagged)", code
        print(
            f"  rejected {item['name']} ({item['gemeinde']}): {source.split()[0]} point {distance:.1f} km off"
        )
    return glat, glon, CENTRE, ""


def postcode_for(gemeinde_row, point_code: str) -> tuple[str, str]:
    codes = (gemeinde_row.get("postcodes") or gemeinde_row["postcode"]).split()
    if len(codes) == 1:
        return codes[0], "postcode = sole PLZ of the Gemeinde"
    if point_code and point_code in codes:
        return point_code, "postcode from GeoNames"
    return "", f"postcode unknown (the Gemeinde has {len(codes)}: {' '.join(codes)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--btw17", type=Path, help="michamilz/btw17-mv mv.geojson.js")
    parser.add_argument("--geonames", type=Path, help="zipcodes.de.csv from zauberware data/DE.zip")
    args = parser.parse_args()
    with SEED.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    gemeinden = {r["name"]: r for r in rows if r["kommune"] == KOMMUNE and r["kind"] in ("Stadt", "Gemeinde")}
    stations, geonames = polling_stations(args.btw17), geonames_places(args.geonames)
    known = {(place_key(r["name"]), r["gemeinde"]) for r in rows}
    added, per_amt, per_gemeinde, by_source = [], defaultdict(int), defaultdict(int), defaultdict(int)
    for item in read_list(LIST):
        gemeinde_row = gemeinden.get(item["gemeinde"])
        if gemeinde_row is None:
            sys.exit(f"unknown Gemeinde {item['gemeinde']!r} in {LIST.name}")
        key = (place_key(item["name"]), item["gemeinde"])
        if key in known or key[0] == place_key(item["gemeinde"]):
            continue
        known.add(key)
        lat, lon, point_source, point_code = choose_point(item, gemeinde_row, stations, geonames)
        postcode, postcode_note = postcode_for(gemeinde_row, point_code)
        added.append(
            {
                "name": item["name"],
                "kind": "Ortsteil",
                "gemeinde": item["gemeinde"],
                "postcode": postcode,
                "postcodes": postcode,
                "kommune": KOMMUNE,
                "lat": f"{lat:.5f}",
                "lon": f"{lon:.5f}",
                "source": f"{point_source}; {postcode_note}; Ortsteil list: {item['list']}",
            }
        )
        per_amt[item["amt"]] += 1
        per_gemeinde[item["gemeinde"]] += 1
        by_source[point_source.split(" ")[0]] += 1
    rows.extend(added)
    rows.sort(key=lambda row: (row["kommune"], row["name"]))
    with SEED.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    print(f"{len(added)} Ortsteile added, {len(rows)} places in {SEED.name}")
    print("points:", ", ".join(f"{source} {count}" for source, count in sorted(by_source.items())))
    for amt, count in per_amt.items():
        print(f"  {amt}: {count}")
    print("per Gemeinde:", ", ".join(f"{g} {n}" for g, n in sorted(per_gemeinde.items())))


if __name__ == "__main__":
    main()
