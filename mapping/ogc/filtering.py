"""CQL2 filters of the OGC API (Features Part 3), turned into Django `Q` objects.

pygeofilter parses the `filter` parameter (CQL2 text or CQL2 JSON) into a syntax tree; the
evaluator below walks it and builds Django lookups, so every value reaches PostgreSQL as a query
parameter, never as SQL text. Only the layer's queryables may be named: its public columns and
its geometry (a planner's personal column is not filterable, even by a planner, so that a filter
cannot probe what a page does not show). Each literal is checked against its column's kind, so a
wrong type is a sentence, not a database error.

Supported: comparisons (=, <>, <, <=, >, >=, also between two properties), IS [NOT] NULL, AND,
OR, NOT, LIKE (`%` and `_`, `\\` escapes), BETWEEN, IN, and the spatial functions S_INTERSECTS,
S_DISJOINT, S_CONTAINS, S_WITHIN, S_TOUCHES, S_CROSSES, S_OVERLAPS, S_EQUALS on any geometry
literal (WKT or GeoJSON, and BBOX), given in `filter-crs`. Not supported: functions (CASEI,
ACCENTI), arithmetic, temporal and array operators; they are refused with a sentence.
"""

import datetime as dt
import json
import re

from django.contrib.gis.geos import GEOSGeometry
from django.db.models import F, Q
from django.utils.translation import gettext as _
from lark.exceptions import LarkError
from pygeofilter import ast, values
from pygeofilter.backends.evaluator import Evaluator, handle
from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text
from shapely.geometry import box, shape
from shapely.ops import transform

from mapping.ogc.crs import Crs
from territory.catalogue import BOOL, DATE, DATETIME, FLOAT, INT, STR, Column, Layer

CQL2_TEXT, CQL2_JSON = "cql2-text", "cql2-json"
# The draft's name of CQL text: GDAL's OAPIF driver (3.12 still) filters on the server only when
# the API offers it, and sends its filters, which CQL2 text reads, under that name.
CQL_TEXT_DRAFT = "cql-text"
FILTER_LANGUAGES = (CQL2_TEXT, CQL2_JSON, CQL_TEXT_DRAFT)

