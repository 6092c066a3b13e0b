"""folium maps load their JavaScript and CSS from the app's static files, never from a CDN.

Plain pytest: no Django settings, no database. Static paths are resolved through the
STATICFILES_DIRS table of config/static_assets.py, so the files must exist in node_modules/
(`npm ci`).
"""

import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import folium
import pytest
from folium import plugins

from config.static_assets import (
    AXE_CORE_JS,
    OL_CSS,
    OL_JS,
    missing_npm_static_dirs,
    static_source_file,
)
from territory.webmap.assets import (
    CDN_TO_STATIC,
    LEAFLET_DEFAULT_ICON,
    ExternalAssetError,
    localize_map,
    render_map_html,
)

BASE_DIR = Path(__file__).resolve().parents[2]
STATIC_URL = "/static/"

GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Base 11/19"},
            "geometry": {"type": "Point", "coordinates": [2.7915, 50.4584]},
        }
    ],
}

pytestmark = pytest.mark.skipif(
    bool(missing_npm_static_dirs(BASE_DIR)), reason="node_modules/ not installed: run `npm ci`"
)


def fake_static(path: str) -> str:
    return STATIC_URL + path


class AssetLinks(HTMLParser):
    """Collects the src of every <script> and the href of every <link>."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src") is not None:
            self.urls.append(attributes["src"])
        if tag == "link" and attributes.get("href") is not None:
            self.urls.append(attributes["href"])


def linked_urls(html: str) -> list[str]:
    parser = AssetLinks()
    parser.feed(html)
    return parser.urls


def participation_map() -> folium.Map:
    m = folium.Map(location=[50.4584, 2.7915], zoom_start=14)
    cluster = plugins.MarkerCluster(name="Contributions").add_to(m)
    folium.Marker([50.4584, 2.7915]).add_to(cluster)
    folium.Marker([50.46, 2.79], icon=folium.Icon(icon="tree", prefix="fa")).add_to(cluster)
    folium.GeoJson(GEOJSON, name="Patrimoine").add_to(m)
    plugins.Draw(export=False).add_to(m)
    plugins.LocateControl().add_to(m)
    folium.LayerControl().add_to(m)
    return m


def static_path(url: str) -> str:
    assert url.startswith(STATIC_URL), url
    return url.removeprefix(STATIC_URL)


def test_localized_map_links_only_static_urls_of_files_in_node_modules():
    m = localize_map(participation_map(), fake_static)
    urls = linked_urls(m.get_root().render())

    assert urls
    for url in urls:
        assert url.startswith(STATIC_URL), f"{url} is not served by the app"
        assert static_source_file(static_path(url), BASE_DIR), f"{url} is not in node_modules/"


def test_localized_map_loads_every_library_the_plugins_need():
    html = render_map_html(participation_map(), fake_static)
    paths = {static_path(url) for url in linked_urls(html)}

    assert {
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
        "vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "vendor/leaflet-draw/leaflet.draw.js",
        "vendor/leaflet-draw/leaflet.draw.css",
        "vendor/leaflet.locatecontrol/L.Control.Locate.min.js",
        "vendor/fontawesome/css/all.min.css",
        "vendor/leaflet.awesome-markers/leaflet.awesome-markers.js",
    } <= paths


def test_leaflet_scripts_come_before_the_plugins_that_extend_it():
    urls = linked_urls(render_map_html(participation_map(), fake_static))

    leaflet = urls.index(fake_static("vendor/leaflet/leaflet.js"))
    for plugin in ("leaflet.markercluster", "leaflet-draw", "leaflet.locatecontrol"):
        first = min(i for i, url in enumerate(urls) if f"/vendor/{plugin}/" in url)
        assert leaflet < first


def test_glyphicons_and_rotate_css_are_left_out():
    html = render_map_html(participation_map(), fake_static)

    assert "glyphicons" not in html
    assert "rotate" not in " ".join(linked_urls(html))


def test_default_marker_images_are_given_as_static_urls():
    html = render_map_html(participation_map(), fake_static)

    for path in LEAFLET_DEFAULT_ICON.values():
        assert f'"{fake_static(path)}"' in html
        assert static_source_file(path, BASE_DIR)


def test_localizing_twice_changes_nothing():
    m = localize_map(participation_map(), fake_static)
    first = linked_urls(m.get_root().render())

    localize_map(m, fake_static)

    assert linked_urls(m.get_root().render()) == first


def test_localizing_one_map_leaves_folium_classes_untouched():
    localize_map(participation_map(), fake_static)

    assert folium.Map.default_js[0][1].startswith("https://")
    assert plugins.Draw.default_css[0][1].startswith("https://")


def test_unknown_cdn_asset_raises_instead_of_loading_from_the_cdn():
    m = participation_map()
    plugins.Fullscreen().add_to(m)

    with pytest.raises(ExternalAssetError, match="Fullscreen"):
        localize_map(m, fake_static)


def test_extra_table_entries_localize_a_new_plugin():
    m = participation_map()
    plugins.Fullscreen().add_to(m)
    extra = {url: "vendor/fullscreen/fullscreen.js" for _name, url in plugins.Fullscreen.default_js}
    extra |= {url: None for _name, url in plugins.Fullscreen.default_css}

    urls = linked_urls(render_map_html(m, fake_static, extra=extra))

    assert fake_static("vendor/fullscreen/fullscreen.js") in urls
    assert all(url.startswith(STATIC_URL) for url in urls)


def test_every_table_entry_points_at_a_served_file():
    for url, path in CDN_TO_STATIC.items():
        assert path is None or static_source_file(path, BASE_DIR), url


@pytest.mark.parametrize("path", [OL_CSS, OL_JS, AXE_CORE_JS])
def test_openlayers_and_axe_are_served(path):
    assert static_source_file(path, BASE_DIR)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


@pytest.mark.parametrize(
    "stylesheet",
    sorted({path for path in CDN_TO_STATIC.values() if path and path.endswith(".css")}),
)
def test_files_a_stylesheet_refers_to_are_served_at_the_same_relative_place(stylesheet):
    source = static_source_file(stylesheet, BASE_DIR)
    for ref in CSS_URL.findall(source.read_text(encoding="utf-8")):
        if ref.startswith(("data:", "#", "http:", "https:", "//")):
            continue
        ref = ref.split("?")[0].split("#")[0]
        target = PurePosixPath(stylesheet).parent / ref
        resolved = "/".join(_normalize(target.parts))
        assert static_source_file(resolved, BASE_DIR), f"{stylesheet} -> {ref}"


def _normalize(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return out
