/*
 * The parcel drawn on the map goes into the form's hidden `geometry` field, as GeoJSON:
 * one shape as a Polygon, several as a MultiPolygon. folium's Draw control keeps the shapes
 * in a feature group whose name the page gives in #parcel-draw-config.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("parcel-draw-config").textContent);
  var words = JSON.parse(document.getElementById("parcel-draw-words").textContent);
  var items = window[config.drawnItems];
  var input = document.getElementById(config.input);
  var status = document.getElementById("parcel-draw-status");
  if (!items || !input) { return; }

  if (window.L && L.drawLocal && words.toolbar) {
    var draw = L.drawLocal.draw;
    draw.toolbar.buttons.polygon = words.toolbar.polygon;
    draw.toolbar.buttons.rectangle = words.toolbar.rectangle;
    draw.toolbar.actions.text = words.toolbar.cancel;
    draw.toolbar.finish.text = words.toolbar.finish;
    draw.toolbar.undo.text = words.toolbar.undo;
    draw.handlers.polygon.tooltip.start = words.toolbar.start;
    draw.handlers.polygon.tooltip.cont = words.toolbar.cont;
    draw.handlers.polygon.tooltip.end = words.toolbar.end;
    draw.handlers.rectangle.tooltip.start = words.toolbar.rectangle_start;
  }

  function sync() {
    var polygons = [];
    items.eachLayer(function (layer) {
      var geometry = layer.toGeoJSON().geometry;
      if (geometry.type === "Polygon") {
        polygons.push(geometry.coordinates);
      } else if (geometry.type === "MultiPolygon") {
        polygons = polygons.concat(geometry.coordinates);
      }
    });
    if (polygons.length === 0) {
      input.value = "";
      status.textContent = words.none;
    } else if (polygons.length === 1) {
      input.value = JSON.stringify({ type: "Polygon", coordinates: polygons[0] });
      status.textContent = words.one;
    } else {
      input.value = JSON.stringify({ type: "MultiPolygon", coordinates: polygons });
      status.textContent = words.several.replace("%s", String(polygons.length));
    }
  }

  var map = items._map;
  map.on("draw:created draw:edited draw:deleted", function () { window.setTimeout(sync, 0); });
})();
