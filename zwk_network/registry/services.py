"""Services for initiatives and meeting places: what is public, and how entries are stored."""

from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload, selectinload

from ..entries import REGISTERED
from ..errors import NotFound
from ..extensions import db
from ..geo.geojson import point_element
from ..listing import ListFilters, Page, apply_filters, paginate
from ..municipalities.locator import Location, Locator
from ..municipalities.models import GazetteerPlace
from ..search.changes import mark_changed
from ..taxonomy import VOCABULARIES
from ..timeutil import utcnow
from .models import CONTACT_PARTS, SCHEMA_OF, ModerationStatus, public_location_of


def public_listings(model):
    """A select of the public entries of a listing model (is_public: approved, not hidden as stale),
    with what pages need loaded."""
    return (
        select(model)
        .where(model.is_public)
        .options(
            selectinload(model.themes),
            selectinload(model.target_groups),
            selectinload(model.help_kinds),
            joinedload(model.region),
            joinedload(model.kommune),
            joinedload(model.gazetteer_place),
        )
    )


def count_public_listings() -> dict[str, int]:
    """How many initiatives and meeting places are published, by collection ("initiatives", "places")."""
    return {
        kind.collection: db.session.scalar(
            select(func.count()).select_from(kind.model).where(kind.model.is_public)
        )
        for kind in REGISTERED.values()
    }


def list_public_listings(model, filters: ListFilters) -> Page:
    """Approved entries matching the filters: nearest first with a point, else by name."""
    query = apply_filters(public_listings(model), model, filters)
    return paginate(
        query, model, filters, order_by=(model.name, model.id), point_column=model.public_location
    )


def get_public_listing(model, entry_id: int):
    """The approved entry with this id; NotFound for anything else (pending, rejected …)."""
    entry = db.session.scalar(public_listings(model).where(model.id == entry_id))
    if entry is None:
        raise NotFound(f"{model.__name__} {entry_id}")
    return entry


def listing_row(
    model,
    record: dict,
    lon: float,
    lat: float,
    location: Location,
    status: str = ModerationStatus.APPROVED.value,
) -> dict:
    """Column values for one new entry from a validated record (approved unless said otherwise)."""
    now = utcnow()
    row = {spec.attribute: spec.stored(record.get(spec.name)) for spec in SCHEMA_OF[model].column_fields()}
    published = set(record.get("publish") or ())
    for part in CONTACT_PARTS:
        row[f"publish_{part}"] = part in published
    point = point_element(lon, lat)
    row.update(
        location=point,
        public_location=public_location_of(status, point),
        kommune_id=location.kommune_id,
        region_id=location.region_id,
        gazetteer_place_id=location.gazetteer_place_id,
        status=status,
        created_at=now,
        updated_at=now,
        last_confirmed_at=now,
    )
    return row


def create_listing(model, record: dict, lon: float, lat: float, status: str = ModerationStatus.PENDING.value):
    """Store one entry from a validated record; its region and town are derived from the point."""
    location = Locator.from_database().locate(lon, lat)
    row = listing_row(model, record, lon, lat, location, status)
    entry_id = insert_listings(model, [row], [record_tags(record)])[0]
    db.session.flush()
    return db.session.get(model, entry_id)


def record_tags(record: dict) -> dict[str, list[str]]:
    """A record's slugs of every vocabulary (themes, target groups, kinds of help)."""
    return {key: list(record.get(key) or []) for key in VOCABULARIES}


def insert_listings(model, rows: list[dict], tags: list[dict[str, list[str]]]) -> list[int]:
    """Insert many entries at once with their vocabularies (see record_tags); returns their ids."""
    if not rows:
        return []
    # Every row has the same keys; rendering None as NULL keeps them one statement per page of rows
    # (without it the ORM leaves each row's None values out and groups consecutive rows of the same
    # keys: ~2 rows per statement, and each statement's RETURNING rows are spliced onto the ones
    # before – quadratic in the chunk, 12.7 M rows fetched for an import of 30 000).
    if db.session.get_bind().dialect.name == "postgresql":
        ids = _next_ids(model, len(rows))
        rows = [{**row, "id": entry_id} for row, entry_id in zip(rows, ids, strict=True)]
        db.session.execute(insert(model).execution_options(render_nulls=True), rows)
    else:
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        ids = list(db.session.scalars(statement.execution_options(render_nulls=True), rows))
    _insert_tags(model, ids, tags)
    mark_changed(db.session, model, ids)
    return ids


def _next_ids(model, count: int) -> list[int]:
    """PostgreSQL: ids for `count` new entries from the table's sequence, so the rows go in without
    RETURNING. With RETURNING in the rows' order SQLAlchemy sends one statement of many VALUES per
    page, which psycopg re-parses for its placeholders every time: 0.75 ms per row, a third of an
    import's database time; without it psycopg sends the one-row statement for every row at once
    (a pipeline), parsed once."""
    sequence = func.pg_get_serial_sequence(model.__table__.name, "id")
    numbers = select(func.nextval(sequence)).select_from(func.generate_series(1, count))
    return list(db.session.scalars(numbers))


def _insert_tags(model, ids, tags) -> None:
    for key in VOCABULARIES:
        table = getattr(model, key).property.secondary
        owner = next(iter(c.name for c in table.c if c.name != "slug"))
        pairs = zip(ids, tags, strict=True)
        rows = [{owner: entry_id, "slug": slug} for entry_id, entry_tags in pairs for slug in entry_tags[key]]
        if rows:
            db.session.execute(insert(table), rows)


def public_town_names(model, ids) -> dict[int, str]:
    """The town of each of these approved entries (its address, else its gazetteer place)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(model.id, func.coalesce(model.town, GazetteerPlace.name))
        .outerjoin(GazetteerPlace, GazetteerPlace.id == model.gazetteer_place_id)
        .where(model.id.in_(list(ids)), model.is_public)
    )
    return {entry_id: town for entry_id, town in rows if town}
