"""The public map page, the embeddable map and the page that writes its snippet."""

from flask import Blueprint, render_template, request

from ..framing import allow_framing
from ..search.services import hit_url
from .public import public_map_page
from .widget import embed_snippet, embedded_map_page, frame_origins

bp = Blueprint("maps", __name__)


@bp.get("/karte")
def public_map():
    """Initiatives, meeting places and needs on a map, filtered like the search; a list without JS."""
    page = public_map_page(request.args)
    html = render_template("maps/public.html", page=page, page_map=page.map, hit_url=hit_url)
    return html, 400 if page.problems else 200


@bp.get("/embed/karte")
def embedded_map():
    """The map and list for other websites' frames: a fixed filter, links to the full site, no cookies."""
    allow_framing(frame_origins(request.args))
    embedded = embedded_map_page(request.args)
    page = embedded.page
    html = render_template(
        "maps/embedded.html", embedded=embedded, page=page, page_map=page.map, hit_url=hit_url
    )
    return html, 400 if page.problems else 200


@bp.get("/einbetten")
def embed_generator():
    """Choose region, theme, types, size and language; copy the <iframe> snippet for your website."""
    snippet = embed_snippet(request.args)
    html = render_template("maps/embed_generator.html", snippet=snippet)
    return html, 400 if snippet.problems else 200
