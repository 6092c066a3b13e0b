/*
 * Styles and popups of the commune's map. folium writes the layers; this file decides how
 * they look and what their popups say. Every text taken from the data is put in the page with
 * textContent, never as HTML, so a title such as "<script>" shows as typed.
 */
(function () {
  "use strict";

  var config = null;
  function cfg() {
    if (config === null) {
      config = JSON.parse(document.getElementById("map-config").textContent);
    }
    return config;
  }
  function colour(group, code) {
    return cfg().colours[group][code] || "#555555";
  }
  function choice(group, code) {
    var labels = cfg().choices[group] || {};
    return labels[code] || code;
  }
  function word(key) {
    return cfg().words[key] || key;
  }

  var styles = {
    commune: function () {
      return { color: cfg().colours.commune, weight: 3, fill: false, dashArray: "8 4" };
    },
    zones: function (f) {
      var c = colour("zones", f.properties.typezone);
      return { color: c, weight: 1, fillColor: c, fillOpacity: 0.3 };
    },
    parcels: function (f) {
      var c = colour("stages", f.properties.stage);
      return { color: "#00441b", weight: 1, fillColor: c, fillOpacity: 0.65 };
    },
    heritage_perimeters: function () {
      return { color: cfg().colours.perimeter, weight: 2, dashArray: "6 6", fill: true,
               fillOpacity: 0.05 };
    },
    heritage: function () {
      var c = cfg().colours.heritage;
      return { color: c, weight: 2, fillColor: c, fillOpacity: 0.45, radius: 7 };
    },
    eco_housing: function () {
      var c = cfg().colours.eco_housing;
      return { color: "#ffffff", weight: 2, fillColor: c, fillOpacity: 0.9, radius: 8 };
    },
    meetings: function () {
      var c = cfg().colours.meetings;
      return { color: "#ffffff", weight: 2, fillColor: c, fillOpacity: 0.95, radius: 8 };
    },
    equipment: function (f) {
      var c = colour("equipment", f.properties.kind);
      // A dashed outline says the position is an estimate.
      return { color: "#ffffff", weight: 2, fillColor: c, fillOpacity: 0.9, radius: 7,
               dashArray: f.properties.position_approximate ? "3 3" : null };
    },
    proposals: function (f) {
      // Colour tells the status, the dash pattern the category (icons do it for points).
      var c = colour("statuses", f.properties.status);
      var dashes = cfg().category_dashes[f.properties.category] || null;
      return { color: c, weight: 4, fillColor: c, fillOpacity: 0.35, dashArray: dashes };
    }
  };

  function proposalMarker(feature, latlng) {
    var p = feature.properties;
    var icon = document.createElement("span");
    icon.className = "proposal-marker";
    icon.style.backgroundColor = colour("statuses", p.status);
    var glyph = document.createElement("i");
    glyph.className = "fa-solid " + (cfg().category_icons[p.category] || "fa-lightbulb");
    glyph.setAttribute("aria-hidden", "true");
    icon.appendChild(glyph);
    // The title reaches Leaflet as an option it sets as a DOM property, never as HTML.
    return L.marker(latlng, {
      icon: L.divIcon({ html: icon, className: "proposal-marker__box", iconSize: [28, 28],
                        iconAnchor: [14, 14], popupAnchor: [0, -12] }),
      title: p.title,
      alt: p.title
    });
  }

  function row(list, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    var dt = document.createElement("dt");
    dt.textContent = label;
    var dd = document.createElement("dd");
    dd.textContent = String(value);
    list.appendChild(dt);
    list.appendChild(dd);
  }
  function moment(value) {
    if (!value) { return ""; }
    return new Date(value).toLocaleString(document.documentElement.lang || "fr",
      { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });
  }
  function area(value) {
    return value === null || value === undefined ? "" :
      Number(value).toLocaleString(document.documentElement.lang || "fr",
                                   { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function number(value) {
    return value === null || value === undefined ? "" :
      Number(value).toLocaleString(document.documentElement.lang || "fr");
  }

  var describers = {
    commune: function (p) { return p.name + " (" + p.insee + ")"; },
    zones: function (p, list) {
      row(list, word("type"), p.typezone + " – " + choice("typezone", p.typezone));
      row(list, word("area_ha"), area(p.area_ha));
      if (p.libelong) { row(list, "", p.libelong); }
      return word("zone") + " " + p.libelle;
    },
    parcels: function (p, list) {
      row(list, word("crop"), p.code_cultu + (p.crop_group ? " – " + p.crop_group : ""));
      row(list, word("stage"), choice("stage", p.stage));
      row(list, word("area_ha"), area(p.area_ha));
      row(list, word("campaign"), p.campaign_year);
      if (p.illustrative) { row(list, word("illustrative"), word("yes")); }
      return p.name;
    },
    heritage_perimeters: function (p, list) {
      row(list, word("perimeter_of"), p.name);
      return p.name;
    },
    heritage: function (p, list) {
      row(list, word("kind"), choice("kind", p.kind));
      row(list, word("protection"), p.historic_monument !== "none" ?
          choice("historic_monument", p.historic_monument) + (p.merimee_ref ? " (" + p.merimee_ref + ")" : "") : "");
      if (p.unesco_world_heritage) { row(list, word("unesco"), word("yes")); }
      row(list, word("height_m"), p.height_m);
      if (p.approximate) { row(list, word("approximate"), word("yes")); }
      return p.name;
    },
    eco_housing: function (p, list) {
      row(list, word("dwellings"), p.dwellings);
      row(list, word("social_dwellings"), p.social_dwellings);
      row(list, word("energy_label"), choice("energy_label", p.energy_label));
      row(list, word("year_delivered"), p.year_delivered);
      if (p.illustrative) { row(list, word("illustrative"), word("yes")); }
      return p.name;
    },
    meetings: function (p, list) {
      row(list, word("meeting_when"), moment(p.starts_at));
      row(list, word("meeting_place"), p.place_name);
      row(list, word("attendance"), p.attendance);
      if (p.illustrative) { row(list, word("illustrative"), word("yes")); }
      return p.topic;
    },
    equipment: function (p, list) {
      row(list, word("kind"), choice("equipment_kind", p.kind));
      row(list, word("rainwater_capacity_m3"), number(p.rainwater_capacity_m3));
      row(list, word("solar_peak_kw"), number(p.solar_peak_kw));
      row(list, word("year_installed"), p.year_installed);
      if (p.position_approximate) { row(list, word("position_approximate"), word("yes")); }
      if (p.illustrative) { row(list, word("illustrative"), word("yes")); }
      return p.building;
    },
    proposals: function (p, list) {
      row(list, word("category"), choice("category", p.category));
      row(list, word("status"), choice("status", p.status));
      row(list, word("supports"), p.support_count);
      row(list, word("author"), p.author_name);
      return p.title;
    }
  };

  function popupContent(key, feature) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var list = document.createElement("dl");
    var title = document.createElement("h2");
    title.className = "map-popup__title";
    title.textContent = describers[key](feature.properties, list);
    box.appendChild(title);
    box.appendChild(list);
    if (key === "proposals") {
      var link = document.createElement("a");
      link.href = cfg().proposal_url.replace("{id}", encodeURIComponent(feature.id));
      link.textContent = word("open");
      box.appendChild(link);
    }
    if (key === "meetings" && cfg().meeting_url) {
      var meetingLink = document.createElement("a");
      meetingLink.href = cfg().meeting_url.replace("{id}", encodeURIComponent(feature.id));
      meetingLink.textContent = word("open_meeting");
      box.appendChild(meetingLink);
    }
    return box;
  }

  /* ---- layers loaded by the page (mapping/webmap/loading.py) ------------------------ */

  // Leaflet 1.8 removed L.DomEvent.fakeStop, which VectorGrid's canvas renderer calls when a
  // feature is clicked; Leaflet 1.9 marks a stopped event the same way (e._stopped).
  if (L.DomEvent && !L.DomEvent.fakeStop) {
    L.DomEvent.fakeStop = function (e) { e._stopped = true; };
  }

  function loadError(map) {
    var box = map.getContainer();
    if (box.querySelector(".map-load-error")) { return; }
    var alert = document.createElement("p");
    alert.className = "map-load-error";
    alert.setAttribute("role", "alert");
    alert.textContent = word("layer_failed");
    box.appendChild(alert);
  }

  // A small layer: one request, then the features join the empty GeoJSON layer of the page.
  // Layers arrive in any order; each arrival restacks them as the page declared them (bottom
  // to top), so the plan's zones never cover the parcels drawn before them.
  var fetched = [];
  function fetchLayer(layer, url) {
    fetched.push(layer);
    layer._cadreArrival = getJSON(url).then(function (data) {
      layer.addData(data);
      layer._cadreArrived = true;
      fetched.forEach(function (each) {
        if (each._cadreArrived && each._map) { each.bringToFront(); }
      });
    });
    return layer._cadreArrival;
  }

  // `CadreDeVie.pending`: the requests under way (the browser tests wait for none).
  function getJSON(url) {
    window.CadreDeVie.pending += 1;
    function done() { window.CadreDeVie.pending -= 1; }
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) { done(); return data; }, function (error) { done(); throw error; });
  }

  // Filters other scripts put on a tiled layer (proposals.js: the list's filters).
  var tileFilters = {};

  function clusterStyle(count) {
    var radius = 8 + Math.min(14, Math.round(Math.log(count) / Math.LN2) * 2);
    return { radius: radius, color: "#ffffff", weight: 2, fill: true,
             fillColor: cfg().colours.cluster || "#2f5d8a", fillOpacity: 0.85 };
  }

  function tileStyle(key, properties) {
    // A cluster made by PostGIS at low zoom carries `count` and no other column.
    if (properties.count !== undefined) { return clusterStyle(properties.count); }
    var keep = tileFilters[key];
    if (keep && !keep(properties)) { return []; }
    var style = Object.assign({ radius: 7, fill: true }, styles[key]({ properties: properties }));
    if (key === "proposals") { style.radius = 9; style.weight = 2; style.color = "#ffffff";
                               style.fillOpacity = 0.9; }
    return style;
  }

  // A tile drawn on one canvas: thousands of parcels cost one element, not one SVG path each,
  // which is what keeps a pan fluid over 100,000 of them. VectorGrid 1.3's canvas tile does
  // not draw itself on Leaflet 1.9 (its paths ask for a redraw before the tile knows its map),
  // so it is drawn once whole when VectorGrid adds it, once every feature knows its bounds;
  // it is sharp on a phone's dense screen. It takes no pointer event (tileClicks).
  var TILE_MARGIN = 32;  // px beyond the tile where a clipped feature may still be painted
  function canvasTile(coords, size, options) {
    var renderer = L.canvas.tile(coords, size, options);
    renderer._drawing = false;
    var canvas = renderer.getContainer();
    canvas.style.pointerEvents = "none";
    var ratio = window.devicePixelRatio || 1;
    if (ratio !== 1) {
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      renderer._ctx.scale(ratio, ratio);
    }
    // What Leaflet's circles test themselves against before being painted.
    renderer._bounds = L.bounds([-TILE_MARGIN, -TILE_MARGIN],
                                [size.x + TILE_MARGIN, size.y + TILE_MARGIN]);
    renderer.addTo = function (map) {
      this._map = map;
      this._redraw();
    };
    return renderer;
  }

  function tileOptions(key, tileLayerName) {
    var byLayer = {};
    byLayer[tileLayerName] = function (properties) { return tileStyle(key, properties); };
    return {
      vectorTileLayerStyles: byLayer,
      rendererFactory: canvasTile,
      // Each feature keeps its bounds for tileClicks, but not VectorGrid's own clicks: a canvas
      // tile would take every click over its whole square, so a layer under it could never be
      // clicked. The map finds the feature under a click itself, top layer first.
      interactive: true,
      // How far from a feature a click still takes it (a finger is broader than a pointer).
      tolerance: L.Browser.touch ? 8 : 3,
      getFeatureId: function (feature) { return feature.properties.fid; },
      maxZoom: 19
    };
  }

  // The topmost feature of a tiled layer under the latlng, or null: the tiles around the point
  // are searched (a feature near a tile's edge is painted in its neighbour too).
  var REACH = 12;  // px: a proposal's circle and the finger's tolerance
  function tileFeatureAt(map, layer, latlng) {
    var zoom = layer._tileZoom;
    if (zoom === undefined || zoom !== map.getZoom()) { return null; }
    var size = layer.getTileSize();
    var pixel = map.project(latlng, zoom);
    var found = null;
    var minX = Math.floor((pixel.x - REACH) / size.x), maxX = Math.floor((pixel.x + REACH) / size.x);
    var minY = Math.floor((pixel.y - REACH) / size.y), maxY = Math.floor((pixel.y + REACH) / size.y);
    for (var x = minX; x <= maxX && !found; x++) {
      for (var y = minY; y <= maxY && !found; y++) {
        var coords = L.point(x, y);
        coords.z = zoom;
        var renderer = layer._vectorTiles[layer._tileCoordsToKey(coords)];
        if (!renderer) { continue; }
        var local = pixel.subtract(L.point(x * size.x, y * size.y));
        for (var id in renderer._layers) {  // drawing order: the last one found is on top
          var feature = renderer._layers[id];
          if (feature._containsPoint(local)) { found = feature; }
        }
      }
    }
    return found;
  }

  // One click handler per map for its tiled layers, which are in the tile pane, under every
  // SVG layer: a click Leaflet gave to an SVG feature never reaches the map.
  function tileClicks(map) {
    if (map._cadreTiled) { return map._cadreTiled; }
    var tiled = map._cadreTiled = [];
    map.on("click", function (event) {
      for (var i = tiled.length - 1; i >= 0; i--) {
        var layer = tiled[i];
        if (!map.hasLayer(layer)) { continue; }
        var feature = tileFeatureAt(map, layer, event.latlng);
        if (feature) {
          layer.fire("click", { layer: feature, latlng: event.latlng,
                                originalEvent: event.originalEvent });
          return;
        }
      }
    });
    return tiled;
  }

  // A click on a tile's feature opens the same popup as on a GeoJSON layer; on a cluster it
  // zooms in towards it.
  function tilePopups(map, layer, key) {
    tileClicks(map).push(layer);
    layer.on("click", function (event) {
      var p = event.layer.properties || {};
      if (p.count !== undefined) {
        map.setView(event.latlng, Math.min(map.getZoom() + 2, 19));
        return;
      }
      var feature = { id: p.fid, properties: p };
      L.popup().setLatLng(event.latlng).setContent(popupContent(key, feature)).openOn(map);
      map.fire("cadre:featureopen", { key: key, id: p.fid });
    });
  }

  // How far the controls of the map's top corners reach in: the zoom and drawing tools' column
  // from the left side, the layer list (a button on a phone) down from the top.
  function controlEdges(map) {
    var box = map.getContainer().getBoundingClientRect();
    var left = map.getContainer().querySelector(".leaflet-top.leaflet-left");
    var right = map.getContainer().querySelector(".leaflet-top.leaflet-right");
    return {
      left: left ? Math.max(0, left.getBoundingClientRect().right - box.left) : 0,
      top: right ? Math.max(0, right.getBoundingClientRect().bottom - box.top) : 0
    };
  }

  // A popup opens clear of those controls: no wider than the room right of the tools, and
  // Leaflet pans the map until it fits there, below the layer list. The sizes are Leaflet's
  // defaults for every popup (each popup's options inherit them), set before any opens and
  // again when the map changes size, since a pan decided after opening can be swallowed by
  // the pan Leaflet had already started.
  var POPUP_CHROME = 50;  // the popup's own margins and padding around its content
  function keepPopupsClear(map) {
    function measure() {
      var edges = controlEdges(map);
      var room = map.getSize().x - edges.left - 16 - POPUP_CHROME;
      L.Popup.mergeOptions({
        maxWidth: Math.max(160, Math.min(300, room)),
        minWidth: Math.min(50, room),
        autoPanPaddingTopLeft: L.point(edges.left + 8, edges.top + 8),
        autoPanPaddingBottomRight: L.point(8, 8)
      });
    }
    measure();
    map.on("resize", measure);
  }

  function arrival(layer) {
    if (layer._cadreArrival) { return layer._cadreArrival; }
    if (layer instanceof L.GridLayer) {
      return new Promise(function (resolve) {
        if (layer._map && layer.isLoading()) { layer.once("load", resolve); } else { resolve(); }
      });
    }
    return Promise.resolve();
  }

  // `data-layers-drawn="true"` on the map's element once every layer shown has arrived.
  function whenDrawn(map, layers) {
    Promise.allSettled(layers.map(arrival)).then(function (results) {
      var failed = results.some(function (result) { return result.status === "rejected"; });
      if (failed) { loadError(map); }
      map.getContainer().dataset.layersDrawn = failed ? "false" : "true";
    });
  }

  window.CadreDeVie = window.CadreDeVie || {};
  Object.assign(window.CadreDeVie, {
    pending: 0,
    fetchLayer: fetchLayer,
    getJSON: getJSON,
    tileOptions: tileOptions,
    tilePopups: tilePopups,
    tileFilters: tileFilters,
    whenDrawn: whenDrawn,
    keepPopupsClear: keepPopupsClear,
    loadError: loadError,
    popupContent: popupContent,
    style: function (key) { return styles[key]; },
    pointToLayer: function (key) {
      if (key === "proposals") { return proposalMarker; }
      return function (feature, latlng) {
        return L.circleMarker(latlng, styles[key](feature));
      };
    },
    describe: function (key) {
      return function (feature, layer) {
        layer.bindPopup(function () { return popupContent(key, feature); });
        if (key !== "commune" && key !== "zones" && key !== "heritage_perimeters") {
          // Leaflet puts a string tooltip in the page as HTML: give it a text node instead.
          layer.bindTooltip(function () {
            var label = document.createElement("span");
            label.textContent = popupContent(key, feature).querySelector("h2").textContent;
            return label;
          }, { sticky: true });
        }
        layer.feature = feature;
      };
    }
  });
})();
