"""Parcel files built with geopandas, as a farmer's GIS software would write them."""

import io
import tempfile
import zipfile
from pathlib import Path

import geopandas
import numpy
import pyogrio.raw
import shapely

from tests.land_use.parcels import LENS, field

CODES = ("BTH", "LUZ", "PTC")


def three_parcels(crs: int = 4326) -> geopandas.GeoDataFrame:
    """Three separate fields of the commune with RPG columns, in `crs`."""
    frame = geopandas.GeoDataFrame(
        {
            "ID_PARCEL": ["101", "102", "103"],
            "CODE_CULTU": list(CODES),
            "SURF_PARC": [3.09, 3.09, 3.09],
        },
        geometry=[shapely.from_wkt(field(column, 0).wkt) for column in range(3)],
        crs=4326,
    )
    return frame.to_crs(crs)


def bowtie_frame() -> geopandas.GeoDataFrame:
    lon, lat = field(0, 1).centroid.coords
    d = 0.001
    ring = [(lon - d, lat - d), (lon + d, lat + d), (lon + d, lat - d), (lon - d, lat + d)]
    return geopandas.GeoDataFrame(
        {"ID_PARCEL": ["201"], "CODE_CULTU": ["BTH"]},
        geometry=[shapely.Polygon(ring)],
        crs=4326,
    )


def lens_frame() -> geopandas.GeoDataFrame:
    lon, lat = LENS
    return geopandas.GeoDataFrame(
        {"ID_PARCEL": ["301"], "CODE_CULTU": ["BTH"]},
        geometry=[shapely.box(lon, lat, lon + 0.002, lat + 0.002)],
        crs=4326,
    )


def points_frame() -> geopandas.GeoDataFrame:
    return geopandas.GeoDataFrame(
        {"ID_PARCEL": ["401"]}, geometry=[shapely.Point(field(0, 1).centroid.coords)], crs=4326
    )


def write(frame: geopandas.GeoDataFrame, driver: str, suffix: str, **options) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"parcels{suffix}"
        frame.to_file(path, driver=driver, engine="pyogrio", **options)
        return path.read_bytes()


def geojson(frame) -> bytes:
    return write(frame, "GeoJSON", ".geojson")


def geopackage(*layers: tuple[str, geopandas.GeoDataFrame]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "parcels.gpkg"
        for name, frame in layers:
            frame.to_file(path, driver="GPKG", layer=name, engine="pyogrio")
        return path.read_bytes()


def kml(frame) -> bytes:
    return write(frame, "KML", ".kml")


def zipped_shapefile(frame, *, with_prj: bool = True) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "parcelles.shp"
        frame.to_file(path, driver="ESRI Shapefile", engine="pyogrio")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as bundle:
            for part in Path(folder).iterdir():
                if part.suffix == ".prj" and not with_prj:
                    continue
                bundle.write(part, arcname=part.name)
        return buffer.getvalue()


def zone_urba_zip(path: Path, rows: list[dict], polygons, *, epsg: int = 2154) -> Path:
    """A CNIG ZONE_URBA shapefile at `path` (its attribute `rows`, one polygon each), zipped."""
    names = list(rows[0])
    pyogrio.raw.write(
        path,
        numpy.array([shapely.to_wkb(p) for p in polygons], dtype=object),
        [numpy.array([row[n] for row in rows], dtype=object) for n in names],
        names,
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs=f"EPSG:{epsg}",
    )
    archive = path.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in path.parent.glob(f"{path.stem}.*"):
            if part.suffix != ".zip":
                zipped.write(part, part.name)
    return archive
