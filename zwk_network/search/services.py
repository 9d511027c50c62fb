"""Search as the page and the API use it: parameters in, results with links and labels out."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ..entries import TYPES, entry_url
from ..errors import InvalidInput
from ..extensions import db
from ..geo.geojson import point_coordinates, to_geometry
from ..listing import LIST_PARAMETERS, ListFilters, parse_list_filters
from ..municipalities.gazetteer import look_up_place, place_in_text
from ..municipalities.models import GazetteerPlace, Kommune, Region
from ..parameters import Choice, ChoiceList, Text
from ..taxonomy import HELP_KIND_LABELS, TARGET_GROUPS, THEMES
from .backend import SearchQuery, SearchResult
from .engine import search_backend
from .words import MAX_WORDS

SORTS = ("relevance", "distance", "name")
#: The radii the search form offers (km).
RADIUS_CHOICES_KM = (5, 10, 20, 50)


@dataclass
class SearchPage:
    text: str
    types: tuple[str, ...]
    sort: str | None
    filters: ListFilters
    result: SearchResult
    region_names: dict[int, tuple[str, str]]  # region id -> (slug, name)
    place_in_text: GazetteerPlace | None = None
    candidates: list[GazetteerPlace] = field(default_factory=list)  # „Meinten Sie …?“ for an unknown place

    @property
    def has_place(self) -> bool:
        """A place to measure distances from: the place field, a point, or a place named in the text."""
        return self.filters.point is not None or self.place_in_text is not None

    @property
    def pages(self) -> int:
        return max(1, -(-self.result.total // self.filters.per_page))

    @property
    def notices(self) -> list[str]:
        """What the search understood or left out, in plain words."""
        notices = search_notices(self.result)
        if self.place_in_text is not None:
            notices.insert(0, _("Einträge in der Nähe von %(place)s zuerst.", place=self.place_in_text.name))
        return notices


def index_notices() -> list[str]:
    """What the state of the index means for every result: while it is refilled, entries may be missing."""
    if search_backend().incomplete():
        return [_("Die Suche wird gerade neu aufgebaut; Ergebnisse können fehlen.")]
    return []


def search_notices(result: SearchResult) -> list[str]:
    notices = index_notices()
    if result.partial:
        notices.append(
            _(
                "Nur wenige Einträge enthalten alle Suchwörter. Danach folgen Einträge, "
                "die nicht alle Suchwörter enthalten."
            )
        )
    if result.shortened:
        notices.append(
            _(
                "Ihre Suche war sehr lang. Gesucht wurde nur nach den ersten %(count)s Wörtern.",
                count=MAX_WORDS,
            )
        )
    if result.incomplete:
        notices.append(
            _(
                "Die Suche hat zu lange gedauert. Es werden die besten bis dahin gefundenen Treffer "
                "gezeigt; mit weniger Wörtern wird das Ergebnis vollständig."
            )
        )
    return notices


@dataclass
class ParsedSearch:
    """The query string of a search, checked: what /suche, /api/search and the map share."""

    text: str
    types: tuple[str, ...]
    sort: str | None
    filters: ListFilters
    query: SearchQuery
    place_in_text: GazetteerPlace | None = None  # a place named among the words: nearby first


#: How far into a query a place name is looked for.
MAX_PLACE_TEXT = 300

QUERY = Text("q", "Search words; a place named among them ranks nearby entries first.")
TYPE = ChoiceList("type", "Only these kinds of entries (comma-separated or repeated).", values=TYPES)
HELP_KIND = Choice(
    "help_kind", "Only entries offering this kind of help.", values=lambda: tuple(HELP_KIND_LABELS)
)
SORT = Choice(
    "sort", "Order: relevance (default), distance (needs a place) or name.", values=SORTS, message="allowed"
)
#: What parse_search reads: /suche, /api/search and the map take these parameters.
SEARCH_PARAMETERS = (QUERY, TYPE, *LIST_PARAMETERS, HELP_KIND, SORT)


def parse_search(args) -> ParsedSearch:
    """Read the search parameters; InvalidInput names every bad parameter."""
    try:
        filters, errors = parse_list_filters(args), {}
    except InvalidInput as error:  # said together with the search's own parameters
        filters, errors = None, dict(error.errors)
    help_kind = HELP_KIND.parse(args, errors)
    if filters is None:
        raise InvalidInput(errors)
    filters.help_kind = help_kind
    text = QUERY.parse(args)  # any length: the search bounds what it looks at (words.py)
    types = TYPE.parse(args, errors)
    words, point, named = text, filters.point, None
    if (
        point is None
    ):  # „Jugendclub Güstrow“: Güstrow is where, not a word (on the map too: it ranks, not filters)
        named = place_in_text(text[:MAX_PLACE_TEXT])
        if named is not None:
            words, point = named.rest, point_coordinates(to_geometry(named.place.location))
    sort = SORT.parse(args, errors)
    if sort == "distance" and point is None:
        errors["sort"] = _("Nach Entfernung lässt sich nur sortieren, wenn ein Ort angegeben ist.")
    if errors:
        raise InvalidInput(errors)
    query = SearchQuery(
        text=words,
        types=types,
        kommune_id=_kommune_id(filters.kommune),
        region_ids=_region_ids(filters),
        theme=filters.theme,
        target_group=filters.target_group,
        help_kind=filters.help_kind,
        point=point,
        radius_km=filters.radius_km,
        bbox=filters.bbox,
        sort=sort,
        page=filters.page,
        per_page=filters.per_page,
        prefer_nearby=named is not None,
    )
    return ParsedSearch(
        text=text,
        types=types,
        sort=sort,
        filters=filters,
        query=query,
        place_in_text=named.place if named else None,
    )


def search_page_or_problems(args) -> tuple[SearchPage, dict[str, str]]:
    """A search for a page (/suche, /karte): when the parameters cannot be used, an empty page and
    what is wrong, so the page keeps its form and says so (a place nobody knows, with the
    places it may have meant in `candidates`)."""
    try:
        return search_entries(args), {}
    except InvalidInput as error:
        empty = SearchResult(total=0, hits=[], facets=_no_facets())
        candidates = place_candidates(args) if "near" in error.errors else []
        page = SearchPage(
            text=args.get("q", ""),
            types=(),
            sort=None,
            filters=_as_typed(args),
            result=empty,
            region_names={},
            candidates=candidates,
        )
        return page, error.errors


def _as_typed(args) -> ListFilters:
    """The choices of a form that could not be used, as far as they are known values (to show them again)."""
    radius = args.get("radius_km", "")
    return ListFilters(
        kommune=args.get("kommune") or None,
        region=args.get("region") or None,
        theme=args.get("theme") if args.get("theme") in THEMES else None,
        target_group=args.get("target_group") if args.get("target_group") in TARGET_GROUPS else None,
        help_kind=args.get("help_kind") if args.get("help_kind") in HELP_KIND_LABELS else None,
        radius_km=float(radius) if radius in {str(km) for km in RADIUS_CHOICES_KM} else None,
    )


def place_candidates(args) -> list[GazetteerPlace]:
    """The places a typed, unknown `near` may have meant."""
    return look_up_place(args.get("near", "")).candidates if args.get("near") else []


def _no_facets() -> dict[str, dict]:
    return {"type": dict.fromkeys(TYPES, 0), "theme": {}, "target_group": {}, "help_kind": {}, "region": {}}


def search_entries(args) -> SearchPage:
    """Run a search from query parameters; InvalidInput names every bad parameter."""
    parsed = parse_search(args)
    result = search_backend().search(parsed.query)
    return SearchPage(
        text=parsed.text,
        types=parsed.types,
        sort=parsed.sort,
        filters=parsed.filters,
        result=result,
        region_names=_region_names(result.facets.get("region", {})),
        place_in_text=parsed.place_in_text,
    )


def hit_url(hit) -> str:
    return entry_url(hit.type, hit.entry_id)


def _kommune_id(slug: str | None) -> int | None:
    if slug is None:
        return None
    kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.slug == slug))
    return kommune_id if kommune_id is not None else -1  # unknown: matches nothing


def _region_ids(filters: ListFilters) -> tuple[int, ...]:
    if filters.region is None:
        return ()
    query = select(Region.id).where(Region.slug == filters.region)
    if filters.kommune:
        query = query.join(Kommune).where(Kommune.slug == filters.kommune)
    return tuple(db.session.scalars(query)) or (-1,)


def _region_names(counts: dict[int, int]) -> dict[int, tuple[str, str]]:
    if not counts:
        return {}
    rows = db.session.execute(select(Region.id, Region.slug, Region.name).where(Region.id.in_(list(counts))))
    return {region_id: (slug, name) for region_id, slug, name in rows}
