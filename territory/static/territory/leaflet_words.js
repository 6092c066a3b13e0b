/*
 * Leaflet's and Leaflet.draw's own words in the page's language, and a metric scale.
 * The words come from Django's translations (territory/webmap/words.py) in the JSON placed just
 * before this file in the map's header; this runs before the map is made, so the controls it
 * creates (zoom, scale, layer list, popups, drawing toolbar) are born translated.
 */
(function () {
  "use strict";

  var source = document.getElementById("leaflet-words");
  if (!window.L || !source) { return; }
  var words = JSON.parse(source.textContent);

  function merge(target, values) {
    Object.keys(values).forEach(function (key) {
      var value = values[key];
      if (value && typeof value === "object") {
        target[key] = target[key] && typeof target[key] === "object" ? target[key] : {};
        merge(target[key], value);
      } else {
        target[key] = value;
      }
    });
  }

  L.Control.Zoom.mergeOptions({ zoomInTitle: words.zoom_in, zoomOutTitle: words.zoom_out });
  // Metres and kilometres only: nobody here measures in feet and miles.
  L.Control.Scale.mergeOptions({ imperial: false, metric: true });

  // Leaflet writes "Layers" and "Close popup" in its code, with no option: set them once made.
  var layersLayout = L.Control.Layers.prototype._initLayout;
  L.Control.Layers.prototype._initLayout = function () {
    layersLayout.call(this);
    this._layersLink.title = words.layers;
    this._layersLink.setAttribute("aria-label", words.layers);
  };
  var popupLayout = L.Popup.prototype._initLayout;
  L.Popup.prototype._initLayout = function () {
    popupLayout.call(this);
    if (this._closeButton) { this._closeButton.setAttribute("aria-label", words.close_popup); }
  };

  // A popup opens clear of the controls in the map's corners (zoom and drawing tools at the
  // top left, the layer list at the top right, the scale and credits at the bottom), and fits
  // a phone's width.
  L.Popup.mergeOptions({
    autoPanPaddingTopLeft: L.point(56, 64),
    autoPanPaddingBottomRight: L.point(16, 36),
    maxWidth: Math.min(300, Math.max(160, window.innerWidth - 120))
  });

  if (L.drawLocal) {
    merge(L.drawLocal, words.draw);
    // Lengths and areas in the page's way of writing numbers (12 345,6 m in French).
    L.drawLocal.format = { numeric: { delimiters: { thousands: words.thousands,
                                                    decimal: words.decimal } } };
    [L.Draw.Polyline, L.Draw.Polygon].forEach(function (handler) {
      if (handler) { handler.mergeOptions({ metric: true, feet: false, nautic: false }); }
    });
  }
})();
