"""Front-end libraries served by the app itself, from the npm packages pinned in package-lock.json.

No page loads JavaScript or CSS from a CDN and no third-party code is committed: `npm ci` fills
`node_modules/`, and the folders below become `STATICFILES_DIRS` entries, each under its own
prefix, so `collectstatic` (and WhiteNoise) serve them like the app's own files:

    STATICFILES_DIRS = [*npm_static_dirs(BASE_DIR)]

Only the folders pages need are listed, not the whole of `node_modules/`. Each stylesheet is
served together with the files it refers to by relative URL, at the same relative place:
`leaflet.css` next to `images/`, Font Awesome's `css/` next to `webfonts/` (it asks for
`../webfonts/...`), Leaflet.draw's `leaflet.draw.css` next to its sprite sheets.

`territory.webmap.assets` maps folium's CDN URLs onto the static paths these prefixes give.
"""

from pathlib import Path

NODE_MODULES = "node_modules"

# (static prefix, folder inside node_modules/): the prefix carries no version, the lock file does.
NPM_STATIC_DIRS: tuple[tuple[str, str], ...] = (
    # Leaflet 1.9: leaflet.js, leaflet.css and images/ (default marker, layer-switcher icon).
    ("vendor/leaflet", "leaflet/dist"),
    # Leaflet.markercluster: leaflet.markercluster.js, MarkerCluster.css, MarkerCluster.Default.css.
    ("vendor/leaflet.markercluster", "leaflet.markercluster/dist"),
    # Leaflet.draw: leaflet.draw.js, leaflet.draw.css and the toolbar sprite sheets in images/.
    ("vendor/leaflet-draw", "leaflet-draw/dist"),
    # Leaflet.Locate: the UMD build defines `L.control.locate`, which folium's template calls;
    # its icons are inline SVG in the stylesheet.
    ("vendor/leaflet.locatecontrol", "leaflet.locatecontrol/dist"),
    # Leaflet.awesome-markers (folium.Icon): js, css and the marker sprites in images/.
    ("vendor/leaflet.awesome-markers", "leaflet.awesome-markers/dist"),
    # Leaflet.VectorGrid: the bundled build (with its protobuf decoder) for the large layers.
    ("vendor/leaflet.vectorgrid", "leaflet.vectorgrid/dist"),
    # jQuery and the Bootstrap 5 bundle (Popper included) and stylesheet, loaded by folium.Map.
    ("vendor/jquery", "jquery/dist"),
    ("vendor/bootstrap", "bootstrap/dist"),
    # Font Awesome's css/ asks for ../webfonts/: both folders sit side by side under one prefix.
    ("vendor/fontawesome/css", "@fortawesome/fontawesome-free/css"),
    ("vendor/fontawesome/webfonts", "@fortawesome/fontawesome-free/webfonts"),
    # OpenLayers for the GIS widgets of Django's admin: the package root holds ol.css and
    # dist/ol.js, the two files django.contrib.gis would otherwise take from jsDelivr.
    ("vendor/ol", "ol"),
    # axe-core for the accessibility tests run in the browser: axe.min.js.
    ("vendor/axe-core", "axe-core"),
    # Chart.js 4 for the key figures' charts: dist/chart.umd.min.js defines the global `Chart`.
    ("vendor/chart.js", "chart.js/dist"),
)

# Static paths, relative to STATIC_URL, of files loaded outside folium maps.
OL_CSS = "vendor/ol/ol.css"
OL_JS = "vendor/ol/dist/ol.js"
AXE_CORE_JS = "vendor/axe-core/axe.min.js"
CHART_JS = "vendor/chart.js/chart.umd.min.js"


def npm_static_dirs(base_dir: Path | str) -> list[tuple[str, str]]:
    """`STATICFILES_DIRS` entries `(prefix, absolute folder)` for the npm packages pages load.

    `base_dir` is the project root, the folder holding package.json and node_modules/.
    """
    node_modules = Path(base_dir) / NODE_MODULES
    return [(prefix, str(node_modules / folder)) for prefix, folder in NPM_STATIC_DIRS]


def missing_npm_static_dirs(base_dir: Path | str) -> list[str]:
    """The declared folders absent from disk: non-empty until `npm ci` has been run."""
    return [folder for _prefix, folder in npm_static_dirs(base_dir) if not Path(folder).is_dir()]


def static_source_file(static_path: str, base_dir: Path | str) -> Path | None:
    """The file under node_modules/ that the static path `static_path` is served from, if any.

    `static_path` is relative to STATIC_URL, as given to `static()`, e.g.
    "vendor/leaflet/leaflet.js". Lets tests check a path without Django's finders.
    """
    for prefix, folder in npm_static_dirs(base_dir):
        if static_path.startswith(prefix + "/"):
            candidate = Path(folder) / static_path.removeprefix(prefix + "/")
            if candidate.is_file():
                return candidate
    return None
