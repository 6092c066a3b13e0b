/*
 * The proposals on the commune's map: drawing one and sending it to the REST API, filters,
 * text search, and the list beside the map kept in sync with it (the proposals in view).
 * Every text taken from the data goes into the page with textContent, never as HTML.
 * A drawing waiting for its form is kept in sessionStorage, so that logging in, a refusal or
 * a reload never loses it.
 */
(function () {
  "use strict";

  var DRAFT_KEY = "cadre-de-vie:proposal-draft";
  var FIELDS = ["title", "description", "category", "consultation"];
  var state = { map: null, cluster: null, drawn: null, items: [], draft: null, moving: false };
  var config = null;

  function conf() {
    if (config === null) {
      config = JSON.parse(document.getElementById("drawing-config").textContent);
    }
    return config;
  }
  function words(key) { return conf().words[key] || key; }
  function byId(id) { return document.getElementById(id); }
  function mapConfig() { return JSON.parse(byId("map-config").textContent); }

  /* ---- the proposals on the map and in the list ------------------------------------- */

  function props(item) { return item.feature.properties; }
  function consultationOf(p) {
    return p.consultation_id !== undefined ? p.consultation_id : p.consultation;
  }
  function featureLayers(feature) {
    return L.geoJSON(feature, {
      style: CadreDeVie.style("proposals"),
      pointToLayer: CadreDeVie.pointToLayer("proposals"),
      onEachFeature: CadreDeVie.describe("proposals")
    }).getLayers();
  }

  function listItem(item) {
    var p = props(item);
    var choices = mapConfig().choices;
    var li = document.createElement("li");
    li.className = "proposal-list__item";
    li.dataset.id = String(item.feature.id);
    var link = document.createElement("a");
    link.href = p.url || mapConfig().proposal_url.replace("{id}", encodeURIComponent(item.feature.id));
    link.className = "proposal-list__title";
    link.textContent = p.title;
    li.appendChild(link);
    var meta = document.createElement("span");
    meta.className = "proposal-list__status";
    meta.textContent = (choices.status[p.status] || p.status) + " · " +
      (choices.category[p.category] || p.category) + " · " +
      words("supports") + " : " + (p.support_count || 0);
    li.appendChild(meta);
    var show = document.createElement("button");
    show.type = "button";
    show.className = "proposal-list__show";
    show.textContent = words("show_on_map");
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " : " + p.title;
    show.appendChild(hidden);
    show.addEventListener("click", function () { showOnMap(item, true); });
    li.appendChild(show);
    return li;
  }

  function addItem(feature, layers, first) {
    var item = { feature: feature, layers: layers, match: true };
    item.li = listItem(item);
    var list = byId("proposal-list-items");
    if (first) { list.insertBefore(item.li, list.firstChild); } else { list.appendChild(item.li); }
    if (first) { state.items.unshift(item); } else { state.items.push(item); }
    return item;
  }

  function filters() {
    var form = byId("proposal-filters");
    return {
      search: form.elements.search.value.toLowerCase().split(/\s+/).filter(Boolean),
      category: form.elements.category.value,
      status: form.elements.status.value,
      consultation: form.elements.consultation.value
    };
  }

  function matches(item, f) {
    var p = props(item);
    if (f.category && p.category !== f.category) { return false; }
    if (f.status && p.status !== f.status) { return false; }
    if (f.consultation && String(consultationOf(p)) !== f.consultation) { return false; }
    var text = [p.title, p.description, p.author_name].join(" ").toLowerCase();
    return f.search.every(function (word) { return text.indexOf(word) !== -1; });
  }

  function inView(item, bounds) {
    return item.layers.some(function (layer) {
      return layer.getLatLng ? bounds.contains(layer.getLatLng())
                             : bounds.intersects(layer.getBounds());
    });
  }

  function applyFilters() {
    var f = filters();
    var shown = [];
    state.items.forEach(function (item) {
      item.match = matches(item, f);
      if (item.match) { shown = shown.concat(item.layers); }
    });
    state.cluster.clearLayers();
    state.cluster.addLayers(shown);
    syncList();
  }

  // The list shows the proposals that match the filters and lie in the map's view. Items are
  // shown or hidden, never rebuilt, so the keyboard focus stays where it was.
  function syncList() {
    var bounds = state.map.getBounds();
    var count = 0;
    state.items.forEach(function (item) {
      var visible = item.match && inView(item, bounds);
      item.li.hidden = !visible;
      if (visible) { count += 1; }
    });
    var empty = byId("proposal-list-empty");
    if (empty) { empty.hidden = count > 0; }
    byId("proposal-list-count").textContent = count ?
      words("visible_count").replace("%(count)s", String(count)) : words("none_visible");
  }

  function select(id) {
    state.items.forEach(function (item) {
      var selected = String(item.feature.id) === String(id);
      item.li.classList.toggle("is-selected", selected);
      if (selected) {
        item.li.setAttribute("aria-current", "true");
        item.li.scrollIntoView({ block: "nearest" });
      } else {
        item.li.removeAttribute("aria-current");
      }
    });
  }

  function whenStill(action) {
    if (state.moving) { state.map.once("moveend", action); } else { action(); }
  }

  function showOnMap(item, focusPopup) {
    var layer = item.layers[0];
    function open() {
      layer.openPopup();
      var popup = layer.getPopup();
      var link = popup && popup.getElement() && popup.getElement().querySelector("a[href]");
      if (focusPopup && link) { link.focus(); }
    }
    if (layer.getLatLng) {
      // markercluster drops zoomToShowLayer's callback when the map is already moving (the
      // page's first fitBounds, a pan under way): start once it stands still.
      whenStill(function () { state.cluster.zoomToShowLayer(layer, open); });
    } else {
      state.map.fitBounds(layer.getBounds(), { maxZoom: 17 });
      open();
    }
  }

  /* ---- drawing and sending a proposal ------------------------------------------------ */

  function translateDrawTools(d) {
    var local = L.drawLocal;
    local.draw.toolbar.buttons.polyline = d.polyline;
    local.draw.toolbar.buttons.polygon = d.polygon;
    local.draw.toolbar.buttons.marker = d.marker;
    local.draw.toolbar.actions = { title: d.cancel, text: d.cancel };
    local.draw.toolbar.finish = { title: d.finish, text: d.finish };
    local.draw.toolbar.undo = { title: d.undo, text: d.undo };
    local.draw.handlers.polygon.tooltip = { start: d.click_start, cont: d.click_continue,
                                            end: d.click_finish };
    local.draw.handlers.polyline.tooltip = { start: d.click_start, cont: d.click_continue,
                                             end: d.click_end };
    local.draw.handlers.marker.tooltip = { start: d.click_marker };
    local.edit.toolbar.buttons = { edit: d.edit, editDisabled: d.edit, remove: d.remove,
                                   removeDisabled: d.remove };
    local.edit.toolbar.actions.save = { title: d.save, text: d.save };
    local.edit.toolbar.actions.cancel = { title: d.cancel, text: d.cancel };
  }

  function saveDraft() {
    if (!state.draft) { sessionStorage.removeItem(DRAFT_KEY); return; }
    var form = byId("proposal-form");
    FIELDS.forEach(function (name) { state.draft[name] = form.elements[name].value; });
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(state.draft));
  }

  function loadDraft() {
    try { return JSON.parse(sessionStorage.getItem(DRAFT_KEY) || "null"); }
    catch (error) { return null; }
  }

  function setDrawing(layer) {
    state.drawn.clearLayers();
    state.drawn.addLayer(layer);
    state.draft = Object.assign(state.draft || {}, { geometry: layer.toGeoJSON().geometry });
    saveDraft();
  }

  function feedback(parts) {
    var box = byId("propose-feedback");
    box.replaceChildren();
    var p = document.createElement("p");
    parts.forEach(function (part) {
      if (typeof part === "string") {
        p.appendChild(document.createTextNode(part));
      } else {
        var link = document.createElement("a");
        link.href = part.href;
        link.textContent = part.text;
        p.appendChild(document.createTextNode(" "));
        p.appendChild(link);
      }
    });
    box.appendChild(p);
  }

  function clearErrors() {
    FIELDS.forEach(function (name) {
      var error = byId("proposal-" + name + "-error");
      error.hidden = true;
      error.textContent = "";
      byId("proposal-" + name).removeAttribute("aria-invalid");
    });
    byId("drawing-error").hidden = true;
    byId("drawing-error").textContent = "";
  }

  function showErrors(data) {
    var first = null;
    FIELDS.forEach(function (name) {
      if (!data[name]) { return; }
      var error = byId("proposal-" + name + "-error");
      error.textContent = [].concat(data[name]).join(" ");
      error.hidden = false;
      byId("proposal-" + name).setAttribute("aria-invalid", "true");
      first = first || byId("proposal-" + name);
    });
    var general = [].concat(data.geometry || [], data.non_field_errors || [], data.detail || []);
    if (general.length) {
      byId("drawing-error").textContent = general.join(" ");
      byId("drawing-error").hidden = false;
    }
    if (first) { first.focus(); }
  }

  function openForm(restored) {
    var form = byId("proposal-form");
    if (!conf().authenticated) {
      form.hidden = true;
      feedback([words("login_needed"), { href: conf().login_url, text: words("log_in") },
                { href: conf().signup_url, text: words("sign_up") }]);
      return;
    }
    if (!conf().has_open_consultation) {
      form.hidden = true;
      feedback([words("no_consultation")]);
      return;
    }
    form.hidden = false;
    feedback(restored ? [words("drawing_kept")] : [words("limits")]);
    byId("proposal-title").focus();
  }

  function closeForm() {
    state.draft = null;
    sessionStorage.removeItem(DRAFT_KEY);
    state.drawn.clearLayers();
    byId("proposal-form").reset();
    byId("proposal-form").hidden = true;
    clearErrors();
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : conf().csrf_token;
  }

  function send(event) {
    event.preventDefault();
    clearErrors();
    saveDraft();
    var form = byId("proposal-form");
    var body = {
      title: form.elements.title.value,
      description: form.elements.description.value,
      category: form.elements.category.value,
      consultation: form.elements.consultation.value ? Number(form.elements.consultation.value) : null,
      geometry: state.draft ? state.draft.geometry : null
    };
    fetch(conf().api_url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 201) {
        created(result.data);
      } else if (result.status === 400) {
        showErrors(result.data);
      } else if (result.status === 401 || result.status === 403) {
        showErrors({ non_field_errors: [result.data.detail || words("login_needed")] });
      } else {
        showErrors({ non_field_errors: [words("error")] });
      }
    }).catch(function () {
      showErrors({ non_field_errors: [words("error")] });
    });
  }

  function created(feature) {
    closeForm();
    var item = addItem(feature, featureLayers(feature), true);
    applyFilters();
    feedback([words("sent"), { href: feature.properties.url, text: words("open") }]);
    showOnMap(item, false);
  }

  function setUpDrawing(map) {
    translateDrawTools(conf().draw);
    state.drawn = new L.FeatureGroup().addTo(map);
    var shape = { color: "#b35806", weight: 4, fillOpacity: 0.2 };
    map.addControl(new L.Control.Draw({
      position: "topleft",
      draw: {
        polyline: { shapeOptions: shape },
        polygon: { allowIntersection: true, showArea: false, shapeOptions: shape },
        marker: true,
        rectangle: false,
        circle: false,
        circlemarker: false
      },
      edit: { featureGroup: state.drawn }
    }));
    map.on(L.Draw.Event.CREATED, function (event) {
      setDrawing(event.layer);
      clearErrors();
      openForm(false);
    });
    map.on(L.Draw.Event.EDITED, function () {
      var layers = state.drawn.getLayers();
      if (layers.length) { setDrawing(layers[0]); }
    });
    map.on(L.Draw.Event.DELETED, function () {
      if (!state.drawn.getLayers().length) { closeForm(); }
    });
    // Leaflet.draw needs a pointer; with the keyboard alone, a resident moves the map with the
    // arrow keys (or locates themselves) and places a point at its centre.
    byId("propose-centre").addEventListener("click", function () {
      setDrawing(L.marker(map.getCenter()));
      clearErrors();
      openForm(false);
    });
    var form = byId("proposal-form");
    form.addEventListener("submit", send);
    form.addEventListener("input", saveDraft);
    byId("proposal-cancel").addEventListener("click", function () {
      closeForm();
      byId("propose-feedback").replaceChildren();
    });

    var draft = loadDraft();
    if (draft && draft.geometry) {
      state.draft = draft;
      FIELDS.forEach(function (name) {
        if (draft[name] && name !== "consultation") { form.elements[name].value = draft[name]; }
      });
      L.geoJSON(draft.geometry, { style: function () { return shape; } })
        .getLayers().forEach(function (layer) { state.drawn.addLayer(layer); });
      openForm(true);
    }
  }

  /* ---- wiring ------------------------------------------------------------------------ */

  function attach(map, cluster) {
    state.map = map;
    state.cluster = cluster;
    map.on("movestart zoomstart", function () { state.moving = true; });
    map.on("moveend", function () { state.moving = false; });
    var byFeature = {};
    var order = [];
    cluster.getLayers().forEach(function (layer) {
      var id = layer.feature.id;
      if (!byFeature[id]) { byFeature[id] = { feature: layer.feature, layers: [] }; order.push(id); }
      byFeature[id].layers.push(layer);
    });
    // The server's list (kept for browsers without JavaScript) gives way to the synced one.
    var list = byId("proposal-list-items");
    list.replaceChildren();
    var empty = document.createElement("li");
    empty.id = "proposal-list-empty";
    empty.hidden = true;
    list.appendChild(empty);
    order.forEach(function (id) { addItem(byFeature[id].feature, byFeature[id].layers, false); });
    list.appendChild(empty);
    empty.textContent = words("none_visible");

    var filterForm = byId("proposal-filters");
    filterForm.addEventListener("input", applyFilters);
    filterForm.addEventListener("change", applyFilters);
    filterForm.addEventListener("submit", function (event) { event.preventDefault(); });
    map.on("moveend", syncList);
    map.on("popupopen", function (event) {
      var source = event.popup._source;
      if (source && source.feature) { select(source.feature.id); }
    });
    setUpDrawing(map);
    syncList();
  }

  window.CadreDeVie = window.CadreDeVie || {};
  window.CadreDeVie.proposals = { attach: attach };
  window.CadreDeVie.translateDrawTools = translateDrawTools;
})();
