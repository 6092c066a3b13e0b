"""The export formats, registered under their keys: geojson, csv, csv-fr (French spreadsheets),
gpkg (the atlas), cnig."""

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from mapping.exports.base import ExportRequest, register
from mapping.exports.geopackage import write_atlas
from mapping.exports.rows import iter_rows, plain
from territory.geojson import stream_feature_collection

FILE_CHUNK = 64 * 1024
# A cell starting with one of these is read as a formula by spreadsheets (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(FILE_CHUNK):
            yield chunk


def neutralised(value):
    """A CSV cell a spreadsheet will not run: text that could start a formula gets an apostrophe.

    Numbers stay numbers, a negative one included, whether they come as numbers or as text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


@register
class GeoJsonExporter:
    """RFC 7946 GeoJSON written by PostGIS and streamed feature by feature."""

    key = "geojson"
    extension = "geojson"
    media_type = "application/geo+json"
    per_collection = True

    def filename(self, request: ExportRequest) -> str:
        return f"{request.commune.insee}_{request.collection.key}.geojson"

    def export(self, request: ExportRequest) -> Iterator[bytes]:
        collection = request.collection
        queryset = collection.queryset(
            commune=request.commune, user=request.user, personal=request.personal
        )
        for piece in stream_feature_collection(
            queryset,
            collection.property_names(personal=request.personal),
            collection.geometry_field,
        ):
            yield piece.encode()


def french_number(value):
    """A number as a French spreadsheet reads it: decimal comma, no thousands separator."""
    if isinstance(value, bool) or not isinstance(value, float | int | Decimal):
        return value
    return str(value).replace(".", ",")


@register
class CsvExporter:
    """A spreadsheet-friendly table: UTF-8 with a BOM, geometry as WKT (WGS84) in column WKT.

    Text cells that a spreadsheet would take for a formula are neutralised (`neutralised`).
    Comma-separated with a decimal point, as most tools (QGIS, pandas, R) expect.
    """

    key = "csv"
    extension = "csv"
    media_type = "text/csv; charset=utf-8"
    per_collection = True
    delimiter = ","

    def filename(self, request: ExportRequest) -> str:
        return f"{request.commune.insee}_{request.collection.key}.csv"

    def cell(self, value):
        return value

    def export(self, request: ExportRequest) -> Iterator[bytes]:
        collection = request.collection
        columns = collection.columns_for(personal=request.personal)
        queryset = collection.queryset(
            commune=request.commune, user=request.user, personal=request.personal
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator="\r\n")
        # The BOM tells spreadsheets the file is UTF-8, so accents survive.
        buffer.write("\ufeff")
        writer.writerow(["WKT", "id", *(column.name for column in columns)])
        rows = iter_rows(collection, queryset, columns, geometry="wkt")
        for count, row in enumerate(rows, start=1):
            values = [plain(value, column) for column, value in zip(columns, row[2:], strict=True)]
            cells = ("" if value is None else self.cell(neutralised(value)) for value in values)
            writer.writerow([row[1], row[0], *cells])
            if count % 1000 == 0:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()


@register
class FrenchCsvExporter(CsvExporter):
    """The same table for a spreadsheet set to French (Excel, LibreOffice in fr-FR): cells
    separated by semicolons and numbers with a decimal comma, so they open as numbers in columns
    rather than as text in one column. The WKT keeps its decimal points: it is geometry text."""

    key = "csv-fr"
    delimiter = ";"

    def filename(self, request: ExportRequest) -> str:
        return f"{request.commune.insee}_{request.collection.key}_fr.csv"

    def cell(self, value):
        return french_number(value)


@register
class AtlasExporter:
    """Every layer of the commune in one GeoPackage, in its projected CRS, styled for QGIS."""

    key = "gpkg"
    extension = "gpkg"
    media_type = "application/geopackage+sqlite3"
    per_collection = False

    def filename(self, request: ExportRequest) -> str:
        return f"{request.commune.insee}_atlas.gpkg"

    def export(self, request: ExportRequest) -> Iterator[bytes]:
        with tempfile.TemporaryDirectory(prefix="atlas-") as folder:
            path = Path(folder) / self.filename(request)
            write_atlas(path, commune=request.commune, personal=request.personal, user=request.user)
            yield from _file_chunks(path)


@register
class CnigZoneUrbaExporter:
    """The land-use zones in the CNIG standard: a zipped ZONE_URBA + DOC_URBA shapefile."""

    key = "cnig"
    extension = "zip"
    media_type = "application/zip"
    per_collection = False

    def filename(self, request: ExportRequest) -> str:
        from land_use.cnig import archive_name

        return archive_name(request.commune)

    def export(self, request: ExportRequest) -> Iterator[bytes]:
        from land_use.cnig import export_zone_urba

        with tempfile.TemporaryDirectory(prefix="cnig-") as folder:
            path = export_zone_urba(commune=request.commune, folder=Path(folder))
            yield from _file_chunks(path)
