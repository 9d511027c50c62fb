"""A subscription's filter: the search's own parameters, checked by the search's own parser.

normalise_filter() reads a query string with search.services.parse_search (the one declaration of
the filter), keeps only what filters (no page, sort or map view) in one canonical form, and
returns it as a JSON-ready dict. Stored filters are parsed again when read (parsed_filter), so a
filter that no longer holds (a theme removed from the vocabulary) is refused, not guessed at.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ..entries import TYPES, entry_labels
from ..errors import InvalidInput
from ..extensions import db
from ..formats import format_coordinate, format_km
from ..listing import parameter_label
from ..municipalities.models import Kommune, Region
from ..search.services import ParsedSearch, parse_search
from ..taxonomy import help_kind_label, target_group_label, theme_label

#: The parameters that filter (in this order in a stored filter and in links).
FILTER_PARAMETERS = (
    "q",
    "type",
    "kommune",
    "region",
    "theme",
    "target_group",
    "help_kind",
    "near",
    "lat",
    "lon",
    "radius_km",
    "bbox",
)
MAX_QUERY_CHARS = 200


def normalise_filter(args) -> dict:
    """The filter of a query string, canonical; InvalidInput (in plain German) when unusable."""
    picked = MultiDict([(name, value) for name, value in args.items(multi=True) if name in FILTER_PARAMETERS])
    text = " ".join(picked.get("q", "").split())
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput({"q": _("darf höchstens %(max)s Zeichen haben", max=MAX_QUERY_CHARS)})
    parsed = parse_search(picked)
    unknown = {
        name: _("„%(value)s“ gibt es hier nicht", value=getattr(parsed.filters, name)[:60])
        for name, model in (("kommune", Kommune), ("region", Region))
        if getattr(parsed.filters, name) and not _exists(model, getattr(parsed.filters, name))
    }
    if unknown:
        raise InvalidInput(unknown)
    return _canonical(parsed, text, picked.get("near", "").strip())


def _exists(model, slug: str) -> bool:
    return db.session.scalar(select(model.id).where(model.slug == slug).limit(1)) is not None


def _canonical(parsed: ParsedSearch, text: str, near: str) -> dict:
    filters = parsed.filters
    result: dict = {}
    if text:
        result["q"] = text
    if parsed.types and set(parsed.types) != set(TYPES):
        result["type"] = [t for t in TYPES if t in parsed.types]
    for name in ("kommune", "region", "theme", "target_group", "help_kind"):
        if getattr(filters, name):
            result[name] = getattr(filters, name)
    if filters.point is not None:
        if near:
            result["near"] = near
        else:
            result["lat"], result["lon"] = round(filters.point[1], 6), round(filters.point[0], 6)
        if filters.radius_km:
            result["radius_km"] = round(filters.radius_km, 3)
    if filters.bbox:
        result["bbox"] = [round(value, 6) for value in filters.bbox]
    return result


def filter_hash(normalised: dict) -> str:
    return hashlib.sha256(json.dumps(normalised, sort_keys=True).encode()).hexdigest()


def filter_args(normalised: dict) -> MultiDict:
    """A stored filter as query parameters again (for the search, links and feeds)."""
    args = MultiDict()
    for name in FILTER_PARAMETERS:
        value = normalised.get(name)
        if value is None:
            continue
        if name == "type":
            args.setlist("type", [str(t) for t in value])
        elif name == "bbox":
            args[name] = ",".join(f"{number:g}" for number in value)
        else:
            args[name] = str(value)
    return args


def parsed_filter(normalised) -> ParsedSearch:
    """A stored filter, checked again by the search's parser; InvalidInput when it no longer holds."""
    if not isinstance(normalised, dict) or set(normalised) - set(FILTER_PARAMETERS):
        raise InvalidInput({"filter": _("ist kein gespeicherter Filter")})
    return parse_search(filter_args(normalised))


@dataclass(frozen=True)
class FilterLine:
    label: str
    value: str


#: A word as the filter's description shows it: letters and digits, joined by hyphens or apostrophes.
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: Free text (search words, a place's name) in a description: at most this many words and characters.
SHOWN_WORDS, SHOWN_CHARACTERS = 8, 60


def _as_words(text: str) -> str:
    """Free text of a filter as plain words: the description goes into mails to an address anyone may
    type, so it carries no link, address or sentence of someone else's („http://…“ becomes „http …“)."""
    words = _WORD.findall(text)
    shown = " ".join(words[:SHOWN_WORDS])
    if len(shown) > SHOWN_CHARACTERS:
        return shown[:SHOWN_CHARACTERS].rsplit(" ", 1)[0] + " …"
    return shown + " …" if len(words) > SHOWN_WORDS else shown


def describe_filter(normalised: dict, in_mail: bool = False) -> list[FilterLine]:
    """The filter in plain words, one line per part („Thema: Bildung“); empty: everything public.
    `in_mail`: free text as plain words only (see _as_words); pages show it as typed (escaped)."""
    words = _as_words if in_mail else str
    lines = []
    types = normalised.get("type") or TYPES
    labels = entry_labels(types, plural=True)
    lines.append(FilterLine(_("Was"), ", ".join(str(labels[t]) for t in types)))
    if normalised.get("q"):
        lines.append(FilterLine(parameter_label("q"), f"„{words(normalised['q'])}“"))
    if normalised.get("kommune"):
        lines.append(FilterLine(parameter_label("kommune"), _kommune_name(normalised["kommune"])))
    if normalised.get("region"):
        lines.append(FilterLine(parameter_label("region"), _region_name(normalised["region"])))
    described = (
        ("theme", theme_label),
        ("target_group", target_group_label),
        ("help_kind", help_kind_label),
    )
    for name, label_of in described:
        if normalised.get(name):
            lines.append(FilterLine(parameter_label(name), str(label_of(normalised[name]))))
    where = words(normalised.get("near") or "") or (
        _("Punkt %(lat)s, %(lon)s", lat=normalised["lat"], lon=normalised["lon"])
        if "lat" in normalised
        else None
    )
    if where:
        radius = normalised.get("radius_km")
        value = _("%(km)s um %(place)s", km=format_km(radius), place=where) if radius else where
        lines.append(FilterLine(parameter_label("near"), value))
    if normalised.get("bbox"):
        west, south, east, north = normalised["bbox"]
        lines.append(
            FilterLine(
                parameter_label("bbox"),
                _(
                    "von %(south)s° N, %(west)s° O bis %(north)s° N, %(east)s° O",
                    south=format_coordinate(south),
                    west=format_coordinate(west),
                    north=format_coordinate(north),
                    east=format_coordinate(east),
                ),
            )
        )
    return lines


def _kommune_name(slug: str) -> str:
    return db.session.scalar(select(Kommune.name).where(Kommune.slug == slug)) or slug


def _region_name(slug: str) -> str:
    return db.session.scalar(select(Region.name).where(Region.slug == slug)) or slug
