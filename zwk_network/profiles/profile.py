"""The Kommunalprofil as the public sees it: the inventory drawn from the registry, the SWOT
analysis and the key figures. Counting rules:

- initiatives and meeting places: the approved ones of the Kommune, by the region their point
  lies in (none: „ohne Region“) and by each of their themes (one with two themes counts in both;
  none: „ohne Thema“);
- measures: every measure of the Kommune, in the regions and themes of the needs it answers (a
  measure for needs of two regions counts in both; one for no need, or for needs of the whole
  Kommune, counts as „ohne Region“ or „ohne Thema“); the totals count each once;
- a SWOT item shows the needs and measures it concerns, and of its initiatives only the approved
  ones: nothing waiting for review or rejected is linked;
- key figures of the same statistic, year, region and unit make one chart, in the order entered.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..formats import format_figure
from ..measures.models import Measure
from ..municipalities.models import Kommune
from ..registry.models import Initiative, MeetingPlace
from ..reports.svg import Bar, bars
from ..taxonomy import THEMES
from .models import KeyFigure, SwotItem
from .schema import CATEGORY_HEADINGS
from .services import key_figures_of, swot_items_of


@dataclass
class InventoryRow:
    label: str
    initiatives: int = 0
    places: int = 0
    measures: int = 0

    @property
    def entries(self) -> int:
        return self.initiatives + self.places


@dataclass
class Inventory:
    by_region: list[InventoryRow]
    by_theme: list[InventoryRow]
    total: InventoryRow
    initiatives: list[Initiative]
    places: list[MeetingPlace]


@dataclass
class PublicSwotItem:
    item: SwotItem
    initiatives: list[Initiative]  # the approved ones only


@dataclass
class FigureChart:
    indicator: str
    year: int
    region: str | None
    unit: str
    figures: list[KeyFigure]
    bars: list[Bar]
    sources: list[str]
    demo: bool


@dataclass
class Profile:
    kommune: Kommune
    inventory: Inventory
    swot: dict[str, list[PublicSwotItem]] = field(default_factory=dict)  # category -> items
    charts: list[FigureChart] = field(default_factory=list)


def kommune_profile(kommune: Kommune) -> Profile:
    """Everything the profile page and its PDF show (see the module docstring)."""
    swot = {category: [] for category in CATEGORY_HEADINGS}
    for item in swot_items_of([kommune.id]):
        public = [i for i in item.initiatives if i.is_public]
        swot[item.category].append(PublicSwotItem(item, public))
    return Profile(kommune, inventory_of(kommune), swot, figure_charts(key_figures_of([kommune.id])))


def inventory_of(kommune: Kommune) -> Inventory:
    no_region, no_theme = _("ohne Region"), _("ohne Thema")
    regions = {region.id: InventoryRow(region.name) for region in kommune.regions}
    themes = {slug: InventoryRow(str(label)) for slug, label in THEMES.items()}
    extra_region, extra_theme = InventoryRow(no_region), InventoryRow(no_theme)
    total = InventoryRow(_("Zusammen"))
    listed = {}
    for model, count in ((Initiative, "initiatives"), (MeetingPlace, "places")):
        entries = list(
            db.session.scalars(
                select(model)
                .options(selectinload(model.themes))
                .where(model.kommune_id == kommune.id, model.is_public)
                .order_by(model.name)
            )
        )
        listed[count] = entries
        for entry in entries:
            _count(regions.get(entry.region_id, extra_region), count)
            for slug in entry.theme_slugs or [None]:
                _count(themes.get(slug, extra_theme), count)
            _count(total, count)
    measures = db.session.scalars(
        select(Measure).options(selectinload(Measure.needs)).where(Measure.kommune_id == kommune.id)
    )
    for measure in measures:
        region_ids = {need.region_id for need in measure.needs} or {None}
        slugs = {slug for need in measure.needs for slug in need.theme_slugs} or {None}
        for region_id in region_ids:
            _count(regions.get(region_id, extra_region), "measures")
        for slug in slugs:
            _count(themes.get(slug, extra_theme), "measures")
        _count(total, "measures")
    by_region = [*regions.values(), *([extra_region] if _any(extra_region) else [])]
    by_theme = [row for row in themes.values() if _any(row)] + ([extra_theme] if _any(extra_theme) else [])
    return Inventory(by_region, by_theme, total, listed["initiatives"], listed["places"])


def _count(row: InventoryRow, what: str) -> None:
    setattr(row, what, getattr(row, what) + 1)


def _any(row: InventoryRow) -> bool:
    return bool(row.initiatives or row.places or row.measures)


def figure_charts(figures: list[KeyFigure]) -> list[FigureChart]:
    """One chart per statistic, year, region and unit, its bars in the order the figures came."""
    groups: dict[tuple, list[KeyFigure]] = {}
    for figure in figures:
        key = (figure.indicator, figure.year, figure.region.name if figure.region else None, figure.unit)
        groups.setdefault(key, []).append(figure)
    charts = []
    for (indicator, year, region, unit), members in groups.items():
        values = {figure.label: figure.value for figure in members}
        shown = {figure.label: format_figure(figure.value, figure.unit) for figure in members}
        sources = list(dict.fromkeys(figure.source for figure in members))
        demo = any(figure.is_demo for figure in members)
        charts.append(FigureChart(indicator, year, region, unit, members, bars(values, shown), sources, demo))
    return charts
