"""The CNIG land-use-plan standard (géostandard PLU): ZONE_URBA and DOC_URBA in and out.

Export writes a zip holding `<INSEE>_ZONE_URBA_<DATAPPRO>` (a shapefile in Lambert-93, one
single polygon per record: multi-part zones are exploded) and `<INSEE>_DOC_URBA_<DATAPPRO>.dbf`,
with the standard's field names and character widths. Import reads such a zip (or a GeoPackage),
lists every fault of a file that breaks the standard (missing field, unknown TYPEZONE, wrong CRS,
overlapping zones, ...) and stores nothing then; otherwise the parts sharing a LIBELLE become one
zone again, so an export imported back gives the same zones.
"""

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

import numpy
import pyogrio
import pyproj
import shapefile
import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from land_use import gis_files
from land_use.models import PlanDocument, Zone
from land_use.signals import zones_replaced
from territory.models import Commune

LAMBERT_93 = 2154
# (field, width): every field of the standard is text; dates are AAAAMMJJ.
ZONE_URBA_FIELDS = (
    ("IDURBA", 30),
    ("LIBELLE", 12),
    ("LIBELONG", 254),
    ("TYPEZONE", 3),
    ("FORMDOMI", 254),
    ("DESTOUI", 254),
    ("DESTCDT", 254),
    ("DESTNON", 254),
    ("NOMFIC", 80),
    ("URLFIC", 254),
    ("DATVALID", 8),
)
# Fields a file must have; the destination fields came with the 2022 standard and are optional.
ZONE_URBA_REQUIRED = ("IDURBA", "LIBELLE", "LIBELONG", "TYPEZONE", "NOMFIC", "URLFIC", "DATVALID")
DOC_URBA_FIELDS = (
    ("IDURBA", 30),
    ("TYPEDOC", 4),
    ("ETAT", 2),
    ("NOMPROC", 10),
    ("DATAPPRO", 8),
    ("DATEFIN", 8),
    ("NOMREG", 80),
    ("URLREG", 254),
    ("NOMPLAN", 80),
    ("URLPLAN", 254),
    ("SITEWEB", 254),
)
TYPEZONES = tuple(Zone.TypeZone.values)
# Zones of a plan partition the territory: overlaps smaller than this are drawing noise.
OVERLAP_TOLERANCE_M2 = 1.0


class CnigFileRefused(ValidationError):
    """A file that breaks the standard; `faults` lists every reason, each a sentence."""

    def __init__(self, faults: list[str]):
        self.faults = faults
        super().__init__(faults)


@dataclass
class ImportReport:
    plan: PlanDocument
    zones: int
    parts: int


# --- export ------------------------------------------------------------------------------------


def _aaaammjj(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _plan_of(commune: Commune) -> PlanDocument | None:
    return (
        PlanDocument.objects.filter(commune=commune, zones__isnull=False)
        .order_by("-datappro", "-id")
        .distinct()
        .first()
    )


def _datappro(commune: Commune) -> str:
    plan = _plan_of(commune)
    return _aaaammjj(plan.datappro if plan else None) or date.today().strftime("%Y%m%d")


def base_name(commune: Commune, layer: str = "ZONE_URBA") -> str:
    """`<INSEE>_ZONE_URBA_<DATAPPRO>`, the standard's file name."""
    return f"{commune.insee}_{layer}_{_datappro(commune)}"


def archive_name(commune: Commune) -> str:
    return f"{base_name(commune)}.zip"


def _zone_parts(commune: Commune, plan: PlanDocument | None):
    """One row per single polygon, in Lambert-93, in a stable order (zone, then part)."""
    zones = Zone.objects.filter(commune=commune)
    if plan is not None:
        zones = zones.filter(plan=plan)
    zones = {zone.pk: zone for zone in zones}
    if not zones:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT z.id, ST_AsBinary(d.geom) FROM land_use_zone AS z, "
            "LATERAL ST_Dump(ST_Transform(z.geometry, %s)) AS d "
            "WHERE z.id = ANY(%s) ORDER BY z.typezone, z.libelle, z.id, d.path",
            [LAMBERT_93, list(zones)],
        )
        return [(zones[zone_id], bytes(wkb)) for zone_id, wkb in cursor.fetchall()]


