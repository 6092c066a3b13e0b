"""The atlas: every public layer of a commune in one GeoPackage, styled for QGIS.

Layers are written in the commune's projected CRS (EPSG:2154 for mainland France) by GDAL, with
GeoPackage version 1.2 (the wheel's GDAL writes 1.4 by default, which older QGIS/GDAL builds warn
about). Each layer gets a QML style in the `layer_styles` table, the table QGIS reads when it
opens a GeoPackage layer, so the layers open already coloured.

Each layer is written in chunks of `CHUNK_ROWS` features, read from PostGIS by a server-side
cursor (`mapping.exports.rows.iter_rows`) and appended to the file, so the worker holds one chunk
at a time however large the layer: its memory stays flat from 10,000 to 500,000 parcels
(benchmarks/atlas.py measures it against ogr2ogr).

Layer names stay the catalogue's keys (`zones`, `eco_housing`: stable for scripts and QGIS
projects); their titles and descriptions (gpkg_contents `identifier` and `description`, what QGIS
shows) are written in the site's language (French), whoever asks and in whatever language.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import geopandas
import pandas
import pyogrio
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from mapping.exports.rows import iter_rows, plain
from mapping.exports.styles import layer_style
from territory.catalogue import BOOL, DATETIME, FLOAT, INT, Layer, layers
from territory.models import Commune

GPKG_VERSION = "1.2"
# Features per append: large enough that opening the file again costs nothing next to writing
# them, small enough that a chunk is a few megabytes in the worker.
CHUNK_ROWS = 10_000


def layer_name(collection: Layer) -> str:
    return collection.key.replace("-", "_")


def _frames(collection: Layer, *, commune: Commune, user, personal: bool, srid: int):
    """The layer's rows as GeoDataFrames of at most `CHUNK_ROWS` rows; at least one, maybe
    empty, so that an empty layer is still created with its columns."""
    columns = collection.columns_for(personal=personal)
    queryset = collection.queryset(commune=commune, user=user, personal=personal)
    rows = iter_rows(collection, queryset, columns, geometry="wkb", srid=srid)
    first = True
    while (chunk := list(islice(rows, CHUNK_ROWS))) or first:
        first = False
        yield _frame(chunk, columns, srid=srid)


def _frame(chunk: list[tuple], columns, *, srid: int):
    ids, geometries, values = [], [], {column.name: [] for column in columns}
    for row in chunk:
        ids.append(row[0])
        geometries.append(bytes(row[1]) if row[1] is not None else None)
        for column, value in zip(columns, row[2:], strict=True):
            values[column.name].append(value if column.kind == DATETIME else plain(value, column))
    data = {"source_id": pandas.array(ids, dtype="Int64")}
    for column in columns:
        raw = values[column.name]
        if column.kind == INT:
            data[column.name] = pandas.array(raw, dtype="Int64")
        elif column.kind == FLOAT:
            data[column.name] = pandas.array(raw, dtype="Float64")
        elif column.kind == BOOL:
            data[column.name] = pandas.array(raw, dtype="boolean")
        elif column.kind == DATETIME:
            data[column.name] = pandas.to_datetime(pandas.Series(raw, dtype=object), utc=True)
        else:
            data[column.name] = pandas.Series(raw, dtype=object)
    crs = f"EPSG:{srid}"
    geometry = geopandas.GeoSeries.from_wkb(pandas.Series(geometries, dtype=object), crs=crs)
    return geopandas.GeoDataFrame(data, geometry=geometry, crs=crs)


def write_atlas(path: Path, *, commune: Commune, personal: bool = False, user=None) -> list[str]:
    """Write the atlas GeoPackage at `path`; returns the names of its layers."""
    return write_layers(path, layers(), commune=commune, personal=personal, user=user)


def write_layers(
    path: Path, collections: list[Layer], *, commune: Commune, personal: bool = False, user=None
) -> list[str]:
    """Write `collections` (catalogue layers, registered or not) into the GeoPackage at `path`,
    in the commune's projected CRS, each with its QGIS style; returns the layers' names."""
    with translation.override(settings.LANGUAGE_CODE):
        return _write_layers(path, collections, commune=commune, personal=personal, user=user)


def _write_layers(path: Path, collections: list[Layer], *, commune, personal, user) -> list[str]:
    user = user if user is not None else AnonymousUser()
    srid = commune.projected_srid
    written = []
    for collection in collections:
        _write_layer(path, collection, commune=commune, user=user, personal=personal, srid=srid)
        written.append(collection)
    _write_styles(path, written)
    return [layer_name(collection) for collection in written]


def _write_layer(path: Path, collection: Layer, *, commune, user, personal, srid) -> None:
    """The first chunk creates the layer with its French title; the others are appended."""
    name = layer_name(collection)
    frames: Iterator = _frames(collection, commune=commune, user=user, personal=personal, srid=srid)
    for index, frame in enumerate(frames):
        creating = index == 0
        pyogrio.write_dataframe(
            frame,
            path,
            layer=name,
            driver="GPKG",
            geometry_type=collection.geometry_type,
            promote_to_multi=collection.geometry_type.startswith("Multi"),
            append=not creating,
            dataset_options={"VERSION": GPKG_VERSION} if creating and not path.exists() else None,
            layer_options={
                "IDENTIFIER": str(collection.title),
                "DESCRIPTION": str(collection.description),
            }
            if creating
            else None,
        )


def _write_styles(path: Path, written: list[Layer]) -> None:
    """The `layer_styles` table as QGIS creates it, one default style per layer."""
    names = [layer_name(collection) for collection in written]
    now = datetime.now(UTC)
    styles = pandas.DataFrame(
        {
            "f_table_catalog": [""] * len(names),
            "f_table_schema": [""] * len(names),
            "f_table_name": names,
            "f_geometry_column": ["geom"] * len(names),
            "styleName": names,
            "styleQML": [layer_style(collection) for collection in written],
            "styleSLD": [""] * len(names),
            "useAsDefault": pandas.array([True] * len(names), dtype="boolean"),
            "description": [str(collection.title) for collection in written],
            "owner": [""] * len(names),
            "ui": [None] * len(names),
            "update_time": pandas.to_datetime([now] * len(names), utc=True),
        }
    )
    pyogrio.write_dataframe(
        styles, path, layer="layer_styles", driver="GPKG", layer_options={"FID": "id"}
    )
