import subprocess
import sys
from pathlib import Path

from django.contrib.gis import gdal

ROOT = Path(__file__).resolve().parents[2]


def test_geodjango_uses_a_gdal_that_can_block_malicious_spatial_references():
    # GDAL 3.9 added the option Django needs to stop gis.W001 from warning.
    assert gdal.GDAL_VERSION >= (3, 9)
    from django.contrib.gis.geos.libgeos import geos_version_tuple

    assert geos_version_tuple() >= (3, 10)


def test_manage_py_check_prints_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "W001" not in result.stdout + result.stderr
