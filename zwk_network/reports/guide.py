"""The Wegweiser: a printed guide to a Kommune's initiatives and meeting places, made from the data.

Only approved entries; a planner narrows it by region, theme and target group and leaves entries out
(`ohne`), the public gets the same guide for the same parameters. Entries are grouped by town, then
by theme (an entry's first theme, or the chosen one); each says what it offers, when, where, how to
reach it (only the contact data its owner agreed to publish), when it was last changed and
confirmed, and carries a QR code of its page (segno, inline SVG: printable, nothing fetched).
"""

from dataclasses import dataclass, field
from datetime import datetime

import segno
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from ..entries import entry_url, kind_of
from ..errors import InvalidInput
from ..extensions import db
from ..geo.geojson import point_coordinates, to_geometry
from ..listing import apply_filters, parse_list_filters
from ..municipalities.models import Kommune
from ..municipalities.services import list_towns
from ..registry.models import Initiative, MeetingPlace
from ..registry.services import public_listings
from ..taxonomy import THEMES
from ..timeutil import local_today
from .svg import KommuneFrame, kommune_frame

#: The guide's parameters (German, as its address says) and the list filters they are.
PARAMETERS = {"region": "region", "thema": "theme", "zielgruppe": "target_group"}
#: Page sizes: A4, and A5 for a folded booklet.
PAGE_SIZES = ("a4", "a5")
#: What an entry without a theme is listed under.
OTHER_THEME = "weitere"
#: The guide lists initiatives and meeting places: what a resident can go to.
GUIDE_MODELS = (Initiative, MeetingPlace)


@dataclass
class GuideEntry:
    entry: Initiative | MeetingPlace
    type: str
    number: int  # its number in the guide, on the overview map too
    url: str  # its public page (absolute, from ZWK_BASE_URL)
    town: str
    theme: str
    contact: dict  # only the parts agreed to be published
    qr: Markup  # the QR code of url, as inline SVG

    @property
    def changed(self) -> datetime:
        return self.entry.updated_at

    @property
    def confirmed(self) -> datetime | None:
        return self.entry.last_confirmed_at


@dataclass
class ThemeGroup:
    theme: str
    label: str
    entries: list[GuideEntry]


@dataclass
class TownGroup:
    town: str
    anchor: str  # the id of its heading (the index of places links there)
    themes: list[ThemeGroup]


@dataclass
class Guide:
    kommune: Kommune
    params: MultiDict  # the guide's parameters as given (kept in its links)
    region: str | None
    theme: str | None
    target_group: str | None
    excluded: set[tuple[str, int]]
    page_size: str
    towns: list[TownGroup] = field(default_factory=list)
    frame: KommuneFrame | None = None
    points: list[tuple[float, float, int]] = field(default_factory=list)  # x, y, how many entries there

    @property
    def entries(self) -> list[GuideEntry]:
        return [entry for town in self.towns for group in town.themes for entry in group.entries]

    def version(self) -> list:
        """What its PDF depends on: the parameters, each entry's state, the day, the language and
        the site's address (the QR codes). The Kommune's map changes with a new seed, rarely."""
        entries = [[item.type, item.entry.id, item.changed, item.confirmed] for item in self.entries]
        return [
            self.kommune.slug,
            sorted(self.params.items(multi=True)),
            self.page_size,
            entries,
            local_today(),
            str(get_locale()),
            current_app.config["BASE_URL"],
        ]


def parse_guide(args) -> tuple[MultiDict, set[tuple[str, int]], str]:
    """The filter (as list parameters), the entries left out ("initiative-12"), the page size."""
    filters = MultiDict((name, args.get(key)) for key, name in PARAMETERS.items() if args.get(key))
    errors = {}
    excluded = set()
    for value in args.getlist("ohne"):
        kind, _sep, number = value.partition("-")
        if kind not in ("initiative", "place") or not number.isdigit():
            errors["ohne"] = _("erwartet Einträge wie „initiative-12“ oder „place-3“")
            continue
        excluded.add((kind, int(number)))
    page_size = args.get("format") or "a4"
    if page_size not in PAGE_SIZES:
        errors["format"] = _("erlaubt: %(allowed)s", allowed=", ".join(PAGE_SIZES))
    if errors:
        raise InvalidInput(errors)
    return filters, excluded, page_size


