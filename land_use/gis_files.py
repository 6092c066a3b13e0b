"""A GIS file from outside, checked in Python and opened with the one GDAL driver its name says.

GDAL picks its driver from a file's content, not its extension: an OGR VRT saved as
`parcels.geojson` is opened as a VRT, and a VRT names other data sources (`CSV:/etc/passwd`,
`/vsicurl/http://...`) that GDAL then reads for us. pyogrio cannot pass GDAL a list of allowed
drivers, so each kind is first checked here and then named to GDAL in a way only its driver
accepts; the driver GDAL reports is checked once more after opening. Fail closed: anything not
recognised is refused with a sentence a farmer understands.

- GeoJSON: parsed with `json` (no NaN, no infinity), a FeatureCollection, a Feature or a
  geometry, a `crs` member only as an EPSG name; opened as `GeoJSON:<path>`, a prefix that only
  the GeoJSON driver takes.
- GeoPackage: SQLite header, application id GPKG, and a schema without views, without virtual
  tables other than the standard's R-tree index (VirtualOGR reads other files) and without
  triggers other than the standard's and GDAL's; opened as `GPKG:<path>`.
- Shapefile (and a lone .dbf): the parts under fixed names in a folder of their own, their
  headers checked; the folder is opened, and only the Shapefile driver opens a folder of .shp
  and .dbf files, with its own reader, whatever their content.
- KML: parsed with defusedxml (no DTD, no entity, no external reference) and turned into
  GeoJSON here, because GDAL reads a .kml with LIBKML before its KML driver and pyogrio cannot
  choose; GDAL only ever sees the GeoJSON written from it.
"""

import json
import math
import re
import sqlite3
from pathlib import Path

import pyogrio
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GEOJSON, GEOPACKAGE, SHAPEFILE, KML, DBF = "GeoJSON", "GeoPackage", "Shapefile", "KML", "dBase"
# The driver GDAL must report for each kind; KML is read as the GeoJSON written from it.
DRIVERS = {
    GEOJSON: "GeoJSON",
    GEOPACKAGE: "GPKG",
    SHAPEFILE: "ESRI Shapefile",
    KML: "GeoJSON",
    DBF: "ESRI Shapefile",
}
GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}
EPSG_NAME = re.compile(r"^(EPSG:\d{4,6}|urn:ogc:def:crs:(EPSG::\d{4,6}|OGC:1\.3:CRS84))$")
GEOPACKAGE_IDS = {b"GPKG", b"GP10", b"GP11"}
# What GDAL and the GeoPackage standard put in a GeoPackage's schema besides tables and indexes.
STANDARD_VIRTUAL_TABLE = re.compile(
    r'^CREATE VIRTUAL TABLE\s+"?rtree_[^\s"]+"?\s+USING\s+rtree\s*\(', re.IGNORECASE
)
STANDARD_TRIGGER = re.compile(r"^(gpkg_|rtree_|trigger_(insert|delete)_feature_count_)")
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"
DBF_VERSIONS = {0x02, 0x03, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xF5, 0xFB}
WKT_STARTS = ("PROJCS[", "GEOGCS[", "GEOCCS[", "COMPD_CS[", "PROJCRS[", "GEOGCRS[", "BOUNDCRS[")
CODE_PAGE = re.compile(r"^[\w.\- ]{1,40}$")


class FileRefused(ValidationError):
    """A file whose content is not what its name says, or names something outside itself."""


def _damaged(kind: str) -> FileRefused:
    return FileRefused(
        _("The file cannot be read as %(kind)s: it may be damaged or of another kind.")
        % {"kind": kind}
    )


def _not_a_number(_value: str):
    raise FileRefused(
        _("The file has coordinates or values that are not numbers (NaN or infinity).")
    )


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        _not_a_number(text)
    return value


def check_geojson(path: Path) -> str:
    """The GDAL name of a GeoJSON file, once json has read it as GeoJSON."""
    try:
        document = json.loads(path.read_bytes(), parse_constant=_not_a_number, parse_float=_finite)
    except (ValueError, RecursionError) as error:
        if isinstance(error, FileRefused):
            raise
        raise _damaged(GEOJSON) from error
    kind = document.get("type") if isinstance(document, dict) else None
    if kind not in {"FeatureCollection", "Feature", *GEOMETRY_TYPES}:
        raise _damaged(GEOJSON)
    if kind == "FeatureCollection" and not isinstance(document.get("features"), list):
        raise _damaged(GEOJSON)
    crs = document.get("crs")
    if crs is not None:
        name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        if crs.get("type") != "name" or not isinstance(name, str) or not EPSG_NAME.match(name):
            raise FileRefused(
                _(
                    "The file's “crs” member does not name an EPSG coordinate system: remove it "
                    "and export the file in WGS84 longitude/latitude, as GeoJSON asks."
                )
            )
    return f"GeoJSON:{path}"