def _define_fields(writer: shapefile.Writer, fields) -> None:
    """The standard's text fields at their exact widths (GDAL would size them itself).

    pyshp cuts a longer value on a character boundary to fit the width in UTF-8 bytes.
    """
    for name, width in fields:
        writer.field(name, "C", size=width)


def _lambert_93_esri_wkt() -> str:
    """The .prj of a shapefile in Lambert-93, in the ESRI dialect GIS software expects there."""
    return pyproj.CRS.from_epsg(LAMBERT_93).to_wkt(pyproj.enums.WktVersion.WKT1_ESRI)


def export_zone_urba(*, commune: Commune, folder: Path) -> Path:
    """Write the commune's zones as a zipped CNIG shapefile in `folder`; returns the zip."""
    plan = _plan_of(commune)
    base = base_name(commune)
    work = folder / base
    work.mkdir(parents=True, exist_ok=True)
    parts = _zone_parts(commune, plan)
    records = [
        (
            zone.idurba or (plan.idurba if plan else ""),
            zone.libelle,
            zone.libelong,
            zone.typezone,
            zone.formdomi,
            zone.destoui,
            zone.destcdt,
            zone.destnon,
            zone.nomfic,
            zone.urlfic,
            _aaaammjj(zone.datvalid),
        )
        for zone, _wkb in parts
    ]
    with shapefile.Writer(work / base, shapeType=shapefile.POLYGON, encoding="utf-8") as writer:
        _define_fields(writer, ZONE_URBA_FIELDS)
        for (_zone, wkb), record in zip(parts, records, strict=True):
            # pyshp turns the outer ring clockwise and the holes anticlockwise, as shapefiles want.
            writer.shape(shapely.from_wkb(wkb).__geo_interface__)
            writer.record(*record)
    (work / f"{base}.prj").write_text(_lambert_93_esri_wkt(), encoding="ascii")
    (work / f"{base}.cpg").write_text("UTF-8", encoding="ascii")
    doc_records = []
    if plan is not None:
        doc_records.append(
            (
                plan.idurba,
                plan.typedoc,
                plan.etat,
                plan.nomproc,
                _aaaammjj(plan.datappro),
                _aaaammjj(plan.datefin),
                plan.nomreg,
                plan.urlreg,
                plan.nomplan,
                plan.urlplan,
                plan.siteweb,
            )
        )
    doc_path = work / f"{base_name(commune, 'DOC_URBA')}.dbf"
    with doc_path.open("wb") as dbf, shapefile.Writer(dbf=dbf, encoding="utf-8") as writer:
        _define_fields(writer, DOC_URBA_FIELDS)
        for record in doc_records:
            writer.record(*record)
    archive = folder / f"{base}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(work.iterdir()):
            zipped.write(path, path.name)
    return archive


# --- import ------------------------------------------------------------------------------------


# A CNIG archive holds one commune's plan: more than this unpacked is not one.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def _unzip_cnig(source: Path, workdir: Path) -> tuple[Path | None, Path | None]:
    """The ZONE_URBA shapefile's parts and the DOC_URBA .dbf, each in a folder of its own.

    Only those parts are written, under fixed names: no path from the archive reaches the disk,
    and GDAL opens each folder with the Shapefile driver alone (see land_use.gis_files).
    """
    try:
        with zipfile.ZipFile(source) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                raise CnigFileRefused([_("The zip file unpacks to more than 200 MB.")])

            def named(member) -> PurePosixPath:
                return PurePosixPath(member.filename)

            shp = next(
                (
                    m
                    for m in sorted(members, key=lambda m: m.filename)
                    if named(m).suffix.lower() == ".shp" and "ZONE_URBA" in named(m).stem.upper()
                ),
                None,
            )
            zone_folder = None
            if shp is not None:
                zone_folder = workdir / "zone_urba"
                zone_folder.mkdir()
                base = named(shp).with_suffix("")
                for member in members:
                    suffix = named(member).suffix.lower()
                    if named(member).with_suffix("") == base and suffix in SHAPEFILE_PARTS:
                        (zone_folder / f"ZONE_URBA{suffix}").write_bytes(zipped.read(member))
            dbf = next(
                (
                    m
                    for m in sorted(members, key=lambda m: m.filename)
                    if named(m).suffix.lower() == ".dbf" and "DOC_URBA" in named(m).stem.upper()
                ),
                None,
            )
            doc_folder = None
            if dbf is not None:
                doc_folder = workdir / "doc_urba"
                doc_folder.mkdir()
                (doc_folder / "DOC_URBA.dbf").write_bytes(zipped.read(dbf))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise CnigFileRefused([_("The file is not a readable zip archive.")]) from error
    return zone_folder, doc_folder


