"""A folium map as parts of our own page: asset links, the map's element, its data, its script.

Folium renders a standalone HTML page (its own <html>, a viewport that forbids zooming,
inline styles). We take from it only what our templates need: the JavaScript and CSS links
(all on our own origin, or rendering refuses), the map's container with an accessible name,
the map's options as a JSON data block, and the one-line script that starts the map, which
the page runs under the request's CSP nonce.

branca renders every element's script and HTML, then wraps the result in a new `Element`,
which compiles it once more as a Jinja template (branca/element.py, `MacroElement.render`
and `Figure.render`). Any text from a person inside folium's output would therefore be run
as a template on the server. So a map may hold only the elements below, whose output is made
of our own constants and numbers; all data goes through `MapBehaviour.options` into the JSON
block, which is never compiled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

if TYPE_CHECKING:  # folium comes with the first map (maps/builders.py)
    import folium

    from .behaviour import MapBehaviour


class ThirdPartyAsset(RuntimeError):
    """A map would load a script or stylesheet from another host (a folium default slipped in)."""


class UnsafeMapElement(RuntimeError):
    """A map holds a folium element that would pass its content through a template compiler."""


def safe_elements() -> tuple[type, ...]:
    """The only elements a map may contain: none of them carries data (see the module's docstring)."""
    import folium

    from .behaviour import MapBehaviour

    return (folium.Map, folium.TileLayer, MapBehaviour)


@dataclass
class MapEmbed:
    element_id: str
    label: str
    css_urls: list[str]
    js_urls: list[str]
    script: str
    data: dict
    css_class: str = ""

    @property
    def data_id(self) -> str:
        return f"{self.element_id}-data"

    def container(self) -> Markup:
        """The map's element: a labelled region, so assistive technology can name and skip it."""
        classes = " ".join(filter(None, ["map", self.css_class]))
        return Markup('<div id="{}" class="{}" role="region" aria-label="{}"></div>').format(
            self.element_id, classes, self.label
        )

    def head(self) -> Markup:
        links = [Markup('<link rel="stylesheet" href="{}">').format(url) for url in self.css_urls]
        return Markup("\n").join(links)

    def scripts(self, nonce: str) -> Markup:
        sources = [Markup('<script src="{}"></script>').format(url) for url in self.js_urls]
        # Data, not code: a JSON block is never executed, and htmlsafe_json_dumps writes <, >, &
        # and ' as \\u escapes, so no value can end the element.
        data = Markup('<script type="application/json" id="{}">{}</script>').format(
            self.data_id, htmlsafe_json_dumps(self.data)
        )
        inline = Markup('<script nonce="{}">\n{}\n</script>').format(nonce, Markup(self.script))
        return Markup("\n").join([*sources, data, inline])


def embed(folium_map: folium.Map, label: str, css_class: str = "") -> MapEmbed:
    """Render a folium map into the parts of our page; refuse assets from other hosts and any
    element that could carry data into folium's templates."""
    from branca.element import CssLink, JavascriptLink

    behaviours = _check_elements(folium_map)
    figure = folium_map.get_root()
    figure.render()
    js_urls, css_urls = [], []
    for child in figure.header._children.values():
        if isinstance(child, JavascriptLink):
            js_urls.append(_own_origin(child.url))
        elif isinstance(child, CssLink):
            css_urls.append(_own_origin(child.url))
    return MapEmbed(
        element_id=folium_map.get_name(),
        label=label,
        css_urls=css_urls,
        js_urls=js_urls,
        script=figure.script.render(),
        data=behaviours[0].options if behaviours else {},
        css_class=css_class,
    )


def _check_elements(folium_map: folium.Map) -> list[MapBehaviour]:
    from .behaviour import MapBehaviour

    allowed = safe_elements()
    behaviours = []
    pending = [folium_map]
    while pending:
        element = pending.pop()
        if not isinstance(element, allowed):
            raise UnsafeMapElement(f"{type(element).__name__} may not be part of a map; draw it in map.js")
        if isinstance(element, MapBehaviour):
            behaviours.append(element)
        pending.extend(element._children.values())
    if len(behaviours) > 1:
        raise UnsafeMapElement("a map has one behaviour")
    return behaviours


def _own_origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/"):
        raise ThirdPartyAsset(f"a map asset would come from another host: {url}")
    return url
