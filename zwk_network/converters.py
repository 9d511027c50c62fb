"""URL converters: an <int:…> in a route is a row id, so it matches only what an id column holds.

PostgreSQL's integer columns hold up to 2**31 - 1 and SQLite refuses anything past 2**63 - 1; a
larger number in a URL would reach the query and fail there (500). Bounded here, it simply matches
no route: the page or the API answers 404 as for any id that does not exist.
"""

from werkzeug.routing import IntegerConverter

#: The largest value of an integer column (PostgreSQL's integer, 32 bits).
LARGEST_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """werkzeug's int converter, from 0 to LARGEST_ID unless a route says otherwise."""

    def __init__(self, map, fixed_digits=0, min=0, max=LARGEST_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_converters(app) -> None:
    """Before any route is added: <int:…> is a RowIdConverter."""
    app.url_map.converters["int"] = RowIdConverter
