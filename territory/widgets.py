"""A map widget for the admin that loads OpenLayers from the app, not from a CDN.

Django's GIS widgets fetch OpenLayers from jsDelivr; the town's intranet may have no internet and
its content security policy allows scripts from the app only. The `ol` npm package, pinned in
package.json, is served under static/vendor/ol/ (see config/static_assets.py).
"""

from django.contrib.gis.forms.widgets import OSMWidget

from config.static_assets import OL_CSS, OL_JS


class LocalOSMWidget(OSMWidget):
    # Centred on Loos-en-Gohelle; an object's own geometry recentres the map when it has one.
    default_lon = 2.7942
    default_lat = 50.4583
    default_zoom = 13

    class Media:
        extend = False
        css = {"all": (OL_CSS, "gis/css/ol3.css")}
        js = (OL_JS, "gis/js/OLMapWidget.js")
