/*
 * The meeting form's map: a click places the meeting and writes its longitude and latitude in
 * the form's two fields; typing them (keyboard users, a known address) moves the point on the
 * map. The fields are what is sent: the map only helps to fill them.
 */
(function () {
  "use strict";

  function number(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function pickMeetingPoint(map) {
    var lon = document.getElementById("id_longitude");
    var lat = document.getElementById("id_latitude");
    if (!lon || !lat) { return; }
    var style = CadreDeVie.style("meetings")();
    var marker = null;

    function show(latlng, centre) {
      if (marker === null) {
        marker = L.circleMarker(latlng, style).addTo(map);
      } else {
        marker.setLatLng(latlng);
      }
      if (centre) { map.panTo(latlng); }
    }

    function fromFields(centre) {
      var x = number(lon);
      var y = number(lat);
      if (x !== null && y !== null) { show(L.latLng(y, x), centre); }
    }

    map.on("click", function (event) {
      lon.value = event.latlng.lng.toFixed(6);
      lat.value = event.latlng.lat.toFixed(6);
      show(event.latlng, false);
      var said = document.getElementById("location-feedback");
      if (said) { said.textContent = said.getAttribute("data-placed"); }
    });
    lon.addEventListener("change", function () { fromFields(true); });
    lat.addEventListener("change", function () { fromFields(true); });
    fromFields(true);
  }

  window.CadreDeVie = window.CadreDeVie || {};
  window.CadreDeVie.pickMeetingPoint = pickMeetingPoint;
})();
