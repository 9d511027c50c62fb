"""Exports approved entries in the import format (GeoJSON or CSV); a round trip is lossless.

Exports contain all contact data with the publication consent flags: they are for staff and
for moving data between installations, not for publication. CSV text cells are quoted, and those
a spreadsheet would run as a formula get an apostrophe in front, which the importer takes off
again (see spreadsheet.py).
"""

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..entries import kind_for_collection
from ..extensions import db
from ..geo.geojson import feature_collection, point_coordinates, to_geometry
from ..municipalities.models import Kommune
from ..needs.models import Need
from ..registry.services import public_listings
from ..serialize import to_feature
from ..spreadsheet import spreadsheet_cell, spreadsheet_writer
from .fields import field_names

EXPORT_KINDS = ("initiatives", "places", "needs")


def export_entries(kind: str, fmt: str, path: str, kommune: str | None = None) -> int:
    """Write the approved entries of a kind to path; returns how many were written."""
    entries = _entries(kind, kommune)
    features = [to_feature(entry, audience="export") for entry in entries]
    if fmt == "geojson":
        _write_geojson(features, path)
    else:
        _write_csv(kind, entries, features, path)
    return len(features)


def _entries(kind: str, kommune: str | None):
    if kind == "needs":
        query = select(Need).options(
            selectinload(Need.themes),
            selectinload(Need.target_groups),
            selectinload(Need.help_kinds),
            selectinload(Need.region),
            selectinload(Need.kommune),
            selectinload(Need.conference),
        )
        model = Need
    else:
        model = kind_for_collection(kind).model
        query = public_listings(model)
    if kommune:
        query = query.join(Kommune, model.kommune_id == Kommune.id).where(Kommune.slug == kommune)
    return list(db.session.scalars(query.order_by(model.id)))


def _write_geojson(features: list[dict], path: str) -> None:
    text = json.dumps(feature_collection(features), ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")


def _write_csv(kind: str, entries, features: list[dict], path: str) -> None:
    columns = field_names(kind)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = spreadsheet_writer(handle)
        writer.writerow([*columns, "lat", "lon"])
        for entry, item in zip(entries, features, strict=True):
            geometry = to_geometry(entry.area if kind == "needs" else entry.location)
            coordinates = point_coordinates(geometry) if geometry is not None else None
            if kind == "needs" and geometry is not None and geometry.geom_type != "Point":
                raise ValueError(f"need {entry.id} has an area; export needs with areas as GeoJSON")
            values = [_csv_value(item["properties"].get(column)) for column in columns]
            lat_lon = [coordinates[1], coordinates[0]] if coordinates else ["", ""]
            writer.writerow(values + lat_lon)


def _csv_value(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return spreadsheet_cell(";".join(value))
    return spreadsheet_cell(value)
