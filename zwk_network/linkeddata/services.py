"""What the DCAT catalogue says about the data, read from the data: one dataset per Kommune and
kind, with its count, bounds, period and dates; and the public downloads of each dataset.

The rows are the OGC API's (ogc/collections.py: approved initiatives and places, every need and
conference), so the catalogue, the downloads and the OGC API describe the same public data.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..conferences.models import Conference
from ..errors import NotFound
from ..extensions import db
from ..geo.dialect import extent_columns
from ..geo.geojson import feature_collection
from ..municipalities.models import Kommune
from ..municipalities.services import get_kommune, list_kommunen
from ..needs.models import Need
from ..ogc.collections import BY_ID, Collection
from ..serialize import to_feature
from ..spreadsheet import spreadsheet_csv

#: The kinds the catalogue has a dataset of, per Kommune (the regions are part of every Kommune's map).
DATASET_COLLECTIONS = ("initiatives", "places", "needs", "conferences")


@dataclass(frozen=True)
class DatasetFacts:
    """One Kommune's public entries of one kind, as the catalogue describes them."""

    kommune: Kommune
    collection: Collection
    count: int
    bbox: tuple[float, float, float, float] | None  # CRS84: min lon, min lat, max lon, max lat
    period: tuple[date, date] | None  # the time the data covers (see _time_columns)
    issued: datetime | None  # the first entry recorded (naive UTC)
    modified: datetime | None  # the last change


def catalogue_datasets() -> list[DatasetFacts]:
    """Every Kommune's dataset of every kind, also those still empty (a harvester sees them grow)."""
    kommunen = list_kommunen()
    datasets = []
    for collection_id in DATASET_COLLECTIONS:
        collection = BY_ID[collection_id]
        facts = _facts_by_kommune(collection)
        datasets.extend(
            facts.get(kommune.id) or DatasetFacts(kommune, collection, 0, None, None, None, None)
            for kommune in kommunen
        )
    order = {collection_id: position for position, collection_id in enumerate(DATASET_COLLECTIONS)}
    return sorted(datasets, key=lambda facts: (facts.kommune.name, order[facts.collection.id]))


def _facts_by_kommune(collection: Collection) -> dict[int, "DatasetFacts"]:
    """One query: per Kommune the count, bounds, period and dates of the collection's public rows."""
    model = collection.model
    start, end, issued, modified = _time_columns(model)
    inner = (
        collection.query()
        .with_only_columns(
            model.kommune_id.label("kommune_id"),
            collection.geometry().label("g"),
            start.label("start"),
            end.label("end"),
            issued.label("issued"),
            modified.label("modified"),
        )
        .order_by(None)
        .subquery()
    )
    rows = db.session.execute(
        select(
            inner.c.kommune_id,
            func.count(),
            *extent_columns(inner.c.g),
            func.min(inner.c.start),
            func.max(inner.c.end),
            func.min(inner.c.issued),
            func.max(inner.c.modified),
        ).group_by(inner.c.kommune_id)
    ).all()
    kommunen = {kommune.id: kommune for kommune in list_kommunen()}
    facts = {}
    for kommune_id, count, *bounds, first, last, issued_at, modified_at in rows:
        if kommune_id not in kommunen:
            continue
        bbox = None if any(v is None for v in bounds) else tuple(round(float(v), 6) for v in bounds)
        period = (_day(first), _day(last)) if first is not None and last is not None else None
        facts[kommune_id] = DatasetFacts(
            kommunen[kommune_id], collection, count, bbox, period, issued_at, modified_at
        )
    return facts


def _time_columns(model):
    """(period start, period end, issued, modified) of a row. Conferences cover the days they took
    place on and store no record dates; needs cover the days of the conferences that named them;
    initiatives and places the time from their record to its last change."""
    if model is Conference:
        none = db.null()
        return Conference.date, Conference.date, none, none
    if model is Need:
        day = select(Conference.date).where(Conference.id == Need.conference_id).scalar_subquery()
        return day, day, Need.created_at, Need.updated_at
    return model.created_at, model.updated_at, model.created_at, model.updated_at


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def dataset_features(kommune_slug: str, collection_id: str) -> tuple[Kommune, list[dict]]:
    """The public features of one Kommune's dataset of one kind (the public serializer's, contact
    data only with consent); NotFound for an unknown Kommune or kind."""
    if collection_id not in DATASET_COLLECTIONS:
        raise NotFound(f"dataset {collection_id[:40]}")
    kommune = get_kommune(kommune_slug)
    collection = BY_ID[collection_id]
    model = collection.model
    query = collection.query().where(model.kommune_id == kommune.id).order_by(model.id)
    return kommune, [to_feature(entry) for entry in db.session.scalars(query).unique()]


def features_geojson(features: list[dict]) -> dict:
    return feature_collection(features)


def features_csv(features: list[dict]) -> str:
    """The features as CSV (comma, UTF-8, spreadsheet-safe cells): one column per property (each
    published contact part by its name, lists joined by ';'), then the point's lat and lon; an area
    (a need's polygon) has none: its geometry is in the GeoJSON."""
    rows = [_flat(feature) for feature in features]
    header = list(dict.fromkeys(name for row in rows for name in row if name not in ("lat", "lon")))
    header += ["lat", "lon"]
    return spreadsheet_csv(header, ([_cell(row.get(name)) for name in header] for row in rows))


def _flat(feature: dict) -> dict:
    row = {}
    for name, value in feature["properties"].items():
        if isinstance(value, dict):  # the published contact parts: contact_person, email, phone, website
            row.update(value)
        else:
            row[name] = value
    geometry = feature.get("geometry")
    if geometry and geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        row.update(lat=lat, lon=lon)
    return row


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(part) for part in value)
    return value
