"""QGIS styles (QML) for the atlas's layers, stored in the GeoPackage's `layer_styles` table.

The colours are the map's, read from each layer's `Style` in the catalogue: zones by TYPEZONE
with the CNIG reading of a PLU map, parcels by conversion stage, proposals by status, heritage
perimeters hatched. Layers mixing points, lines and areas (proposals, heritage, eco-housing) get a
rule-based renderer with one branch per geometry type, so QGIS draws them whether it opens the
table whole or split by geometry type.
"""

from xml.sax.saxutils import quoteattr

from territory.catalogue import HATCHED, OUTLINE, Layer

QML_HEADER = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
GEOMETRY_KINDS = (("Point", "marker"), ("Line", "line"), ("Polygon", "fill"))
# QGIS's fill styles for the catalogue's fills.
QGIS_FILLS = {HATCHED: "b_diagonal", OUTLINE: "no"}


def _rgba(colour: str, alpha: int = 255) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"{red},{green},{blue},{alpha}"


def _props(values: dict[str, str]) -> str:
    return "".join(f"<prop k={quoteattr(k)} v={quoteattr(str(v))}/>" for k, v in values.items())


def _symbol(name: str, kind: str, colour: str, *, style: str = "solid", alpha: int = 180) -> str:
    """A QGIS symbol of one layer: `kind` is marker, line or fill."""
    if kind == "marker":
        layer_class = "SimpleMarker"
        props = {
            "name": "circle",
            "color": _rgba(colour),
            "outline_color": "255,255,255,255",
            "outline_width": "0.4",
            "size": "3",
        }
    elif kind == "line":
        layer_class = "SimpleLine"
        props = {"line_color": _rgba(colour), "line_width": "0.8", "line_style": "solid"}
    else:
        layer_class = "SimpleFill"
        props = {
            "color": _rgba(colour, alpha if style == "solid" else 255),
            "style": style,
            "outline_color": _rgba(colour),
            "outline_style": "solid" if style != "no" else "dash",
            "outline_width": "0.4" if style != "no" else "0.6",
        }
    return (
        f'<symbol type="{kind}" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
        f'force_rhr="0"><layer class="{layer_class}" enabled="1" locked="0" pass="0">'
        f"{_props(props)}</layer></symbol>"
    )


def _document(renderer: str) -> str:
    return (
        f'{QML_HEADER}<qgis version="3.22.0" styleCategories="Symbology">{renderer}'
        "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerOpacity>1</layerOpacity></qgis>\n"
    )


def categorized(attribute: str, colours: dict[str, str], labels: dict[str, str], kind: str):
    """One colour per value of `attribute`, for a layer of one geometry type."""
    categories = "".join(
        f'<category render="true" symbol="{i}" value={quoteattr(value)} '
        f"label={quoteattr(labels.get(value, value))}/>"
        for i, value in enumerate(colours)
    )
    symbols = "".join(_symbol(str(i), kind, colour) for i, colour in enumerate(colours.values()))
    return _document(
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(attribute)} symbollevels="0" '
        f'enableorderby="0" forceraster="0"><categories>{categories}</categories>'
        f"<symbols>{symbols}</symbols></renderer-v2>"
    )


def single(kind: str, colour: str, *, style: str = "solid") -> str:
    return _document(
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
        f"<symbols>{_symbol('0', kind, colour, style=style)}</symbols></renderer-v2>"
    )


def by_geometry(
    colours: dict[str, str] | str, labels: dict[str, str] | None = None, attribute: str = ""
):
    """A rule-based style for a layer mixing points, lines and areas, optionally by attribute."""
    rules, symbols = [], []
    for geometry, kind in GEOMETRY_KINDS:
        branch = f"geometry_type($geometry) = '{geometry}'"
        if isinstance(colours, str):
            symbol = str(len(symbols))
            symbols.append(_symbol(symbol, kind, colours))
            rules.append(
                f"<rule key={quoteattr(geometry)} filter={quoteattr(branch)} "
                f'symbol="{symbol}" label={quoteattr(geometry)}/>'
            )
            continue
        children = []
        for value, colour in colours.items():
            symbol = str(len(symbols))
            symbols.append(_symbol(symbol, kind, colour))
            condition = f"\"{attribute}\" = '{value}'"
            children.append(
                f"<rule key={quoteattr(f'{geometry}-{value}')} filter={quoteattr(condition)} "
                f'symbol="{symbol}" label={quoteattr((labels or {}).get(value, value))}/>'
            )
        rules.append(
            f"<rule key={quoteattr(geometry)} filter={quoteattr(branch)} "
            f"label={quoteattr(geometry)}>{''.join(children)}</rule>"
        )
    return _document(
        '<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">'
        f'<rules key="root">{"".join(rules)}</rules>'
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )


def _symbol_kind(geometry_type: str) -> str:
    if "Point" in geometry_type:
        return "marker"
    if "Line" in geometry_type:
        return "line"
    return "fill"


def layer_style(layer: Layer) -> str:
    """The QML of a catalogue layer, its values' words in the active language."""
    style = layer.style
    if layer.geometry_type == "Unknown":
        if style.attribute:
            return by_geometry(style.colours, style.value_labels(), style.attribute)
        return by_geometry(style.colour)
    kind = _symbol_kind(layer.geometry_type)
    if style.attribute:
        return categorized(style.attribute, style.colours, style.value_labels(), kind)
    return single(kind, style.colour, style=QGIS_FILLS.get(style.fill, "solid"))
