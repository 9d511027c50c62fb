"""Reading and writing a Kommune's profile: its SWOT items and key figures (the staff's), and the
profile as the public sees it (profile.py). Services flush; the request commits."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..measures.models import Measure
from ..municipalities.models import Kommune, Region
from ..needs.models import Need
from ..registry.models import Initiative
from .models import KeyFigure, SwotItem
from .schema import KEY_FIGURE, SWOT_ITEM


def swot_items_of(kommune_ids) -> list[SwotItem]:
    """The SWOT items of these Kommunen, by Kommune, kind and text."""
    query = (
        select(SwotItem)
        .options(
            selectinload(SwotItem.kommune),
            selectinload(SwotItem.region),
            selectinload(SwotItem.needs),
            selectinload(SwotItem.initiatives),
            selectinload(SwotItem.measures),
        )
        .where(SwotItem.kommune_id.in_(list(kommune_ids) or [-1]))
        .order_by(SwotItem.kommune_id, SwotItem.category, SwotItem.id)
    )
    return list(db.session.scalars(query))


def get_swot_item(item_id: int) -> SwotItem:
    item = db.session.get(SwotItem, item_id)
    if item is None:
        raise NotFound(f"swot item {item_id}")
    return item


def save_swot_item(item: SwotItem | None, data: dict) -> SwotItem:
    """Create or change a SWOT item from form data (ids already limited to the planner's Kommunen):
    the declared fields (profiles/schema.py) by their rules; region, needs, initiatives and measures
    all of the item's Kommune; else ValidationFailed naming each field."""
    clean, errors = SWOT_ITEM.check_all(data, SWOT_ITEM.names())
    kommune = db.session.get(Kommune, data["kommune_id"])
    region = _region_of(kommune, data.get("region_id"), errors)
    linked = {
        "needs": _rows(Need, data.get("need_ids")),
        "initiatives": _rows(Initiative, data.get("initiative_ids")),
        "measures": _rows(Measure, data.get("measure_ids")),
    }
    for name, rows in linked.items():
        if any(row.kommune_id != kommune.id for row in rows):
            errors[name] = str(_l("gehört nicht zur gewählten Kommune"))
    if errors:
        raise ValidationFailed(errors)
    created = item is None
    item = item or SwotItem()
    for spec in SWOT_ITEM.column_fields():
        setattr(item, spec.attribute, clean[spec.name])
    item.kommune_id, item.region = kommune.id, region
    item.needs, item.initiatives, item.measures = linked["needs"], linked["initiatives"], linked["measures"]
    db.session.add(item)
    db.session.flush()
    record("SWOT-Punkt angelegt" if created else "SWOT-Punkt geändert", "swot_item", item)
    return item


def delete_swot_item(item: SwotItem) -> None:
    record("SWOT-Punkt gelöscht", "swot_item", item)
    db.session.delete(item)
    db.session.flush()


def key_figures_of(kommune_ids) -> list[KeyFigure]:
    """The key figures of these Kommunen, as the profile groups them: by Kommune, statistic, year
    (newest first), region, then in the order they were entered."""
    query = (
        select(KeyFigure)
        .options(selectinload(KeyFigure.kommune), selectinload(KeyFigure.region))
        .where(KeyFigure.kommune_id.in_(list(kommune_ids) or [-1]))
        .order_by(
            KeyFigure.kommune_id,
            KeyFigure.indicator,
            KeyFigure.year.desc(),
            KeyFigure.region_id.is_not(None),
            KeyFigure.region_id,
            KeyFigure.id,
        )
    )
    return list(db.session.scalars(query))


def get_key_figure(figure_id: int) -> KeyFigure:
    figure = db.session.get(KeyFigure, figure_id)
    if figure is None:
        raise NotFound(f"key figure {figure_id}")
    return figure


def save_key_figure(figure: KeyFigure | None, data: dict) -> KeyFigure:
    """Create or change a key figure from form data (the Kommune already one of the planner's):
    the declared fields by their rules, the region of that Kommune; else ValidationFailed."""
    names = [spec.name for spec in KEY_FIGURE.form_fields()]
    clean, errors = KEY_FIGURE.check_all(data, names)
    kommune = db.session.get(Kommune, data["kommune_id"])
    region = _region_of(kommune, data.get("region_id"), errors)
    if not errors and _same_figure(figure, kommune.id, clean, region):
        errors["label"] = str(_l("Diesen Wert gibt es für dieses Jahr und diese Region schon."))
    if errors:
        raise ValidationFailed(errors)
    created = figure is None
    figure = figure or KeyFigure(is_demo=False)
    for name in names:
        setattr(figure, KEY_FIGURE[name].attribute, clean[name])
    figure.kommune_id, figure.region = kommune.id, region
    db.session.add(figure)
    db.session.flush()
    record("Kennzahl angelegt" if created else "Kennzahl geändert", "key_figure", figure)
    return figure


def _same_figure(figure: KeyFigure | None, kommune_id: int, clean: dict, region: Region | None) -> bool:
    """Whether another figure has this statistic, label, year and region (the import's key)."""
    query = select(KeyFigure.id).where(
        KeyFigure.kommune_id == kommune_id,
        KeyFigure.indicator == clean["indicator"],
        KeyFigure.label == clean["label"],
        KeyFigure.year == clean["year"],
        KeyFigure.region_id == region.id if region else KeyFigure.region_id.is_(None),
    )
    if figure is not None:
        query = query.where(KeyFigure.id != figure.id)
    return db.session.scalar(query.limit(1)) is not None


def delete_key_figure(figure: KeyFigure) -> None:
    record("Kennzahl gelöscht", "key_figure", figure)
    db.session.delete(figure)
    db.session.flush()


def _region_of(kommune: Kommune, region_id: int | None, errors: dict) -> Region | None:
    if region_id is None:
        return None
    region = db.session.get(Region, region_id)
    if region is None or region.kommune_id != kommune.id:
        errors["region"] = str(_l("gehört nicht zur gewählten Kommune"))
        return None
    return region


def _rows(model, ids) -> list:
    ids = list(ids or [])
    return list(db.session.scalars(select(model).where(model.id.in_(ids)))) if ids else []
