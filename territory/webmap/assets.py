"""Point folium maps at the JavaScript and CSS the app serves itself, instead of CDNs.

folium elements list the files they need in `default_js` / `default_css`, as CDN URLs. Before a
map is rendered, `localize_map` replaces each URL by the static file of the pinned npm package
(see config/static_assets.py) through `CDN_TO_STATIC`. A URL missing from that table raises
`ExternalAssetError`: a folium upgrade or a new plugin that brings another CDN file fails in the
tests instead of silently loading third-party code from elsewhere.

`render_map_html` localizes, renders and then checks the HTML itself: every `<script src>` and
`<link href>` must be local, which also catches elements created while the map renders.

In Django, `static_url` is `django.templatetags.static.static`.
"""

import json
from collections.abc import Callable, Iterator, Mapping
from html.parser import HTMLParser
from urllib.parse import urlsplit

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink

StaticUrl = Callable[[str], str]

# The path (after the host) of each CDN URL found in folium 0.20 -> path relative to STATIC_URL,
# or None for a file left out. Keyed without the host so that the code names no CDN at all.
CDN_TO_STATIC: Mapping[str, str | None] = {
    # folium.Map
    "npm/leaflet@1.9.3/dist/leaflet.js": "vendor/leaflet/leaflet.js",
    "npm/leaflet@1.9.3/dist/leaflet.css": "vendor/leaflet/leaflet.css",
    "jquery-3.7.1.min.js": "vendor/jquery/jquery.min.js",
    "npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": (
        "vendor/bootstrap/js/bootstrap.bundle.min.js"
    ),
    "npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": ("vendor/bootstrap/css/bootstrap.min.css"),
    "npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": (
        "vendor/fontawesome/css/all.min.css"
    ),
    "ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": (
        "vendor/leaflet.awesome-markers/leaflet.awesome-markers.js"
    ),
    "ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": (
        "vendor/leaflet.awesome-markers/leaflet.awesome-markers.css"
    ),
    # Bootstrap 3 glyphicons, for folium.Icon(prefix="glyphicon"), folium's default prefix: left
    # out, icons use Font Awesome (folium.Icon(icon="...", prefix="fa")).
    "bootstrap/3.0.0/css/bootstrap-glyphicons.css": None,
    # .fa-rotate-1 ... -359 for folium.Icon(angle=...): not in folium's wheel, left out. Font
    # Awesome itself has fa-rotate-90/-180/-270.
    "gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": None,
    # folium.plugins.MarkerCluster
    "ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": (
        "vendor/leaflet.markercluster/leaflet.markercluster.js"
    ),
    "ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": (
        "vendor/leaflet.markercluster/MarkerCluster.css"
    ),
    "ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
        "vendor/leaflet.markercluster/MarkerCluster.Default.css"
    ),
    # folium.plugins.Draw
    "ajax/libs/leaflet.draw/1.0.2/leaflet.draw.js": ("vendor/leaflet-draw/leaflet.draw.js"),
    "ajax/libs/leaflet.draw/1.0.2/leaflet.draw.css": ("vendor/leaflet-draw/leaflet.draw.css"),
    # folium.plugins.LocateControl
    "ajax/libs/leaflet-locatecontrol/0.66.2/L.Control.Locate.min.js": (
        "vendor/leaflet.locatecontrol/L.Control.Locate.min.js"
    ),
    "ajax/libs/leaflet-locatecontrol/0.66.2/L.Control.Locate.min.css": (
        "vendor/leaflet.locatecontrol/L.Control.Locate.min.css"
    ),
    # folium.plugins.VectorGridProtobuf (mapping.webmap.loading.TiledLayer)
    "leaflet.vectorgrid@latest/dist/Leaflet.VectorGrid.bundled.js": (
        "vendor/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.js"
    ),
}

# Leaflet's default marker images. Leaflet finds them by looking for "marker-icon.png" at the end
# of a URL in leaflet.css, which fails once collectstatic has put a hash in the file names.
LEAFLET_DEFAULT_ICON = {
    "iconUrl": "vendor/leaflet/images/marker-icon.png",
    "iconRetinaUrl": "vendor/leaflet/images/marker-icon-2x.png",
    "shadowUrl": "vendor/leaflet/images/marker-shadow.png",
}


