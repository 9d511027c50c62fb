"""The operator's Markdown as safe HTML: markdown-it-py (CommonMark) with raw HTML off.

A line break is kept (addresses). A text may contain paragraphs, headings, lists, emphasis, block
quotes, tables, rules and links. Links go only to http(s), mailto or a path of this site; images
are off (a page never loads anything from another host). Raw HTML and template syntax are shown
as the text they are – the result is built by the parser and escaped by it, never compiled as a
template.
"""

from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

#: Schemes a link may have; a link without a scheme is relative (a path of this site).
LINK_SCHEMES = {"http", "https", "mailto"}


def is_allowed_link(url: str) -> bool:
    """http(s), mailto, or a relative link; never javascript:, data:, vbscript:, file: or a scheme-relative
    //host (which a browser would fetch from another host)."""
    url = url.strip()
    if url.startswith("//") or url.startswith("\\"):
        return False
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in LINK_SCHEMES if scheme else ":" not in url.split("/", 1)[0]


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    parser.enable("table")
    parser.disable("image")
    parser.validateLink = is_allowed_link
    return parser


def render_markdown(text: str) -> Markup:
    """The text as HTML to put into a page as it is: the parser escapes everything it does not build.
    A heading of level 1 becomes level 2: the page's own title is its one h1."""
    parser = _parser()
    tokens = parser.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    return Markup(parser.renderer.render(tokens, parser.options, {}))
