"""Loads the seed data in seed_data/: facts from the project texts, and marked demo entries.

Idempotent: what is already there is left as it is, so running it twice changes nothing.
"""

import csv
import json
from datetime import date, time
from pathlib import Path

from sqlalchemy import select

from ..conferences.models import Conference
from ..conferences.services import place_conference
from ..exchange.importer import import_file
from ..extensions import db
from ..geo.geojson import point_element
from ..legal.seed import load_legal_texts
from ..municipalities.locator import Locator
from ..municipalities.models import GazetteerPlace, Kommune, ProjectPhase

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"
GAZETTEER_NOTE = "Koordinaten genähert (Ortsmitte, von Hand ermittelt)"


def load_seed(seed_dir: Path = SEED_DIR, echo=print) -> None:
    """Load everything in order; each step reports what it added."""
    echo(f"Kommunen: {_load_kommunen(seed_dir / 'kommunen.json')} neu")
    _report(echo, import_file(str(seed_dir / "regions.geojson"), "regions", skip_existing=True))
    echo(f"Ortsverzeichnis: {_load_gazetteer(seed_dir / 'gazetteer.csv')} neu")
    _report(echo, import_file(str(seed_dir / "meeting_places.geojson"), "places", skip_existing=True))
    echo(f"Konferenzen: {_load_conferences(seed_dir / 'conferences.json')} neu")
    for name, kind in (
        ("needs.geojson", "needs"),
        ("demo_meeting_places.geojson", "places"),
        ("demo_initiatives.geojson", "initiatives"),
    ):
        _report(echo, import_file(str(seed_dir / name), kind, skip_existing=True))
    echo(f"Rechtliche Texte (Muster): {load_legal_texts(seed_dir / 'legal')} neu")


def _report(echo, report) -> None:
    echo(report.summary())
    for problem in report.problems:
        echo(f"  {problem}")
    if not report.ok:
        raise SeedError(f"seed file {report.path} has problems")


class SeedError(RuntimeError):
    pass


def _load_kommunen(path: Path) -> int:
    added = 0
    for item in json.loads(path.read_text(encoding="utf-8")):
        kommune = db.session.scalar(select(Kommune).where(Kommune.slug == item["slug"]))
        if kommune is None:
            added += 1
            kommune = Kommune(slug=item["slug"])
            for field in ("name", "kind", "description", "website", "contact_email", "source"):
                setattr(kommune, field, item[field])
            kommune.phases = [
                ProjectPhase(
                    position=phase["position"],
                    title=phase["title"],
                    description=phase["description"],
                    starts_on=date.fromisoformat(phase["starts_on"]) if phase["starts_on"] else None,
                )
                for phase in item["phases"]
            ]
            db.session.add(kommune)
    db.session.commit()
    return added


def _load_gazetteer(path: Path) -> int:
    """Towns, Gemeinden and Ortsteile with their postcodes (see seed_data/GAZETTEER.md); a place
    outside every Kommune (a neighbouring city people name) has an empty `kommune`."""
    kommune_ids = dict(db.session.execute(select(Kommune.slug, Kommune.id)).all())
    # Same-named villages of different Gemeinden („Horst“ in Satow, Sanitz, Kröpelin) are all kept.
    existing = set(
        db.session.execute(select(GazetteerPlace.name, GazetteerPlace.gemeinde, GazetteerPlace.kommune_id))
    )
    locator = Locator.from_database()
    added = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kommune_id = kommune_ids[row["kommune"]] if row["kommune"] else None
            if (row["name"], row.get("gemeinde") or None, kommune_id) in existing:
                continue
            lon, lat = float(row["lon"]), float(row["lat"])
            found = locator.region_at(lon, lat)
            db.session.add(
                GazetteerPlace(
                    name=row["name"],
                    kind=row["kind"],
                    gemeinde=row.get("gemeinde") or None,
                    postcode=row["postcode"] or None,
                    postcodes=row.get("postcodes") or row["postcode"] or "",
                    location=point_element(lon, lat),
                    location_is_approximate=True,
                    source=row.get("source") or GAZETTEER_NOTE,
                    kommune_id=kommune_id,
                    region_id=found[0] if found else None,
                )
            )
            added += 1
    db.session.commit()
    return added


def _load_conferences(path: Path) -> int:
    kommune_ids = dict(db.session.execute(select(Kommune.slug, Kommune.id)).all())
    locator = Locator.from_database()
    added = 0
    for item in json.loads(path.read_text(encoding="utf-8")):
        if db.session.scalar(select(Conference.id).where(Conference.slug == item["slug"])):
            continue
        conference = Conference(
            slug=item["slug"],
            kommune_id=kommune_ids[item["kommune"]],
            title=item["title"],
            kind=item.get("kind", "Regionalkonferenz"),
            round=item["round"],
            year=item["year"],
            date=date.fromisoformat(item["date"]) if item.get("date") else None,
            starts_at=time.fromisoformat(item["starts_at"]) if item.get("starts_at") else None,
            ends_at=time.fromisoformat(item["ends_at"]) if item.get("ends_at") else None,
            town=item.get("town"),
            venue_name=item.get("venue"),
            venue_address=item.get("venue_address"),
            description=item["description"],
            registration=item.get("registration", ""),
            source="Pressetexte in shared/seeds (Landkreis Rostock, Städteverbund Göltzschtal)",
        )
        place_conference(conference, locator)
        db.session.add(conference)
        added += 1
    db.session.commit()
    return added