class ExternalAssetError(RuntimeError):
    """A map needs a JavaScript or CSS file that the app does not serve itself."""


def _walk(element: Element) -> Iterator[tuple[Element, str, Element]]:
    """(parent, name, child) for every descendant of `element`, depth first."""
    for name, child in list(element._children.items()):
        yield element, name, child
        yield from _walk(child)


def _is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _table_key(url: str) -> str:
    """An external URL's path without its host, the key of CDN_TO_STATIC."""
    return urlsplit(url).path.lstrip("/") if _is_external(url) else url


def localize_url(
    url: str,
    static_url: StaticUrl,
    *,
    extra: Mapping[str, str | None] | None = None,
    owner: str = "",
) -> str | None:
    """The local URL replacing `url`, or None when the file is left out on purpose.

    URLs already made by `static_url` come back unchanged, so localizing twice is harmless.
    Raises ExternalAssetError for a URL the tables do not know.
    """
    table = {**CDN_TO_STATIC, **{_table_key(key): path for key, path in (extra or {}).items()}}
    local_urls = {static_url(path) for path in table.values() if path is not None}
    if url in local_urls:
        return url
    key = _table_key(url)
    if _is_external(url) and key in table:
        path = table[key]
        return None if path is None else static_url(path)
    raise ExternalAssetError(
        f"{owner or 'A folium element'} loads {url}, which the app does not serve. Add the npm "
        "package to package.json, serve its folder in config/static_assets.py and map the URL "
        "in territory.webmap.assets.CDN_TO_STATIC."
    )


def _localized_links(
    links: list[tuple[str, str]],
    static_url: StaticUrl,
    extra: Mapping[str, str | None] | None,
    owner: str,
) -> list[tuple[str, str]]:
    localized = []
    for name, url in links:
        local = localize_url(url, static_url, extra=extra, owner=f"{owner} ({name})")
        if local is not None:
            localized.append((name, local))
    return localized


class _LeafletDefaultIcon(Element):
    """Gives Leaflet the static URLs of its default marker images."""

    def __init__(self, static_url: StaticUrl):
        super().__init__()
        self._name = "LeafletDefaultIcon"
        options = json.dumps({key: static_url(path) for key, path in LEAFLET_DEFAULT_ICON.items()})
        self.script = f'L.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({options});'

    def render(self, **kwargs) -> str:
        return self.script


def localize_map(
    m: folium.Map,
    static_url: StaticUrl,
    *,
    extra: Mapping[str, str | None] | None = None,
) -> folium.Map:
    """Point every asset of the map's figure at `static_url(path)`, in place; returns `m`.

    Call it once the map is complete (layers, plugins, controls added), just before rendering.
    `extra` adds CDN URL -> static path entries for a plugin the table lacks. Each element gets
    its own lists, so folium's classes (shared by all maps) are left untouched.
    """
    figure = m.get_root()
    for parent, name, element in _walk(figure):
        owner = type(element).__name__
        if isinstance(element, JavascriptLink | CssLink):
            local = localize_url(element.url, static_url, extra=extra, owner=owner)
            if local is None:
                del parent._children[name]
            else:
                element.url = local
        for attribute in ("default_js", "default_css"):
            links = getattr(element, attribute, None)
            if links:
                setattr(element, attribute, _localized_links(links, static_url, extra, owner))
    if isinstance(figure, Figure):
        figure.script.add_child(
            _LeafletDefaultIcon(static_url), name="leaflet_default_icon", index=0
        )
    return m


class _AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href"}.get(tag)
        for name, value in attrs:
            if name == wanted:
                self.urls.append(value or "")


def asset_urls(html: str) -> list[str]:
    """The URLs of every `<script src>` and `<link href>` of an HTML document, in order."""
    parser = _AssetParser()
    parser.feed(html)
    parser.close()
    return parser.urls


def render_map_html(
    m: folium.Map,
    static_url: StaticUrl,
    *,
    extra: Mapping[str, str | None] | None = None,
) -> str:
    """The map's full HTML page, with local assets only; raises ExternalAssetError otherwise."""
    localize_map(m, static_url, extra=extra)
    html = m.get_root().render()
    external = [url for url in asset_urls(html) if _is_external(url) or not url]
    if external:
        raise ExternalAssetError(f"the rendered map still loads {', '.join(external)}")
    return html
