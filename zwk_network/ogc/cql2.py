"""CQL2 text filters (OGC API – Features Part 3), parsed by pygeofilter, translated to SQLAlchemy.

What is translated is exactly what the conformance declaration promises: Basic CQL2 (comparisons
=, <>, <, <=, >, >= and IS NULL of queryables and literals – strings, numbers, booleans, DATE and
TIMESTAMP – combined with AND, OR, NOT) and the basic spatial function S_INTERSECTS of the
geometry with a geometry literal (POINT … MULTIPOLYGON, BBOX). Anything else – LIKE, BETWEEN,
IN, arithmetic, other functions – is refused with a reason, never guessed at.

Values reach SQL as bound parameters, property names only through the collection's queryables
(collections.py), so a filter can never write SQL. A filter is bounded before it is parsed (its
length and the nesting of its brackets) and after (the number of its nodes), and every failure
of the parser – pygeofilter raises many kinds – is a 400 answer with a German message.
"""

import operator
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from pygeofilter import ast, values
from shapely.geometry import box, shape
from sqlalchemy import and_, literal, not_, or_

from ..errors import InvalidInput
from ..geo.dialect import intersects_geometry
from .collections import INTEGER_RANGE, PYTHON_TYPES, Collection
from .crs import CRS84, OutsideCrs, box_in_crs84, transform_geometry

MAX_LENGTH = 4000
MAX_NESTING = 20
MAX_NODES = 300
GEOMETRY = "geometry"

_COMPARISONS = {
    ast.Equal: operator.eq,
    ast.NotEqual: operator.ne,
    ast.LessThan: operator.lt,
    ast.LessEqual: operator.le,
    ast.GreaterThan: operator.gt,
    ast.GreaterEqual: operator.ge,
}


def refuse(message: str):
    return InvalidInput({"filter": message})


def filter_clause(text: str, collection: Collection, filter_crs: str = CRS84):
    """The SQL condition of a CQL2 text filter on this collection; InvalidInput (400) if it is
    not one we can answer, with the reason in German."""
    tree = _parse(text)
    return _Translator(collection, filter_crs).condition(tree)


def _parse(text: str):
    if len(text) > MAX_LENGTH:
        raise refuse(_("Der Filter ist zu lang (höchstens %(max)s Zeichen).", max=MAX_LENGTH))
    if _nesting(text) > MAX_NESTING:
        raise refuse(
            _("Der Filter ist zu tief geschachtelt (höchstens %(max)s Klammerebenen).", max=MAX_NESTING)
        )
    # Imported on first use: the parser builds its grammar tables on import (~0.6 s of CPU that
    # every worker's start paid, for a filter few requests carry).
    from pygeofilter.parsers.cql2_text import parse as parse_cql2_text

    try:
        tree = parse_cql2_text(text)
    except Exception:  # lark and pygeofilter raise many kinds for malformed text; all mean the same
        raise refuse(
            _(
                "Der Filter ist kein gültiger CQL2-Text. Beispiel: name = 'Tafel' AND "
                "S_INTERSECTS(geometry, BBOX(11.5, 53.5, 12.5, 54.2))"
            )
        ) from None
    if _count_nodes(tree) > MAX_NODES:
        raise refuse(_("Der Filter hat zu viele Bedingungen (höchstens %(max)s Teile).", max=MAX_NODES))
    return tree


def _nesting(text: str) -> int:
    """The deepest nesting of brackets outside quoted strings."""
    depth = deepest = 0
    quoted = False
    for character in text:
        if character == "'":
            quoted = not quoted
        elif not quoted and character == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif not quoted and character == ")":
            depth -= 1
    return deepest


def _count_nodes(tree) -> int:
    count, pending = 0, [tree]
    while pending:
        node = pending.pop()
        count += 1
        if isinstance(node, ast.Node):
            pending.extend(node.get_sub_nodes())
        elif isinstance(node, list | tuple):
            pending.extend(node)
    return count