def check_geopackage(path: Path) -> str:
    """The GDAL name of a GeoPackage whose SQLite schema names nothing outside itself."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise _damaged(GEOPACKAGE)
    if header[68:72] not in GEOPACKAGE_IDS:
        raise _damaged(GEOPACKAGE)
    try:
        # Read-only and immutable: this look at the schema writes nothing and needs no journal.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            schema = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise _damaged(GEOPACKAGE) from error
    for kind, name, sql in schema:
        sql = (sql or "").strip()
        virtual = kind == "table" and sql.upper().startswith("CREATE VIRTUAL")
        foreign = (
            kind == "view"
            or (virtual and not STANDARD_VIRTUAL_TABLE.match(sql))
            or (kind == "trigger" and not STANDARD_TRIGGER.match(name or ""))
        )
        if foreign:
            raise FileRefused(
                _(
                    "The GeoPackage holds views, virtual tables or triggers that GIS software "
                    "does not write for parcels: export your parcels to a new GeoPackage."
                )
            )
    return f"GPKG:{path}"


def check_shapefile_folder(folder: Path, *, kind: str = SHAPEFILE) -> str:
    """The GDAL name of a folder holding one shapefile's parts (or a lone .dbf), headers checked.

    The caller wrote the parts under fixed names; nothing else may be in the folder.
    """
    parts = {path.suffix.lower(): path for path in folder.iterdir()}
    if not set(parts) <= {".shp", ".shx", ".dbf", ".prj", ".cpg"} or len(parts) != len(
        list(folder.iterdir())
    ):
        raise _damaged(kind)
    needed = {".dbf"} if kind == DBF else {".shp", ".shx"}
    if not needed <= set(parts):
        raise _damaged(kind)
    for suffix in (".shp", ".shx"):
        if suffix in parts and _head(parts[suffix], 100)[:4] != SHAPEFILE_MAGIC:
            raise _damaged(kind)
    if ".dbf" in parts:
        head = _head(parts[".dbf"], 32)
        if len(head) < 32 or head[0] not in DBF_VERSIONS:
            raise _damaged(kind)
    if ".prj" in parts and not _head(parts[".prj"], 64).lstrip().upper().startswith(
        tuple(start.encode() for start in WKT_STARTS)
    ):
        raise _damaged(kind)
    if ".cpg" in parts:
        code_page = _head(parts[".cpg"], 64).decode("ascii", "replace").strip()
        if not CODE_PAGE.match(code_page):
            raise _damaged(kind)
    return str(folder)


def _head(path: Path, size: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def kml_to_geojson(path: Path, target: Path) -> str:
    """The GDAL name of the GeoJSON written from a KML file's placemarks, read safely."""
    try:
        root = SafeElementTree.fromstring(path.read_bytes(), forbid_dtd=True)
    except DefusedXmlException as error:
        raise FileRefused(
            _(
                "The KML file declares a DTD or entities, which KML does not use: export it "
                "again from your GIS software."
            )
        ) from error
    except (SafeElementTree.ParseError, ValueError) as error:
        raise _damaged(KML) from error
    if _local(root.tag) != "kml":
        raise _damaged(KML)
    features = [_placemark(placemark) for placemark in _all(root, "Placemark")]
    target.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return f"GeoJSON:{target}"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all(element, name: str):
    return (child for child in element.iter() if _local(child.tag) == name)


def _children(element, name: str):
    return [child for child in element if _local(child.tag) == name]


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _placemark(placemark) -> dict:
    properties = {}
    names = _children(placemark, "name")
    if names:
        properties["name"] = _text(names[0])
    for data in _all(placemark, "SimpleData"):
        if data.get("name"):
            properties[data.get("name")] = _text(data)
    for data in _all(placemark, "Data"):
        values = _children(data, "value")
        if data.get("name") and values:
            properties[data.get("name")] = _text(values[0])
    geometries = [_geometry(child) for child in placemark]
    geometries = [geometry for geometry in geometries if geometry is not None]
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": geometries[0] if geometries else None,
    }


def _coordinates(element) -> list[list[float]]:
    positions = []
    for chunk in " ".join(_text(node) for node in _children(element, "coordinates")).split():
        try:
            values = [_finite(value) for value in chunk.split(",")]
        except ValueError as error:
            if isinstance(error, FileRefused):
                raise
            raise _damaged(KML) from error
        if len(values) < 2:
            raise _damaged(KML)
        positions.append(values[:2])
    return positions


def _ring(boundary) -> list[list[float]]:
    rings = _children(boundary, "LinearRing")
    return _coordinates(rings[0]) if rings else []


def _geometry(element) -> dict | None:
    name = _local(element.tag)
    if name == "Point":
        positions = _coordinates(element)
        return {"type": "Point", "coordinates": positions[0]} if positions else None
    if name in ("LineString", "LinearRing"):
        return {"type": "LineString", "coordinates": _coordinates(element)}
    if name == "Polygon":
        rings = [_ring(boundary) for boundary in _children(element, "outerBoundaryIs")[:1]]
        rings += [_ring(boundary) for boundary in _children(element, "innerBoundaryIs")]
        return {"type": "Polygon", "coordinates": rings}
    if name == "MultiGeometry":
        parts = [part for part in map(_geometry, element) if part is not None]
        kinds = {part["type"] for part in parts}
        if len(kinds) == 1 and kinds < {"Point", "LineString", "Polygon"}:
            kind = kinds.pop()
            return {"type": f"Multi{kind}", "coordinates": [p["coordinates"] for p in parts]}
        return {"type": "GeometryCollection", "geometries": parts}
    return None


def check_driver(gdal_path: str, kind: str, layer: str | None = None) -> None:
    """Refuse a file that GDAL opened with another driver than its kind's (a second guard)."""
    try:
        driver = pyogrio.read_info(gdal_path, layer=layer).get("driver")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        raise _damaged(kind) from error
    if driver != DRIVERS[kind]:
        raise _damaged(kind)
