/*
 * The author reshapes their proposal on its page: Leaflet.draw's edit tool on the proposal's
 * layer, and the new geometry sent to the REST API (PATCH). A refusal is shown under the map
 * and the drawing goes back to what is stored.
 */
(function () {
  "use strict";

  function conf() {
    return JSON.parse(document.getElementById("geometry-edit-config").textContent);
  }

  function csrfToken(config) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : config.csrf_token;
  }

  function say(id, text) {
    var box = document.getElementById(id);
    box.textContent = text;
    box.hidden = !text;
  }

  function editGeometry(map, proposalLayer) {
    var config = conf();
    CadreDeVie.translateDrawTools(config.draw);
    var editable = new L.FeatureGroup().addTo(map);
    var stored = {};
    proposalLayer.eachLayer(function (layer) {
      editable.addLayer(layer);
      stored[L.stamp(layer)] = layer.toGeoJSON().geometry;
    });
    map.addControl(new L.Control.Draw({
      position: "topleft",
      draw: false,
      edit: { featureGroup: editable, remove: false }
    }));
    map.on(L.Draw.Event.EDITED, function () {
      var layer = editable.getLayers()[0];
      say("geometry-error", "");
      say("geometry-feedback", "");
      fetch(config.api_url, {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "X-CSRFToken": csrfToken(config) },
        body: JSON.stringify({ geometry: layer.toGeoJSON().geometry })
      }).then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      }).then(function (result) {
        if (result.status === 200) {
          stored[L.stamp(layer)] = result.data.geometry;
          say("geometry-feedback", config.words.saved);
          return;
        }
        var data = result.data || {};
        var message = [].concat(data.geometry || [], data.non_field_errors || [], data.detail || []);
        say("geometry-error", message.length ? message.join(" ") : config.words.error);
        restore(layer, stored[L.stamp(layer)]);
      }).catch(function () {
        say("geometry-error", config.words.error);
      });
    });
  }

  // Put the stored shape back after a refusal, so the map never shows what was not saved.
  function restore(layer, geometry) {
    var coords = L.GeoJSON.coordsToLatLngs;
    if (geometry.type === "Point") {
      layer.setLatLng(L.GeoJSON.coordsToLatLng(geometry.coordinates));
    } else if (geometry.type === "LineString") {
      layer.setLatLngs(coords(geometry.coordinates, 0));
    } else {
      layer.setLatLngs(coords(geometry.coordinates, 1));
    }
  }

  window.CadreDeVie = window.CadreDeVie || {};
  window.CadreDeVie.editGeometry = editGeometry;
})();