class _Translator:
    def __init__(self, collection: Collection, filter_crs: str):
        self.collection = collection
        self.filter_crs = filter_crs

    def condition(self, node):
        if isinstance(node, ast.And):
            return and_(self.condition(node.lhs), self.condition(node.rhs))
        if isinstance(node, ast.Or):
            return or_(self.condition(node.lhs), self.condition(node.rhs))
        if isinstance(node, ast.Not):
            return not_(self.condition(node.sub_node))
        if type(node) in _COMPARISONS:
            return self.comparison(_COMPARISONS[type(node)], node.lhs, node.rhs)
        if isinstance(node, ast.IsNull):
            column = self.queryable_column(node.lhs)[0]
            return column.is_not(None) if node.not_ else column.is_(None)
        if isinstance(node, ast.GeometryIntersects):
            return self.intersects(node.lhs, node.rhs)
        raise refuse(
            _(
                "Dieser Teil des Filters wird nicht unterstützt: %(what)s. Möglich sind Vergleiche "
                "(=, <>, <, <=, >, >=), IS NULL, AND, OR, NOT und S_INTERSECTS.",
                what=_describe(node),
            )
        )

    def queryable_column(self, node):
        """(SQL expression, JSON type) of a property reference; refused unless it is a queryable."""
        if not isinstance(node, ast.Attribute):
            raise refuse(
                _("Hier wird der Name einer Eigenschaft erwartet, nicht %(what)s.", what=_describe(node))
            )
        queryable = self.collection.queryable(node.name)
        if queryable is None:
            raise refuse(self.unknown_property(node.name))
        return queryable.column(), queryable.type

    def unknown_property(self, name: str) -> str:
        names = ", ".join(q.name for q in self.collection.queryables)
        return _(
            "Unbekannte Eigenschaft „%(name)s“. Filtern lässt sich nach: %(names)s, geometry.",
            name=str(name)[:60],
            names=names,
        )

    def comparison(self, compare, lhs, rhs):
        left_is_property, right_is_property = isinstance(lhs, ast.Attribute), isinstance(rhs, ast.Attribute)
        if left_is_property and right_is_property:
            (left, left_type), (right, right_type) = self.queryable_column(lhs), self.queryable_column(rhs)
            if not _comparable(left_type, right_type):
                raise refuse(_("„%(a)s“ und „%(b)s“ lassen sich nicht vergleichen.", a=lhs.name, b=rhs.name))
            return compare(left, right)
        if not left_is_property and not right_is_property:
            return compare(literal(_scalar(lhs)), literal(_scalar(rhs)))
        prop, value = (lhs, rhs) if left_is_property else (rhs, lhs)
        column, kind = self.queryable_column(prop)
        value = _value_for(kind, _scalar(value), prop.name)
        bound = literal(value, type_=column.type)
        return compare(column, bound) if left_is_property else compare(bound, column)

    def intersects(self, lhs, rhs):
        prop, shape_node = (lhs, rhs) if isinstance(lhs, ast.Attribute) else (rhs, lhs)
        if not isinstance(prop, ast.Attribute) or prop.name != GEOMETRY:
            raise refuse(_("S_INTERSECTS vergleicht die Eigenschaft „geometry“ mit einer Geometrie."))
        geometry = self.geometry_literal(shape_node)
        return intersects_geometry(self.collection.geometry(), geometry)

    def geometry_literal(self, node):
        if isinstance(node, ast.Function) and node.name.lower() == "bbox":
            numbers = node.arguments
            if len(numbers) not in (4, 6) or not all(_is_number(n) for n in numbers):
                raise refuse(_("BBOX braucht vier Zahlen: BBOX(min_x, min_y, max_x, max_y)."))
            if len(numbers) == 6:
                numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
            if numbers[0] > numbers[2] or numbers[1] > numbers[3]:
                raise refuse(_("In BBOX müssen die ersten beiden Zahlen die kleineren sein."))
            return self.in_crs84(lambda: box_in_crs84(tuple(float(n) for n in numbers), self.filter_crs))
        if isinstance(node, values.Geometry):
            try:
                geometry = shape(node.geometry)
            except Exception:  # shapely raises several kinds for malformed coordinates
                raise refuse(_("Die Geometrie im Filter ist fehlerhaft.")) from None
            if geometry.is_empty or not geometry.is_valid:
                raise refuse(
                    _("Die Geometrie im Filter ist leer oder ungültig (z. B. eine sich schneidende Fläche).")
                )
            return self.in_crs84(lambda: transform_geometry(geometry, self.filter_crs, CRS84))
        raise refuse(_("S_INTERSECTS braucht eine Geometrie wie POINT(12.1 53.8) oder BBOX(…)."))

    def in_crs84(self, transform):
        """The filter geometry in CRS84; it must lie on the earth (coordinates of another CRS do not)."""
        try:
            geometry = transform()
        except OutsideCrs:
            geometry = None
        if geometry is None or not geometry.is_valid or not _EARTH.covers(geometry):
            raise refuse(_("Die Koordinaten der Geometrie liegen außerhalb der Erde; stimmt filter-crs?"))
        return geometry


