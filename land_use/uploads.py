"""Reading a farmer's file of parcels: GeoJSON, GeoPackage, zipped Shapefile or KML.

The file is read with geopandas/pyogrio (GDAL), reprojected from whatever CRS it declares to
WGS84, and turned into candidates: one per feature, with the parcel values it would get and,
when it cannot be used at all, the reason. Rules of parcels themselves live in services.

A whole file is refused, with a sentence, when it is too large, damaged, empty, has no CRS
where one is needed (a Shapefile without .prj), holds no polygon or more than 5,000 features.
"""

import math
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import geopandas
import pyogrio
import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FEATURES = 5_000
# A zip may unpack to more than it weighs, but not to a bomb.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024

KINDS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".zip": "Shapefile",
    ".kml": "KML",
}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
POLYGON_TYPES = {"Polygon", "MultiPolygon", "Polygon Z", "MultiPolygon Z", "3D Polygon"}
NON_POLYGON_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Point Z",
    "MultiPoint Z",
    "LineString Z",
    "MultiLineString Z",
    "3D Point",
    "3D LineString",
    "3D MultiPoint",
    "3D MultiLineString",
}
# Columns recognised, case ignored: the RPG's, then common names for a parcel's name.
NAME_COLUMNS = ("name", "nom", "nom_parcelle", "libelle")
ID_COLUMNS = ("id_parcel", "num_parcel", "numero_parcelle")
CODE_COLUMNS = ("code_cultu", "code_culture")
AREA_COLUMNS = ("surf_parc", "surface_ha")
# Agence Bio's parcels (RPG Bio, CartoBio exports) carry the conversion level.
STAGE_COLUMNS = ("conv_niv", "conversion_niv", "niveau_conversion", "niveau_conv", "stage")
ENGAGEMENT_COLUMNS = ("date_engagement", "date_engag", "engagement_date", "date_conv")
STAGE_ALIASES = {"BIO": "AB", "CONV": "CONV", "1": "C1", "2": "C2", "3": "C3"}


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


@dataclass
class Source:
    """A file ready for GDAL: its path and its kind (GeoJSON, GeoPackage, Shapefile, KML)."""

    path: str
    kind: str
    stem: str


@dataclass
class Candidate:
    """One feature of the file as a would-be parcel."""

    index: int
    geometry: GEOSGeometry | None
    attributes: dict = field(default_factory=dict)
    declared_area_ha: float | None = None
    refusal: str = ""


def check_size(size: int) -> None:
    """Refuse a file over 20 MB before reading it."""
    if size > MAX_FILE_BYTES:
        raise _refuse(
            _("The file weighs %(size)s MB; the limit is 20 MB. Send one farm's parcels at a time.")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")}
        )


@contextmanager
def opened(
    file_name: str, content: bytes, *, max_bytes: int | None = MAX_FILE_BYTES
) -> Iterator[Source]:
    """The file written to a private temporary folder (unzipped for a Shapefile), then removed.

    `max_bytes=None` lifts the size limit, for planners' bulk imports on the server.
    """
    if max_bytes is not None:
        check_size(len(content))
    if not content:
        raise _refuse(_("The file is empty."))
    suffix = Path(file_name).suffix.lower()
    kind = KINDS.get(suffix)
    if kind is None:
        raise _refuse(
            _(
                "This kind of file is not read here: send a GeoJSON, a GeoPackage (.gpkg), a "
                "Shapefile in a .zip with its .prj, or a KML file."
            )
        )
    with tempfile.TemporaryDirectory(prefix="parcels-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        if kind == "Shapefile":
            path = _unzip_shapefile(path, Path(folder) / "unzipped")
        yield Source(path=str(path), kind=kind, stem=Path(file_name).stem)


def _unzip_shapefile(archive: Path, target: Path) -> Path:
    if not zipfile.is_zipfile(archive):
        raise _refuse(_("The zip file is damaged or is not a zip: create it again and resend it."))
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [
                m
                for m in bundle.infolist()
                if not m.is_dir() and PurePosixPath(m.filename).suffix.lower() in SHAPEFILE_PARTS
            ]
            if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                raise _refuse(_("The zip file unpacks to more than 200 MB: send fewer parcels."))
            shapefiles = [m for m in members if m.filename.lower().endswith(".shp")]
            if not shapefiles:
                raise _refuse(_("The zip file holds no Shapefile (.shp)."))
            names = {m.filename.lower() for m in members}
            shp = shapefiles[0]
            base = shp.filename[: -len(".shp")]
            if f"{base}.prj".lower() not in names:
                raise _refuse(
                    _(
                        "The Shapefile has no .prj file, so its coordinate system is unknown: "
                        "add the .prj file that your software wrote next to the .shp to the zip."
                    )
                )
            target.mkdir()
            for member in members:
                if member.filename[: -len(PurePosixPath(member.filename).suffix)] != base:
                    continue
                # Written under a fixed name: no path from the archive reaches the disk.
                suffix = PurePosixPath(member.filename).suffix.lower()
                (target / f"parcels{suffix}").write_bytes(bundle.read(member))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise _refuse(
            _("The zip file is damaged or is not a zip: create it again and resend it.")
        ) from error
    return target / "parcels.shp"


def polygon_layers(source: Source) -> list[str]:
    """The layers that may hold parcel outlines; refuses a file with none, or an empty one."""
    try:
        layers = pyogrio.list_layers(source.path)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        raise _refuse(
            _("The file cannot be read as %(kind)s: it may be damaged or of another kind.")
            % {"kind": source.kind}
        ) from error
    if len(layers) == 0:
        raise _refuse(_("The file contains no parcel."))
    candidates = [
        str(name) for name, geometry_type in layers if geometry_type not in NON_POLYGON_TYPES
    ]
    candidates = [name for name in candidates if _feature_count(source, name) > 0]
    if not candidates:
        if any(_feature_count(source, str(name)) > 0 for name, _type in layers):
            raise _refuse(
                _(
                    "This file holds points or lines, not parcel outlines: export your parcels "
                    "as polygons."
                )
            )
        raise _refuse(_("The file contains no parcel."))
    return candidates


def _feature_count(source: Source, layer: str) -> int:
    try:
        return int(pyogrio.read_info(source.path, layer=layer)["features"])
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError):
        return 0