def candidate_entries(kommune: Kommune, args) -> list:
    """The approved entries of the Kommune the filter chooses, by name (what a planner picks from)."""
    filters, _excluded, _size = parse_guide(args)
    try:
        list_filters = parse_list_filters(MultiDict({**filters.to_dict(), "kommune": kommune.slug}))
    except InvalidInput as error:  # named as the guide's parameters
        names = {name: key for key, name in PARAMETERS.items()}
        raise InvalidInput({names.get(key, key): reason for key, reason in error.errors.items()}) from None
    entries = []
    for model in GUIDE_MODELS:
        query = apply_filters(public_listings(model), model, list_filters).order_by(model.name, model.id)
        entries.extend(db.session.scalars(query).unique())
    return sorted(entries, key=lambda entry: (entry.name.casefold(), kind_of(entry).type, entry.id))


def build_guide(kommune: Kommune, args) -> Guide:
    """The guide of the Kommune for these parameters: approved entries only, the excluded left out."""
    filters, excluded, page_size = parse_guide(args)
    entries = [e for e in candidate_entries(kommune, args) if (kind_of(e).type, e.id) not in excluded]
    guide = Guide(
        kommune=kommune,
        params=MultiDict([(k, v) for k, v in args.items(multi=True) if k in (*PARAMETERS, "ohne") and v]),
        region=filters.get("region"),
        theme=filters.get("theme"),
        target_group=filters.get("target_group"),
        excluded=excluded,
        page_size=page_size,
    )
    by_town: dict[str, dict[str, list]] = {}
    for entry in entries:
        theme = guide.theme or next((t.slug for t in entry.themes), OTHER_THEME)
        by_town.setdefault(_town_of(entry), {}).setdefault(theme, []).append(entry)
    number = 0
    theme_order = [*THEMES, OTHER_THEME]
    for index, town in enumerate(sorted(by_town, key=str.casefold)):
        groups = []
        for theme in sorted(by_town[town], key=theme_order.index):
            items = []
            for entry in by_town[town][theme]:
                number += 1
                items.append(_guide_entry(entry, number, town, theme))
            groups.append(ThemeGroup(theme, _theme_label(theme), items))
        guide.towns.append(TownGroup(town, f"ort-{index + 1}", groups))
    guide.frame = kommune_frame(kommune, list_towns(kommune))
    guide.points = _map_points(guide)
    return guide


def _guide_entry(entry, number: int, town: str, theme: str) -> GuideEntry:
    kind = kind_of(entry).type
    url = entry_url(kind, entry.id, external=True)
    title = _("QR-Code: Link zur Seite von „%(name)s“", name=entry.name)
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2, title=title, svgclass="qr", lineclass=None)
    return GuideEntry(
        entry=entry,
        type=kind,
        number=number,
        url=url,
        town=town,
        theme=theme,
        contact=entry.public_contact(),
        qr=Markup(svg),  # segno escapes the title; the rest is its own markup
    )


def _town_of(entry) -> str:
    if entry.town:
        return entry.town
    if entry.gazetteer_place is not None:
        return entry.gazetteer_place.name
    return entry.region.name if entry.region is not None else _("ohne Ortsangabe")


def _theme_label(theme: str) -> str:
    return str(THEMES[theme]) if theme in THEMES else _("Weitere Angebote")


def _map_points(guide: Guide) -> list[tuple[float, float, int]]:
    """A spot per place of the entries, with how many stand there."""
    if guide.frame is None:
        return []
    spots: dict[tuple[float, float], int] = {}
    for item in guide.entries:
        spot = guide.frame.xy(*point_coordinates(to_geometry(item.entry.location)))
        spots[spot] = spots.get(spot, 0) + 1
    return [(x, y, count) for (x, y), count in spots.items()]
