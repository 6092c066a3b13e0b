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

  window.CadreDeVie = window.CadreDeVie || {};
  Object.assign(window.CadreDeVie, {
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
