"""Rate limits on text searches, per client: generous for people, tight for costly queries.

A search without words (filters, radius, map moves) is cheap and not limited; a search with
words counts against TEXT_LIMIT, a long one (see words.is_long_query) against LONG_LIMIT
as well. /suche and /api/search share the budgets, so a client cannot double them. The map
(/api/map) asks again at every move and is not limited: the bounds of words.py keep each
of its queries cheap.
"""

from flask import request
from flask_babel import gettext as _

from ..extensions import limiter
from .words import is_long_query

TEXT_LIMIT = "60 per minute"  # one search a second, for a minute: more than anyone types
LONG_LIMIT = "10 per minute"


def _message() -> str:
    return _("Zu viele Suchanfragen in kurzer Zeit. Bitte warten Sie eine Minute und suchen Sie dann weiter.")


def _without_words() -> bool:
    return not request.args.get("q", "").strip()


def _not_long() -> bool:
    return not is_long_query(request.args.get("q", ""))


def limit_text_searches(view):
    """Decorate a view that runs the search's text query."""
    view = limiter.shared_limit(
        LONG_LIMIT, scope="search-long", exempt_when=_not_long, error_message=_message
    )(view)
    return limiter.shared_limit(
        TEXT_LIMIT, scope="search-text", exempt_when=_without_words, error_message=_message
    )(view)
