"""A folium map as three parts of our own page: asset links, the map's element, its script.

Folium renders a standalone HTML page (its own <html>, a viewport that forbids zooming,
inline styles). We take from it only what our templates need: the JavaScript and CSS links
(all on our own origin, or rendering refuses), the map's container with an accessible name,
and the map's script, which the page runs under the request's CSP nonce.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import folium
from branca.element import CssLink, JavascriptLink
from markupsafe import Markup


class ThirdPartyAsset(RuntimeError):
    """A map would load a script or stylesheet from another host (a folium default slipped in)."""


@dataclass
class MapEmbed:
    element_id: str
    label: str
    css_urls: list[str]
    js_urls: list[str]
    script: str
    css_class: str = ""

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
        # The script is folium's own output built from our data; JSON inside it is escaped by
        # folium's tojson (which escapes <, > and &), so it cannot close the script element.
        inline = Markup('<script nonce="{}">\n{}\n</script>').format(nonce, Markup(self.script))
        return Markup("\n").join([*sources, inline])


def embed(folium_map: folium.Map, label: str, css_class: str = "") -> MapEmbed:
    """Render a folium map into the parts of our page; refuse assets from other hosts."""
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
        css_class=css_class,
    )


def _own_origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/"):
        raise ThirdPartyAsset(f"a map asset would come from another host: {url}")
    return url
