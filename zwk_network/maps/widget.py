"""The embeddable map: /karte reduced to map and list for municipal websites (/embed/karte), and the
page that writes its <iframe> snippet (/einbetten).

The embedded page is the public map page (public.py) with the same filters, the same parser and the
same data source (/api/map); it only keeps fewer parameters, frames differently and sets no cookie
(framing.py). Its links open the full site in a new tab, with the filter kept.
"""

from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from ..errors import InvalidInput
from ..municipalities.services import list_kommunen, list_regions
from ..search.services import parse_search
from .features import MAP_TYPES
from .public import PublicMapPage, public_map_page

#: The search parameters an embedded map keeps: what it shows, not where it is looked at.
EMBED_FILTERS = ("q", "kommune", "region", "theme", "target_group", "help_kind", "type")
#: The generator's sizes: width (pixels or a share of the page) and height in pixels.
SIZES = {
    "klein": (_l("klein (400 × 450 Pixel)"), "400", 450),
    "mittel": (_l("mittel (640 × 520 Pixel)"), "640", 520),
    "breit": (_l("ganze Breite, 640 Pixel hoch"), "100%", 640),
}
DEFAULT_SIZE = "mittel"


@dataclass
class EmbeddedMap:
    page: PublicMapPage
    filters: MultiDict  # the filter, kept in every link to the full site
    full_map_url: str
    list_url: str


def embed_filters(args) -> MultiDict:
    """The parameters of an embedded map's filter, in their order, without empty ones."""
    return MultiDict(
        [(key, value) for key, value in args.items(multi=True) if key in EMBED_FILTERS and value]
    )


def embedded_map_page(args) -> EmbeddedMap:
    """The embedded map: the public map page for the filter in `args`, with links to the full site."""
    filters = embed_filters(args)
    page = public_map_page(filters, embedded=True)
    params = filters.to_dict(flat=False)
    return EmbeddedMap(
        page=page,
        filters=filters,
        full_map_url=url_for("maps.public_map", **params),
        list_url=url_for("search.search", **params),
    )


def frame_origins(args) -> tuple[str, ...] | None:
    """Which websites may frame this embed: None when the installation names none (any may), else
    those named for every embed plus those of the filter's Kommune (by its slug, or its region's)."""
    configured = current_app.config["EMBED_ORIGINS"]
    if not configured:
        return None
    kommune = args.get("kommune") or _kommune_of_region(args.get("region"))
    return (*configured.get("", ()), *(configured.get(kommune, ()) if kommune else ()))


def _kommune_of_region(slug: str | None) -> str | None:
    if not slug:
        return None
    region = next((region for region in list_regions() if region.slug == slug), None)
    return region.kommune.slug if region is not None else None


@dataclass
class EmbedSnippet:
    """What /einbetten shows: the choices, what is wrong with them, and the snippet."""

    args: MultiDict
    types: tuple[str, ...]
    size: str
    language: str
    kommunen: list
    regions: list
    problems: dict = field(default_factory=dict)
    path: str = ""  # the embedded map's path on this site (the preview)
    url: str = ""  # its address for other websites (absolute, from ZWK_BASE_URL)
    width: str = ""
    height: int = 0
    code: str = ""  # the <iframe> snippet, as text
    sizes = SIZES
    all_types = MAP_TYPES


def embed_snippet(args) -> EmbedSnippet:
    """The snippet for the chosen filter, size and language; problems name what cannot be used."""
    filters = embed_filters(args)
    types = tuple(t for value in filters.getlist("type") for t in value.split(",") if t) or MAP_TYPES
    size = args.get("size") or DEFAULT_SIZE
    language = args.get("lang") or current_app.config["DEFAULT_LOCALE"]
    snippet = EmbedSnippet(
        args=filters,
        types=types,
        size=size,
        language=language,
        kommunen=list_kommunen(),
        regions=list_regions(filters.get("kommune")),
    )
    problems = {}
    try:
        parse_search(filters)
    except InvalidInput as error:
        problems |= error.errors
    if size not in SIZES:
        problems["size"] = _("erlaubt: %(allowed)s", allowed=", ".join(SIZES))
    if language not in current_app.config["LANGUAGES"]:
        problems["lang"] = _("erlaubt: %(allowed)s", allowed=", ".join(current_app.config["LANGUAGES"]))
    snippet.problems = problems
    if problems:
        return snippet
    if set(types) == set(MAP_TYPES):  # every type is what the map shows anyway
        filters.poplist("type")
    else:
        filters.setlist("type", [",".join(types)])
    params = filters.to_dict(flat=False) | {"lang": language}
    base = current_app.config["BASE_URL"].rstrip("/")
    snippet.path = url_for("maps.embedded_map", **params)
    snippet.url = base + snippet.path
    snippet.width, snippet.height = SIZES[size][1], SIZES[size][2]
    title = _("Karte der Initiativen, Begegnungsorte und Bedarfe")
    full_map = base + url_for("maps.public_map", **filters.to_dict(flat=False))
    snippet.code = str(
        Markup(
            '<iframe src="{url}" title="{title}" width="{width}" height="{height}" loading="lazy"'
            ' style="border:1px solid #767676;max-width:100%"></iframe>\n'
            '<p><a href="{full}" target="_blank" rel="noopener">{link}</a></p>'
        ).format(
            url=snippet.url,
            title=title,
            width=snippet.width,
            height=snippet.height,
            full=full_map,
            link=_("Die Karte auf einer eigenen Seite öffnen"),
        )
    )
    return snippet
