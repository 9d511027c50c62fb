"""Data for the OGC API tests: many approved initiatives on a grid, conferences, and odd entries."""

import math
from datetime import date, time

from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.geo.geojson import point_element
from zwk_network.municipalities.locator import Locator
from zwk_network.registry.models import Initiative
from zwk_network.registry.services import insert_listings, listing_row, record_tags


def grid_initiatives(count: int, status: str = "approved") -> list[int]:
    """`count` initiatives named „Initiative 0“ … on a square grid over both test regions
    (12.0–12.4 °E, 53.7–53.9 °N): a side of ceil(√count) columns, filled row by row."""
    locator = Locator.from_database()
    rows, tags = [], []
    side = math.isqrt(count - 1) + 1
    for number in range(count):
        lon = 12.0 + 0.4 * ((number % side) + 0.5) / side
        lat = 53.7 + 0.2 * ((number // side) + 0.5) / side
        record = {"name": f"Initiative {number}", "themes": ["begegnung"], "target_groups": ["senioren"]}
        rows.append(listing_row(Initiative, record, lon, lat, locator.locate(lon, lat), status))
        tags.append(record_tags(record))
    ids = insert_listings(Initiative, rows, tags)
    db.session.commit()
    return ids


def make_conference(kommune, slug: str, day: date | None, lon=12.1, lat=53.8, **values) -> Conference:
    conference = Conference(
        kommune_id=kommune.id,
        slug=slug,
        title=values.pop("title", f"Konferenz {slug}"),
        year=day.year if day else 2022,
        date=day,
        starts_at=values.pop("starts_at", time(15, 30)),
        location=point_element(lon, lat) if lon is not None else None,
        **values,
    )
    db.session.add(conference)
    db.session.commit()
    return conference