def _checked(check, *args, **kwargs) -> str:
    try:
        return check(*args, **kwargs)
    except gis_files.FileRefused as error:
        raise CnigFileRefused(error.messages) from error


def _text(value) -> str:
    if value is None or (isinstance(value, float) and numpy.isnan(value)):
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y%m%d")
    return str(value).strip()


def _parse_aaaammjj(value: str) -> date | None:
    return datetime.strptime(value, "%Y%m%d").date() if value else None


def _check_date(value: str, field: str, label: str, faults: list[str]) -> None:
    if not value:
        return
    try:
        _parse_aaaammjj(value)
    except ValueError:
        faults.append(
            _("Zone %(label)s: %(field)s “%(value)s” is not a date written AAAAMMJJ.")
            % {"label": label, "field": field, "value": value}
        )


def read_zone_urba(source: Path, workdir: Path):
    """The ZONE_URBA records of a zip or GeoPackage, and the DOC_URBA one; refused with faults."""
    faults: list[str] = []
    doc = None
    if source.suffix.lower() == ".zip":
        zone_folder, doc_folder = _unzip_cnig(source, workdir)
        layer_path, layer = None, None
        if zone_folder is not None:
            layer_path = _checked(gis_files.check_shapefile_folder, zone_folder)
            _checked(gis_files.check_driver, layer_path, gis_files.SHAPEFILE)
        if doc_folder is not None:
            doc_path = _checked(gis_files.check_shapefile_folder, doc_folder, kind=gis_files.DBF)
            _checked(gis_files.check_driver, doc_path, gis_files.DBF)
            doc = pyogrio.read_dataframe(doc_path, read_geometry=False)
    elif source.suffix.lower() == ".gpkg":
        # A copy in a private folder: GDAL sees no journal or other file beside it.
        copy = workdir / "cnig.gpkg"
        shutil.copyfile(source, copy)
        gpkg = _checked(gis_files.check_geopackage, copy)
        layers = [str(name) for name, _type in pyogrio.list_layers(gpkg)]
        if layers:
            _checked(gis_files.check_driver, gpkg, gis_files.GEOPACKAGE, layers[0])
        layer = next((name for name in layers if "ZONE_URBA" in name.upper()), None)
        layer_path = gpkg if layer else None
        doc_layer = next((name for name in layers if "DOC_URBA" in name.upper()), None)
        if doc_layer:
            doc = pyogrio.read_dataframe(gpkg, layer=doc_layer, read_geometry=False)
    else:
        raise CnigFileRefused([_("A CNIG file is a zipped shapefile (.zip) or a GeoPackage.")])
    if layer_path is None:
        raise CnigFileRefused(
            [_("The file holds no ZONE_URBA layer (its name must contain ZONE_URBA).")]
        )
    info = pyogrio.read_info(layer_path, layer=layer)
    crs = info.get("crs")
    if crs != f"EPSG:{LAMBERT_93}":
        faults.append(
            _("The zones are in %(crs)s; the standard asks for Lambert-93 (EPSG:2154).")
            % {"crs": crs or _("an unknown reference system")}
        )
    fields = {str(name).upper(): str(name) for name in info["fields"]}
    for name in ZONE_URBA_REQUIRED:
        if name not in fields:
            faults.append(_("The field %(field)s is missing.") % {"field": name})
    if faults and any(name not in fields for name in ("LIBELLE", "TYPEZONE")):
        raise CnigFileRefused(faults)
    frame = pyogrio.read_dataframe(layer_path, layer=layer)
    records = []
    for index, row in frame.iterrows():
        values = {
            name: _text(row[fields[name]]) if name in fields else ""
            for name, _w in (ZONE_URBA_FIELDS)
        }
        label = values["LIBELLE"] or _("number %(n)s") % {"n": index + 1}
        for name, width in ZONE_URBA_FIELDS:
            if len(values[name]) > width:
                faults.append(
                    _("Zone %(label)s: %(field)s has more than %(width)s characters.")
                    % {"label": label, "field": name, "width": width}
                )
        if not values["LIBELLE"]:
            faults.append(_("Record %(n)s has no LIBELLE.") % {"n": index + 1})
        if values["TYPEZONE"] not in TYPEZONES:
            faults.append(
                _("Zone %(label)s: TYPEZONE “%(value)s” is not one of %(allowed)s.")
                % {"label": label, "value": values["TYPEZONE"], "allowed": ", ".join(TYPEZONES)}
            )
        _check_date(values["DATVALID"], "DATVALID", label, faults)
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            faults.append(_("Zone %(label)s has no outline.") % {"label": label})
        elif geometry.geom_type not in ("Polygon", "MultiPolygon"):
            faults.append(
                _("Zone %(label)s is a %(type)s; zones are polygons.")
                % {"label": label, "type": geometry.geom_type}
            )
        elif not geometry.is_valid:
            faults.append(
                _("The outline of zone %(label)s is not a valid polygon (%(reason)s).")
                % {"label": label, "reason": shapely.is_valid_reason(geometry)}
            )
        records.append((values, geometry))
    faults.extend(_typezone_conflicts(records))
    if crs == f"EPSG:{LAMBERT_93}":
        faults.extend(_overlaps(records))
    if faults:
        raise CnigFileRefused(faults)
    return records, _doc_values(doc)


