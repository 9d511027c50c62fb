"""A hit's snippet, for every engine: the passages of its texts where the query's words matched,
marked (Whoosh's highlighter over the project's analysis); else the start of its summary.
Everything but the marks is escaped."""

import html
from collections.abc import Mapping

from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from .analysis import german_analyzer, mentions

#: The texts a snippet is taken from, the first with a match.
FIELDS = ("summary", "body", "name")
_formatter = HtmlFormatter(tagname="b", classname="match", between=" … ")
_fragmenter = ContextFragmenter(maxchars=180, surround=60)
START_CHARS = 200


def snippet(texts: Mapping[str, str | None], terms: Mapping[str, frozenset[str]]) -> str:
    """`texts` by field (FIELDS), `terms`: the index terms to mark in each field. A text that
    holds none of them is not highlighted (that would find nothing, at the cost of a match)."""
    for field in FIELDS:
        value, marked = texts.get(field) or "", terms.get(field)
        if value and marked and mentions(value, marked):
            highlighted = highlight(value, marked, german_analyzer(), _fragmenter, _formatter, top=2)
            if highlighted:
                return highlighted
    value = texts.get("summary") or texts.get("body") or ""
    return html.escape(value[:START_CHARS] + ("…" if len(value) > START_CHARS else ""))