_SPATIAL_LOOKUPS = {
    "INTERSECTS": "intersects",
    "DISJOINT": "disjoint",
    "CONTAINS": "contains",
    "WITHIN": "within",
    "TOUCHES": "touches",
    "CROSSES": "crosses",
    "OVERLAPS": "overlaps",
    "EQUALS": "equals",
}
# A literal first: S_WITHIN(POINT(...), geometry) is S_CONTAINS(geometry, POINT(...)).
_SPATIAL_SWAPPED = {"contains": "within", "within": "contains"}
_COMPARISON_LOOKUPS = {"=": "exact", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
_COMPARISON_SWAPPED = {"lt": "gt", "lte": "gte", "gt": "lt", "gte": "lte", "exact": "exact"}


class FilterRefused(ValueError):
    """A filter that cannot be applied; its message is a sentence for the person (400)."""


def queryable_columns(collection: Layer) -> tuple[Column, ...]:
    """The columns a filter may name: the public ones (never a personal column)."""
    return collection.columns


def _kind_name(kind: str) -> str:
    return {
        STR: _("a text"),
        INT: _("a whole number"),
        FLOAT: _("a number"),
        BOOL: _("true or false"),
        DATE: _("a date, DATE('2024-05-31')"),
        DATETIME: _("a date and time, TIMESTAMP('2024-05-31T12:00:00Z')"),
    }.get(kind, _("a text"))


def typed_value(column: Column, value):
    """`value` as the column's kind; FilterRefused with a sentence when it is not one."""
    kind = column.kind
    ok = {
        STR: isinstance(value, str),
        INT: isinstance(value, int) and not isinstance(value, bool),
        FLOAT: isinstance(value, int | float) and not isinstance(value, bool),
        BOOL: isinstance(value, bool),
        DATE: isinstance(value, dt.date) and not isinstance(value, dt.datetime),
        DATETIME: isinstance(value, dt.date),
    }.get(kind, isinstance(value, str))
    if not ok:
        raise FilterRefused(
            _("%(name)s is compared with %(value)s, but its values are %(kind)s.")
            % {"name": column.name, "value": _shown(value), "kind": _kind_name(kind)}
        )
    if kind == DATETIME and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    if kind == DATETIME and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _shown(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)[:40]


def _like_regex(pattern: str) -> str:
    """A CQL2 LIKE pattern as an anchored regular expression: `%` any run of characters,
    `_` one character, a backslash makes the next character literal."""
    parts, escaped = ["^"], False
    for character in pattern:
        if escaped:
            parts.append(re.escape(character))
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    parts.append("$")
    return "".join(parts)


class _Geometry:
    """A geometry literal of the filter, with its SRID (Django transforms it in SQL)."""

    def __init__(self, geometry: GEOSGeometry):
        self.geometry = geometry

    def __str__(self) -> str:
        return self.geometry.geom_type


class _Evaluator(Evaluator):
    def __init__(self, collection: Layer, crs: Crs):
        self.collection = collection
        self.crs = crs
        self.columns = {column.name: column for column in queryable_columns(collection)}

    # Names
    @handle(ast.Attribute)
    def attribute(self, node):
        name = node.name
        if name == self.collection.geometry_field or name in self.columns:
            return F(name)
        raise FilterRefused(
            _(
                "The filter names “%(name)s”, which is not a property one can filter this "
                "layer by. The properties are listed at its queryables address: %(names)s."
            )
            % {
                "name": name[:60],
                "names": ", ".join([self.collection.geometry_field, *self.columns]),
            }
        )

    def _column(self, expression: F) -> Column:
        column = self.columns.get(expression.name)
        if column is None:  # the geometry compared as a value
            raise FilterRefused(
                _("The geometry can only be used in a spatial function such as S_INTERSECTS.")
            )
        return column

    # Logic
    @handle(ast.Not)
    def not_(self, node, sub):
        return ~self._condition(sub)

    @handle(ast.And, ast.Or)
    def combination(self, node, lhs, rhs):
        lhs, rhs = self._condition(lhs), self._condition(rhs)
        return lhs & rhs if node.op.value == "AND" else lhs | rhs

    @handle(ast.Include)
    def include(self, node):
        return ~Q(pk__in=[]) if node.not_ else Q()

    @staticmethod
    def _condition(value) -> Q:
        if not isinstance(value, Q):
            raise FilterRefused(_("Each part of the filter must be a condition, such as x = 1."))
        return value

    # Comparisons
    @handle(ast.Comparison, subclasses=True)
    def comparison(self, node, lhs, rhs):
        op = node.op.value
        if not isinstance(lhs, F):
            lhs, rhs = rhs, lhs
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        if not isinstance(lhs, F):
            raise FilterRefused(_("A comparison needs a property on one side."))
        column = self._column(lhs)
        if isinstance(rhs, F):
            self._column(rhs)
        else:
            rhs = typed_value(column, rhs)
        if op == "<>":
            # CQL2: a comparison with a missing value is not true, so NULLs stay out.
            return ~Q(**{lhs.name: rhs}) & Q(**{f"{lhs.name}__isnull": False})
        return Q(**{f"{lhs.name}__{_COMPARISON_LOOKUPS[op]}": rhs})

    @handle(ast.Between)
    def between(self, node, lhs, low, high):
        column = self._column(self._property(lhs))
        condition = Q(
            **{f"{lhs.name}__range": (typed_value(column, low), typed_value(column, high))}
        )
        return ~condition & Q(**{f"{lhs.name}__isnull": False}) if node.not_ else condition

    @handle(ast.Like)
    def like(self, node, lhs):
        column = self._column(self._property(lhs))
        if column.kind != STR or not isinstance(node.pattern, str):
            raise FilterRefused(
                _("LIKE compares a text property with a text pattern, such as name LIKE 'B%'.")
            )
        condition = Q(**{f"{lhs.name}__regex": _like_regex(node.pattern)})
        return ~condition & Q(**{f"{lhs.name}__isnull": False}) if node.not_ else condition

    @handle(ast.In)
    def in_(self, node, lhs, *options):
        column = self._column(self._property(lhs))
        condition = Q(**{f"{lhs.name}__in": [typed_value(column, o) for o in options]})
        return ~condition & Q(**{f"{lhs.name}__isnull": False}) if node.not_ else condition

    @handle(ast.IsNull)
    def null(self, node, lhs):
        self._property(lhs)
        return Q(**{f"{lhs.name}__isnull": not node.not_})

    @staticmethod
    def _property(value) -> F:
        if not isinstance(value, F):
            raise FilterRefused(
                _("This operator needs a property on its left, such as x IN (1, 2).")
            )
        return value

    # Space
    @handle(ast.SpatialComparisonPredicate, subclasses=True)
    def spatial(self, node, lhs, rhs):
        lookup = _SPATIAL_LOOKUPS[node.op.name]
        if isinstance(lhs, _Geometry):
            lhs, rhs = rhs, lhs
            lookup = _SPATIAL_SWAPPED.get(lookup, lookup)
        geometry_field = self.collection.geometry_field
        if not (isinstance(lhs, F) and lhs.name == geometry_field and isinstance(rhs, _Geometry)):
            raise FilterRefused(
                _(
                    "A spatial function compares the layer's geometry (%(field)s) with a "
                    "geometry, such as S_INTERSECTS(%(field)s, POINT(2.79 50.45))."
                )
                % {"field": geometry_field}
            )
        return Q(**{f"{geometry_field}__{lookup}": rhs.geometry})

    @handle(values.Geometry)
    def geometry(self, node):
        return self._literal_geometry(shape(node.__geo_interface__))

    @handle(values.Envelope)
    def envelope(self, node):
        return self._box(node.x1, node.y1, node.x2, node.y2)

    @handle(ast.Function)
    def function(self, node, *arguments):
        numbers = all(isinstance(a, int | float) and not isinstance(a, bool) for a in arguments)
        if node.name.lower() == "bbox" and len(arguments) in (4, 6) and numbers:
            if len(arguments) == 6:  # with heights: min x, min y, min z, max x, max y, max z
                arguments = (arguments[0], arguments[1], arguments[3], arguments[4])
            return self._box(*arguments)
        raise FilterRefused(
            _("The function %(name)s is not available in filters here.") % {"name": node.name}
        )

    def _box(self, x1, y1, x2, y2):
        return self._literal_geometry(box(x1, y1, x2, y2))

    def _literal_geometry(self, geometry) -> _Geometry:
        if self.crs.latitude_first:
            geometry = transform(lambda x, y, z=None: (y, x), geometry)
        if geometry.is_empty or not geometry.is_valid:
            raise FilterRefused(_("A geometry of the filter is empty or invalid."))
        return _Geometry(GEOSGeometry(memoryview(geometry.wkb), srid=self.crs.srid))

    # Values
    @handle(*values.LITERALS)
    def literal(self, node):
        return node

    def adopt(self, node, *sub_args):
        raise FilterRefused(
            _("This filter uses an operator that is not available here: %(operator)s.")
            % {"operator": type(node).__name__}
        )


def language(raw: str | None) -> str:
    """The language `filter-lang` names: CQL2 text when absent."""
    if raw in (None, ""):
        return CQL2_TEXT
    if raw not in FILTER_LANGUAGES:
        raise FilterRefused(
            _("filter-lang is cql2-text or cql2-json, not %(language)s.") % {"language": raw[:20]}
        )
    return CQL2_TEXT if raw == CQL_TEXT_DRAFT else raw


def parse(text: str, language: str):
    """The syntax tree of a CQL2 filter; FilterRefused with a sentence when it does not parse."""
    try:
        tree = parse_cql2_text(text) if language == CQL2_TEXT else parse_cql2_json(text)
    except (LarkError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise FilterRefused(
            _("The filter could not be read as %(language)s: %(detail)s")
            % {"language": language.upper(), "detail": _parse_detail(error)}
        ) from error
    if not isinstance(tree, ast.Node):
        raise FilterRefused(_("The filter must be a condition, such as typezone = 'U'."))
    return tree


def _parse_detail(error: Exception) -> str:
    column = getattr(error, "column", None)
    if column not in (None, -1):
        return _("check the characters near position %(column)s.") % {"column": column}
    if isinstance(error, json.JSONDecodeError):
        return _("the JSON is malformed near position %(column)s.") % {"column": error.pos + 1}
    return _("check its syntax.")


def to_q(tree, collection: Layer, crs: Crs) -> Q:
    """The Django condition of a parsed filter on `collection`, its geometries in `crs`."""
    evaluator = _Evaluator(collection, crs)
    return evaluator._condition(evaluator.evaluate(tree))
