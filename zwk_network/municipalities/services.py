"""Services for Kommunen, regions and the gazetteer."""

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import selectinload

from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..parameters import Text
from ..search.changes import mark_changed
from .gazetteer import QUERY_MAX, suggest_places
from .locator import Locator
from .models import GazetteerPlace, Kommune, Region


def list_kommunen() -> list[Kommune]:
    return list(
        db.session.scalars(select(Kommune).options(selectinload(Kommune.regions)).order_by(Kommune.name))
    )


def get_kommune(slug: str) -> Kommune:
    kommune = db.session.scalar(select(Kommune).where(Kommune.slug == slug))
    if kommune is None:
        raise NotFound(f"Kommune {slug}")
    return kommune


def list_regions(kommune_slug: str | None = None) -> list[Region]:
    query = select(Region).join(Region.kommune).order_by(Kommune.name, Region.name)
    if kommune_slug:
        query = query.where(Kommune.slug == kommune_slug)
    return list(db.session.scalars(query.options(selectinload(Region.kommune))))


def get_region(region_id: int) -> Region:
    region = db.session.get(Region, region_id)
    if region is None:
        raise NotFound(f"Region {region_id}")
    return region


GAZETTEER_QUERY_MAX = QUERY_MAX
GAZETTEER_RESULTS = 10


def list_towns(kommune: Kommune) -> list[GazetteerPlace]:
    """The towns (kind „Stadt“) of a Kommune, by name: what a printed map names for orientation."""
    query = (
        select(GazetteerPlace)
        .where(GazetteerPlace.kommune_id == kommune.id, GazetteerPlace.kind == "Stadt")
        .order_by(GazetteerPlace.name)
    )
    return list(db.session.scalars(query))


GAZETTEER_QUERY = Text(
    "q", "The start of a town's name or postcode.", max_length=GAZETTEER_QUERY_MAX, required=True
)


def find_gazetteer_places(args) -> list[GazetteerPlace]:
    """Places for the autocomplete of place fields: names or postcodes starting with `q`, then close ones."""
    text = GAZETTEER_QUERY.parse(args).strip()
    if not text or len(text) > GAZETTEER_QUERY.max_length or any(ord(c) < 32 for c in text):
        reason = _("braucht 1 bis %(max)s Zeichen ohne Steuerzeichen", max=GAZETTEER_QUERY.max_length)
        raise InvalidInput({"q": reason})
    return suggest_places(text, GAZETTEER_RESULTS)


def rederive_regions() -> int:
    """Derive region, Kommune and town again for every located entry (after new boundaries)."""
    from ..conferences.models import Conference
    from ..registry.models import Initiative, MeetingPlace

    locator = Locator.from_database()
    changed = 0
    for model in (GazetteerPlace, Initiative, MeetingPlace, Conference):
        rows = db.session.execute(
            select(model.id, func.ST_X(model.location), func.ST_Y(model.location)).where(
                model.location.is_not(None)
            )
        ).all()
        values = []
        for entry_id, lon, lat in rows:
            location = locator.locate(lon, lat)
            value = {"entry_id": entry_id, "region_id": location.region_id}
            if model is not Conference:
                value["kommune_id"] = location.kommune_id
            if model not in (GazetteerPlace, Conference):
                value["gazetteer_place_id"] = location.gazetteer_place_id
            values.append(value)
        if values:
            table = model.__table__
            columns = {key: bindparam(key) for key in values[0] if key != "entry_id"}
            statement = update(table).where(table.c.id == bindparam("entry_id")).values(columns)
            db.session.connection().execute(statement, values)
            if model is not GazetteerPlace:  # not in the search index
                mark_changed(db.session, model, [value["entry_id"] for value in values])
            changed += len(values)
    return changed