_EARTH = box(-180, -90, 180, 90)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _scalar(node):
    if isinstance(node, bool | int | float | str | date):
        return node
    raise refuse(
        _(
            "Hier wird ein Wert erwartet (Text, Zahl, true/false, DATE, TIMESTAMP), nicht %(what)s.",
            what=_describe(node),
        )
    )


def _comparable(left: str, right: str) -> bool:
    numeric = {"integer", "number"}
    return left == right or {left, right} <= numeric


def _value_for(kind: str, value, name: str):
    """The literal as the queryable's type; refused when of another kind (CQL2 compares like with like)."""
    accepted = PYTHON_TYPES[kind]
    wrong_bool = isinstance(value, bool) and kind != "boolean"
    wrong_date = kind == "date" and isinstance(value, datetime)
    if wrong_bool or wrong_date or not isinstance(value, accepted):
        raise refuse(
            _(
                "„%(name)s“ ist vom Typ %(kind)s; der Wert %(value)s passt nicht dazu.",
                name=name,
                kind=_TYPE_NAMES.get(kind, kind),
                value=repr(value)[:60],
            )
        )
    if kind == "integer" and not INTEGER_RANGE[0] <= value <= INTEGER_RANGE[1]:
        raise refuse(_("Die Zahl %(value)s ist zu groß für „%(name)s“.", value=str(value)[:30], name=name))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # stored as UTC without a zone
    return value


_TYPE_NAMES = {
    "string": "Text",
    "integer": "ganze Zahl",
    "number": "Zahl",
    "boolean": "true/false",
    "date": "DATE('JJJJ-MM-TT')",
    "date-time": "TIMESTAMP('…Z')",
}


#: What the refused parts of CQL2 are called in the standard (the syntax tree's names otherwise).
_CQL2_NAMES = {
    "Like": "LIKE",
    "Between": "BETWEEN",
    "In": "IN",
    "Add": "+",
    "Sub": "-",
    "Mul": "*",
    "Div": "/",
    "Function": "f(…)",
    "Include": "INCLUDE",
    "Exclude": "EXCLUDE",
    "GeometryWithin": "S_WITHIN",
    "GeometryContains": "S_CONTAINS",
    "GeometryDisjoint": "S_DISJOINT",
    "GeometryTouches": "S_TOUCHES",
    "GeometryCrosses": "S_CROSSES",
    "GeometryOverlaps": "S_OVERLAPS",
    "GeometryEquals": "S_EQUALS",
    "Relate": "RELATE",
    "BBox": "BBOX(…)",
}


def _describe(node) -> str:
    if isinstance(node, ast.Node):
        name = type(node).__name__
        if isinstance(node, ast.TemporalPredicate):
            return "T_…"
        return _CQL2_NAMES.get(name, name)
    return repr(node)[:60]