def _typezone_conflicts(records) -> list[str]:
    seen: dict[str, str] = {}
    faults = []
    for values, _geometry in records:
        libelle, typezone = values["LIBELLE"], values["TYPEZONE"]
        if libelle in seen and seen[libelle] != typezone:
            faults.append(
                _("Zone %(label)s has two TYPEZONE values: %(a)s and %(b)s.")
                % {"label": libelle, "a": seen[libelle], "b": typezone}
            )
        seen.setdefault(libelle, typezone)
    return faults


def _overlaps(records) -> list[str]:
    """Pairs of zones whose outlines overlap by more than the tolerance (in m², Lambert-93)."""
    polygons = [
        (values["LIBELLE"], geometry)
        for values, geometry in records
        if geometry is not None
        and not geometry.is_empty
        and geometry.is_valid
        and geometry.geom_type in ("Polygon", "MultiPolygon")
    ]
    if not polygons:
        return []
    tree = shapely.STRtree([geometry for _label, geometry in polygons])
    faults = []
    for i, j in zip(*tree.query([g for _l, g in polygons], predicate="intersects"), strict=True):
        if i >= j:
            continue
        area = polygons[i][1].intersection(polygons[j][1]).area
        if area > OVERLAP_TOLERANCE_M2:
            faults.append(
                _("Zones %(a)s and %(b)s overlap over %(area)s m².")
                % {"a": polygons[i][0], "b": polygons[j][0], "area": round(area)}
            )
    return faults


def _doc_values(doc) -> dict[str, str]:
    if doc is None or len(doc) == 0:
        return {}
    row = doc.iloc[0]
    columns = {str(name).upper(): name for name in doc.columns}
    return {name: _text(row[columns[name]]) for name, _w in DOC_URBA_FIELDS if name in columns}


