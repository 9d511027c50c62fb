"""Writes seed_data/gazetteer.csv from a researched gazetteer (see seed_data/GAZETTEER.md).

Input: a CSV with name,kind,gemeinde,amt,postcode,lat,lon,ags,source (postcode may list several,
separated by ";"). The seed's own hand-placed towns that the research does not contain stay, marked
as approximations; Hansestadt Rostock is added as the neighbouring city people name (it is not part
of the Landkreis, so it belongs to no Kommune of the registry).

Usage: python seed_data/tools/merge_gazetteer.py RESEARCHED.csv
"""

import csv
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "gazetteer.csv"
HAND = "von Hand genähert (Ortsmitte)"
ROSTOCK = {
    "name": "Rostock",
    "kind": "Stadt",
    "gemeinde": "Hansestadt Rostock",
    "postcode": "18055",
    "postcodes": "18055 18057 18059 18069 18106 18107 18109 18119 18146 18147",
    "kommune": "",
    "lat": "54.0887",
    "lon": "12.1405",
    "source": "Nachbarstadt, kreisfrei; Stadtmitte (Neuer Markt), genähert",
}
COLUMNS = ["name", "kind", "gemeinde", "postcode", "postcodes", "kommune", "lat", "lon", "source"]


def main(researched: str) -> None:
    with SEED.open(encoding="utf-8") as file:
        hand = list(csv.DictReader(file))
    rows = []
    with open(researched, encoding="utf-8") as file:
        for row in csv.DictReader(file):
            codes = [code.strip() for code in row["postcode"].split(";") if code.strip()]
            rows.append(
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "gemeinde": row["gemeinde"],
                    "postcode": codes[0] if codes else "",
                    "postcodes": " ".join(codes),
                    "kommune": "goeltzschtal" if float(row["lat"]) < 51 else "landkreis-rostock",
                    "lat": row["lat"],
                    "lon": row["lon"],
                    "source": row["source"],
                }
            )
    known = {(row["name"], row["kommune"]) for row in rows}
    for row in hand:
        if (row["name"], row["kommune"]) not in known:
            postcodes = row.get("postcodes") or row["postcode"]
            rows.append(
                {
                    **row,
                    "gemeinde": row.get("gemeinde") or "",
                    "postcodes": postcodes,
                    "source": row.get("source") or HAND,
                }
            )
    if not any(row["name"] == "Rostock" for row in rows):
        rows.append(ROSTOCK)
    rows.sort(key=lambda row: (row["kommune"], row["name"]))
    with SEED.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    print(f"{len(rows)} places written to {SEED}")


if __name__ == "__main__":
    main(sys.argv[1])