def _column(frame, names: tuple[str, ...]) -> str | None:
    lowered = {str(column).lower(): column for column in frame.columns}
    return next((lowered[name] for name in names if name in lowered), None)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def source_from_path(path: Path) -> Source:
    """A file already on the server (a planner's bulk import), read in place; a zip is not."""
    kind = KINDS.get(path.suffix.lower()) if path.suffix.lower() != ".zip" else None
    if path.suffix.lower() == ".shp":
        kind = "Shapefile"
        if not path.with_suffix(".prj").exists() and not path.with_suffix(".PRJ").exists():
            raise _refuse(
                _(
                    "The Shapefile has no .prj file, so its coordinate system is unknown: "
                    "add the .prj file that your software wrote next to the .shp to the zip."
                )
            )
    if kind is None:
        raise _refuse(_("Give a GeoPackage, a Shapefile (.shp with its .prj) or a GeoJSON file."))
    return Source(path=str(path), kind=kind, stem=path.stem)


def read_candidates(
    source: Source,
    layer: str,
    *,
    defaults: dict,
    max_features: int | None = MAX_FEATURES,
    mask=None,
) -> Iterator[Candidate]:
    """Each feature of the layer, in WGS84, with the values of its RPG-style columns.

    `mask` (a WGS84 GEOS geometry) keeps only the features that intersect it, read by GDAL.
    """
    count = _feature_count(source, layer)
    if max_features is not None and count > max_features:
        raise _refuse(
            _("The file holds %(count)d features; the limit is 5,000. Split it.") % {"count": count}
        )
    try:
        frame = geopandas.read_file(
            source.path,
            layer=layer,
            engine="pyogrio",
            mask=None
            if mask is None
            else geopandas.GeoSeries([shapely.from_wkb(bytes(mask.wkb))], crs=4326),
        )
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        raise _refuse(
            _("The file cannot be read as %(kind)s: it may be damaged or of another kind.")
            % {"kind": source.kind}
        ) from error
    if frame.crs is None:
        if source.kind not in ("GeoJSON", "KML"):
            raise _refuse(
                _("The file does not say which coordinate system it uses: export it again with it.")
            )
        # RFC 7946 GeoJSON and KML are WGS84 longitude/latitude by definition.
        frame = frame.set_crs(4326)
    frame = frame.to_crs(4326)
    name_column = _column(frame, NAME_COLUMNS)
    id_column = _column(frame, ID_COLUMNS)
    code_column = _column(frame, CODE_COLUMNS)
    stage_column = _column(frame, STAGE_COLUMNS)
    engagement_column = _column(frame, ENGAGEMENT_COLUMNS)
    area_column = _column(frame, AREA_COLUMNS)
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    for position, (record, shape) in enumerate(zip(records, frame.geometry, strict=True), start=1):
        attributes = dict(defaults)
        name = _text(record.get(name_column)) if name_column else ""
        identifier = _text(record.get(id_column)) if id_column else ""
        if not name and identifier:
            name = _("Parcel %(id)s") % {"id": identifier}
        attributes["name"] = name or f"{source.stem} {position}"
        if code_column and _text(record.get(code_column)):
            attributes["code_cultu"] = _text(record.get(code_column)).upper()
        if stage_column and _text(record.get(stage_column)):
            stage = _text(record.get(stage_column)).upper()
            attributes["stage"] = STAGE_ALIASES.get(stage, stage)
        if engagement_column and _text(record.get(engagement_column)):
            attributes["engagement_date"] = _text(record.get(engagement_column))[:10]
        declared = None
        if area_column:
            try:
                declared = float(record.get(area_column))
            except (TypeError, ValueError):
                declared = None
            if declared is not None and not math.isfinite(declared):
                declared = None
        if shape is None or shape.is_empty:
            yield Candidate(
                index=position,
                geometry=None,
                attributes=attributes,
                declared_area_ha=declared,
                refusal=_("This feature has no shape."),
            )
            continue
        geometry = GEOSGeometry(memoryview(shapely.to_wkb(shapely.force_2d(shape))), srid=4326)
        yield Candidate(
            index=position, geometry=geometry, attributes=attributes, declared_area_ha=declared
        )