def zones_import_cnig(*, commune: Commune, source: Path) -> ImportReport:
    """Replace the zones of the file's plan document by the file's zones, or store nothing.

    Raises CnigFileRefused with every fault of a file that breaks the standard.
    """
    with tempfile.TemporaryDirectory(prefix="cnig-import-") as folder:
        records, doc = read_zone_urba(Path(source), Path(folder))
    idurba = doc.get("IDURBA") or next((v["IDURBA"] for v, _g in records if v["IDURBA"]), "")
    if not idurba:
        raise CnigFileRefused([_("Neither DOC_URBA nor ZONE_URBA gives the IDURBA of the plan.")])
    # A PLU's IDURBA begins with its commune's INSEE code (a PLUi's with its EPCI's SIREN, nine
    # digits): a file of another commune's plan must not replace this commune's zones.
    owner = idurba.split("_", 1)[0]
    if len(owner) == 5 and owner != commune.insee:
        raise CnigFileRefused(
            [
                _(
                    "The file is the plan of the commune %(other)s (IDURBA %(idurba)s), not of "
                    "%(name)s (%(insee)s)."
                )
                % {"other": owner, "idurba": idurba, "name": commune.name, "insee": commune.insee}
            ]
        )
    groups: dict[str, list] = {}
    for values, geometry in records:
        groups.setdefault(values["LIBELLE"], []).append((values, geometry))
    with transaction.atomic():
        plan, _created = PlanDocument.objects.update_or_create(
            idurba=idurba,
            defaults={
                "commune": commune,
                "typedoc": doc.get("TYPEDOC") or PlanDocument.TypeDoc.PLU,
                "etat": doc.get("ETAT") or PlanDocument.Etat.ENFORCEABLE,
                "nomproc": doc.get("NOMPROC", ""),
                "datappro": _parse_aaaammjj(doc.get("DATAPPRO", ""))
                or _parse_aaaammjj(idurba.rsplit("_", 1)[-1] if idurba[-8:].isdigit() else ""),
                "datefin": _parse_aaaammjj(doc.get("DATEFIN", "")),
                "nomreg": doc.get("NOMREG", ""),
                "urlreg": doc.get("URLREG", ""),
                "nomplan": doc.get("NOMPLAN", ""),
                "urlplan": doc.get("URLPLAN", ""),
                "siteweb": doc.get("SITEWEB", ""),
            },
        )
        kept = []
        for libelle, group in groups.items():
            values = group[0][0]
            polygons = []
            for _values, geometry in group:
                # Shapefiles turn outer rings clockwise; RFC 7946 wants them anticlockwise.
                oriented = shapely.orient_polygons(geometry, exterior_cw=False)
                part = GEOSGeometry(memoryview(shapely.to_wkb(oriented)), srid=LAMBERT_93)
                polygons.extend(part if part.geom_type == "MultiPolygon" else [part])
            zone, _created = Zone.objects.update_or_create(
                commune=commune,
                plan=plan,
                libelle=libelle,
                defaults={
                    "libelong": values["LIBELONG"],
                    "typezone": values["TYPEZONE"],
                    "formdomi": values["FORMDOMI"],
                    "destoui": values["DESTOUI"],
                    "destcdt": values["DESTCDT"],
                    "destnon": values["DESTNON"],
                    "nomfic": values["NOMFIC"],
                    "urlfic": values["URLFIC"],
                    "idurba": values["IDURBA"],
                    "datvalid": _parse_aaaammjj(values["DATVALID"]),
                    # Stored in WGS84: PostGIS transforms the Lambert-93 outline on save.
                    "geometry": MultiPolygon(polygons, srid=LAMBERT_93),
                },
            )
            kept.append(zone.pk)
        Zone.objects.filter(commune=commune, plan=plan).exclude(pk__in=kept).delete()
        # After the commit: the apps above measure against the zones as stored.
        transaction.on_commit(lambda: zones_replaced.send(sender=Zone, commune_id=commune.pk))
    return ImportReport(plan=plan, zones=len(groups), parts=len(records))
