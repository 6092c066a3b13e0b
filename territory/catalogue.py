"""The layer catalogue: each layer of the map described once, read by every output.

A `Layer` says which rows a given person may see, which columns are public and which are the
planners' personal columns, its geometry column and type, its French title and description, and
its `Style` (colours, and the legend entries they give). The REST API's read serializers, the
exports (GeoJSON, CSV, GeoPackage with its QGIS styles), the OGC API (items, schema, queryables)
and the web map with its legend all read it, so a layer cannot be public in one output and
private in another, nor red on the town map and green in QGIS.

This module is machinery only: it imports no app above `territory`. Each app registers its own
layers in its `layers.py`, imported from its AppConfig.ready() (territory, land_use, heritage,
mapping). The map draws them bottom to top in the order of `Layer.order`, then of registration.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

# Column kinds, read by the GeoPackage and CSV writers, the API and the OGC API's schema.
STR, INT, FLOAT, BOOL, DATE, DATETIME = "str", "int", "float", "bool", "date", "datetime"

# How an area is filled: in colour, hatched (the layers underneath stay readable), or not at all.
SOLID, HATCHED, OUTLINE = "solid", "hatched", "outline"

# The swatch of a legend entry.
AREA, POINT, DASHED = "area", "point", "dashed"


@dataclass(frozen=True)
class Column:
    """One attribute of a layer's features.

    `annotation` is the query expression computing it (None for a model field); `map` puts it in
    the features of the public web map (kept small: no long texts); `api_name` is its name in the
    REST API when it differs (the API names the commune `commune`, the files `commune_insee`).
    """

    name: str
    kind: str = STR
    annotation: Any = None
    map: bool = False
    api_name: str | None = None
    title: str | Promise = ""


@dataclass(frozen=True)
class Style:
    """How a layer is drawn, on the web map and in QGIS, and what its legend says.

    One colour for every feature (`colour`), or one per value of the column `attribute`
    (`colours`, whose words are `labels()` in the active language). Proposals add an icon (points)
    and a dash pattern (lines, areas) per value of `symbol_attribute`.
    """

    colour: str = ""
    attribute: str = ""
    colours: Mapping[str, str] = field(default_factory=dict)
    labels: Callable[[], dict[str, str]] | None = None
    fill: str = SOLID
    legend_title: str | Promise | None = None
    legend_label: str | Promise | None = None
    legend_shape: str = AREA
    # Values drawn but left out of the legend (conventional farmland, withdrawn proposals).
    legend_hidden: tuple[str, ...] = ()
    symbol_attribute: str = ""
    icons: Mapping[str, str] = field(default_factory=dict)
    dashes: Mapping[str, str | None] = field(default_factory=dict)
    symbol_labels: Callable[[], dict[str, str]] | None = None
    symbol_legend_title: str | Promise | None = None

    def value_labels(self) -> dict[str, str]:
        return self.labels() if self.labels is not None else {}

    def legend_items(self) -> list[dict]:
        """The legend entries of the colours: label, colour and swatch shape."""
        if not self.attribute:
            label = self.legend_label or self.legend_title
            return [{"label": label, "colour": self.colour, "shape": self.legend_shape}]
        labels = self.value_labels()
        return [
            {"label": labels.get(value, value), "colour": colour, "shape": self.legend_shape}
            for value, colour in self.colours.items()
            if value not in self.legend_hidden
        ]

    def symbol_legend_items(self) -> list[dict]:
        """The legend entries of the icons, when the layer has some."""
        labels = self.symbol_labels() if self.symbol_labels is not None else {}
        return [
            {"label": labels.get(value, value), "icon": icon} for value, icon in self.icons.items()
        ]


@dataclass(frozen=True)
class Layer:
    """One layer, as every output shows it.

    `rows(commune, user)` returns the rows `user` may see (every commune's when `commune` is
    None). `map_title` is its name in the map's layer switcher (the title by default),
    `map_key` the name the map's script styles it by, `map_ordering` the order of its features
    on the map (the list beside the map follows it).
    """

    key: str
    title: str | Promise
    description: str | Promise
    rows: Callable[[Any, Any], QuerySet]
    columns: tuple[Column, ...]
    personal_columns: tuple[Column, ...] = ()
    geometry_field: str = "geometry"
    # The OGR geometry type of the GeoPackage layer; "Unknown" for layers mixing points, lines
    # and areas.
    geometry_type: str = "MultiPolygon"
    style: Style = field(default_factory=Style)
    order: int = 100
    on_map: bool = True
    map_key: str = ""
    map_title: str | Promise | None = None
    map_ordering: tuple[str, ...] = ("id",)

    def columns_for(self, *, personal: bool) -> tuple[Column, ...]:
        return self.columns + (self.personal_columns if personal else ())

    def property_names(self, *, personal: bool) -> list[str]:
        return [column.name for column in self.columns_for(personal=personal)]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns + self.personal_columns if c.name == name), None)

    def annotate(self, queryset: QuerySet, columns) -> QuerySet:
        """The queryset with the computed columns among `columns`."""
        annotations = {c.name: c.annotation for c in columns if c.annotation is not None}
        return queryset.annotate(**annotations) if annotations else queryset

    def queryset(self, *, commune, user=None, personal: bool) -> QuerySet:
        """The layer's rows `user` may see, with their computed columns, in a stable order."""
        rows = self.rows(commune, user)
        return self.annotate(rows, self.columns_for(personal=personal)).order_by("id")

    # The web map: public columns marked `map`, never a personal one.
    @property
    def map_name(self) -> str:
        return self.map_key or self.key.replace("-", "_")

    def map_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.map)

    def map_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.annotate(queryset, self.map_columns()).order_by(*self.map_ordering)

    # The REST API: its read serializers' fields.
    def api_field_names(self, extra: tuple[str, ...] = ()) -> list[str]:
        """`id`, the public columns under their API names, the API's extras, the geometry."""
        names = [column.api_name or column.name for column in self.columns]
        return ["id", *names, *(name for name in extra if name not in names), self.geometry_field]

    def api_queryset(self, queryset: QuerySet) -> QuerySet:
        """An API view's queryset with the columns the catalogue computes (the API reads a
        column with its own `api_name` from the model instead)."""
        return self.annotate(queryset, [c for c in self.columns if c.api_name is None])

    def with_columns(self, *columns: Column, personal: bool = False) -> "Layer":
        """The same layer with more columns (an app extending another's layer, or a test)."""
        if personal:
            return replace(self, personal_columns=self.personal_columns + columns)
        return replace(self, columns=self.columns + columns)


REGISTRY: dict[str, Layer] = {}


def register(entry: Layer, *, replace_existing: bool = False) -> Layer:
    """Add a layer to the catalogue; a second layer under the same key is a mistake."""
    if entry.key in REGISTRY and not replace_existing:
        raise ValueError(f"A layer named {entry.key!r} is already registered.")
    REGISTRY[entry.key] = entry
    return entry


def layer(key: str) -> Layer:
    """The layer named `key`; KeyError when there is none."""
    return REGISTRY[key]


def layers() -> list[Layer]:
    """Every layer, bottom to top of the map."""
    position = {key: index for index, key in enumerate(REGISTRY)}
    return sorted(REGISTRY.values(), key=lambda entry: (entry.order, position[entry.key]))


def json_schema_type(column: Column) -> dict:
    """The JSON Schema of a column's values (OGC API schema and queryables)."""
    if column.kind == INT:
        return {"type": "integer"}
    if column.kind == FLOAT:
        return {"type": "number"}
    if column.kind == BOOL:
        return {"type": "boolean"}
    if column.kind == DATE:
        return {"type": "string", "format": "date"}
    if column.kind == DATETIME:
        return {"type": "string", "format": "date-time"}
    return {"type": "string"}
