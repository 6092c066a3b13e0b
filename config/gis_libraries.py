"""Where GeoDjango finds GDAL and GEOS.

Debian 12 ships GDAL 3.6, with which every `manage.py` command warns (gis.W001) that it cannot
block file and network access from malicious spatial references; GDAL >= 3.9 can. The pyogrio and
shapely wheels that the project installs anyway bundle GDAL 3.12 and GEOS 3.14, so GeoDjango is
pointed at those. An environment variable overrides the choice; the system libraries are the
fallback when neither is found.
"""

import importlib.util
from pathlib import Path


def _wheel_folder(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _bundled_library(package: str, pattern: str) -> str | None:
    folder = _wheel_folder(package)
    if folder is None:
        return None
    libs = folder.parent / f"{package}.libs"
    matches = sorted(libs.glob(pattern)) if libs.is_dir() else []
    return str(matches[0]) if matches else None


def gdal_library_path() -> str | None:
    return _bundled_library("pyogrio", "libgdal*.so*")


def geos_library_path() -> str | None:
    return _bundled_library("shapely", "libgeos_c*.so*")


def gdal_data_folders() -> dict[str, str]:
    """PROJ_DATA and GDAL_DATA of the pyogrio wheel, matching the GDAL it bundles."""
    folder = _wheel_folder("pyogrio")
    if folder is None:
        return {}
    found = {}
    for variable, name in (("PROJ_DATA", "proj_data"), ("GDAL_DATA", "gdal_data")):
        if (folder / name).is_dir():
            found[variable] = str(folder / name)
    return found
