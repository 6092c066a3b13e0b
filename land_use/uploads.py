"""Reading a farmer's file of parcels: GeoJSON, GeoPackage, zipped Shapefile or KML.

The file is checked by `land_use.gis_files` and opened only with the GDAL driver its extension
names (GDAL would otherwise follow a VRT to any file or URL), read with geopandas/pyogrio,
reprojected from whatever CRS it declares to WGS84, and turned into candidates: one per feature,
with the parcel values it would get and, when it cannot be used at all, the reason. Rules of
parcels themselves live in services.

A whole file is refused, with a sentence, when it is too large, damaged, empty, has no CRS
where one is needed (a Shapefile without .prj), holds no polygon or more than 5,000 features.
"""

import glob
import json
import math
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import geopandas
import numpy
import pyogrio
import shapely
import shapely.errors
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from land_use import gis_files
from land_use.services.parcels import PARCEL_GEOMETRY_TYPES, PARCEL_MAX_VERTICES
from territory.geometry import geometry_from_shape

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FEATURES = 5_000
# A zip may unpack to more than it weighs, but not to a bomb.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024

KINDS = {
    ".geojson": gis_files.GEOJSON,
    ".json": gis_files.GEOJSON,
    ".gpkg": gis_files.GEOPACKAGE,
    ".zip": gis_files.SHAPEFILE,
    ".kml": gis_files.KML,
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
# Agence Bio's parcels (RPG Bio, CartoBio exports) carry the conversion level; CartoBio names it
# `conversion_niveau` in its exports and `niveauConversion` in its API.
STAGE_COLUMNS = (
    "conv_niv",
    "conversion_niv",
    "conversion_niveau",
    "niveauconversion",
    "niveau_conversion",
    "niveau_conv",
    "stage",
)
ENGAGEMENT_COLUMNS = (
    "date_engagement",
    "date_engag",
    "engagement_date",
    "dateengagement",
    "date_conv",
)
# CartoBio lists a parcel's crops in `cultures`, each with its CPF code and, when the farmer's
# PAC declaration gave it, the RPG code in `TYPE` (older exports put `TYPE` on the parcel).
CULTURES_COLUMNS = ("cultures",)
CULTURE_CODE_KEYS = ("TYPE", "CODE_CULTU", "code_culture")
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
        if kind == gis_files.SHAPEFILE:
            path = _unzip_shapefile(path, Path(folder) / "shapefile")
        yield _checked(path, kind, stem=Path(file_name).stem)


def _checked(path: Path, kind: str, *, stem: str) -> Source:
    """The file as GDAL should name it, once its content proved to be of its kind."""
    try:
        if kind == gis_files.GEOJSON:
            gdal_path = gis_files.check_geojson(path)
        elif kind == gis_files.GEOPACKAGE:
            gdal_path = gis_files.check_geopackage(path)
        elif kind == gis_files.KML:
            gdal_path = gis_files.kml_to_geojson(path, path.with_name("from-kml.geojson"))
        else:
            gdal_path = gis_files.check_shapefile_folder(path)
    except gis_files.FileRefused as error:
        raise _refuse(error.messages[0]) from error
    return Source(path=gdal_path, kind=kind, stem=stem)


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
    # The folder, not the .shp: only the Shapefile driver opens a folder (see gis_files).
    return target


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
    try:
        gis_files.check_driver(source.path, source.kind, str(layers[0][0]))
    except gis_files.FileRefused as error:
        raise _refuse(error.messages[0]) from error
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


def _unreadable_outline() -> str:
    return _(
        "An outline of the file cannot be read: a ring does not end on its first point, or a "
        "coordinate is not a number. Correct it in your GIS software and send the file again."
    )


def _geos(shape) -> tuple[GEOSGeometry | None, str]:
    """The shape as a WGS84 GEOS geometry through the project's geometry gate, or the sentence
    saying why it cannot be used. Files from GIS software often carry heights: they are dropped
    (a parcel is a surface on the ground), not refused."""
    shape = shapely.force_2d(shape)
    if not numpy.isfinite(shapely.get_coordinates(shape)).all():
        return None, _unreadable_outline()
    try:
        geometry = geometry_from_shape(
            shape, allowed_types=PARCEL_GEOMETRY_TYPES, max_vertices=PARCEL_MAX_VERTICES
        )
    except ValidationError as error:
        return None, " ".join(error.messages)
    except (GEOSException, ValueError):
        return None, _unreadable_outline()
    return geometry, ""


def _column(frame, names: tuple[str, ...]) -> str | None:
    lowered = {str(column).lower(): column for column in frame.columns}
    return next((lowered[name] for name in names if name in lowered), None)


def _culture_code(value) -> str:
    """The RPG code of a CartoBio parcel's first crop that has one, or "" (GDAL hands the
    `cultures` list over as JSON text)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ""
    if not isinstance(value, list):
        return ""
    for culture in value:
        if isinstance(culture, dict):
            codes = (_text(culture.get(key)) for key in CULTURE_CODE_KEYS)
            code = next((code for code in codes if code), "")
            if code:
                return code.upper()
    return ""


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


@contextmanager
def opened_path(path: Path) -> Iterator[Source]:
    """A file already on the server (a planner's bulk import), checked like an upload.

    It is copied to a private folder first, a Shapefile's parts under fixed names: GDAL then
    sees no other file beside it. A zip is read as an upload, without the size limit.
    """
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with opened(path.name, path.read_bytes(), max_bytes=None) as source:
            yield source
        return
    kind = gis_files.SHAPEFILE if suffix == ".shp" else KINDS.get(suffix)
    if kind is None or kind == gis_files.KML:
        raise _refuse(_("Give a GeoPackage, a Shapefile (.shp with its .prj) or a GeoJSON file."))
    with tempfile.TemporaryDirectory(prefix="parcels-") as folder:
        if kind == gis_files.SHAPEFILE:
            parts = {
                sibling.suffix.lower(): sibling
                for sibling in path.parent.glob(f"{glob.escape(path.stem)}.*")
                if sibling.stem == path.stem and sibling.suffix.lower() in SHAPEFILE_PARTS
            }
            if ".prj" not in parts:
                raise _refuse(
                    _(
                        "The Shapefile has no .prj file, so its coordinate system is unknown: "
                        "add the .prj file that your software wrote next to the .shp to the zip."
                    )
                )
            target = Path(folder) / "shapefile"
            target.mkdir()
            for part_suffix, part in parts.items():
                shutil.copyfile(part, target / f"parcels{part_suffix}")
        else:
            target = Path(folder) / f"upload{suffix}"
            shutil.copyfile(path, target)
        yield _checked(target, kind, stem=path.stem)


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
    except shapely.errors.GEOSException as error:
        # GEOS cannot even build such an outline, so no feature can be shown on its own.
        raise _refuse(_unreadable_outline()) from error
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
    code_column = _column(frame, CODE_COLUMNS) or _column(frame, ("type",))
    cultures_column = _column(frame, CULTURES_COLUMNS)
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
        elif cultures_column and _culture_code(record.get(cultures_column)):
            attributes["code_cultu"] = _culture_code(record.get(cultures_column))
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
        geometry, refusal = _geos(shape)
        if geometry is None:
            yield Candidate(
                index=position,
                geometry=None,
                attributes=attributes,
                declared_area_ha=declared,
                refusal=refusal,
            )
            continue
        yield Candidate(
            index=position, geometry=geometry, attributes=attributes, declared_area_ha=declared
        )
