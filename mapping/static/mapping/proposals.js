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
  // `cluster` holds every proposal when they come whole as GeoJSON; `tiles` is their vector
  // tile layer when there are too many for that, and the list is then fetched for the view.
  var state = { map: null, cluster: null, tiles: null, source: null, fresh: null, drawn: null,
                items: [], draft: null, moving: false, selected: null, listRequest: 0 };
  var config = null;
  var LANG = document.documentElement.lang || "fr";

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
    if (state.tiles) {
      state.tiles.redraw();
      refreshList();
      return;
    }
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
    if (state.tiles) { refreshList(); return; }
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
      words("visible_count").replace("%(count)s", count.toLocaleString(LANG)) : words("none_visible");
  }

  function select(id) {
    state.selected = id;
    state.items.forEach(function (item) {
      var selected = String(item.feature.id) === String(id);
      item.li.classList.toggle("is-selected", selected);
      if (selected) {
        // Marked, not scrolled to: the page stays on the map (the list no longer scrolls by
        // itself, so scrolling the item into view would move the whole page away).
        item.li.setAttribute("aria-current", "true");
      } else {
        item.li.removeAttribute("aria-current");
      }
    });
  }

  // Leaflet starts an animated zoom on the next frame, so `moving` is still false right after
  // fitBounds; its moveend comes at the end, or at once when the view does not change.
  function afterMove(move, action) {
    state.map.once("moveend", action);
    move();
  }

  function whenStill(action) {
    if (state.moving) { state.map.once("moveend", action); } else { action(); }
  }

  // With tiles, the proposal's own shape (made from the list's feature) places the popup.
  function showFromList(item, focusPopup) {
    var layer = item.layers[0];
    var at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
    function open() {
      var popup = L.popup().setLatLng(at)
        .setContent(CadreDeVie.popupContent("proposals", item.feature)).openOn(state.map);
      select(item.feature.id);
      var link = popup.getElement() && popup.getElement().querySelector("a[href]");
      if (focusPopup && link) { link.focus(); }
    }
    whenStill(function () {
      afterMove(function () {
        if (layer.getLatLng) {
          state.map.setView(at, Math.max(state.map.getZoom(), 17));
        } else {
          state.map.fitBounds(layer.getBounds(), { maxZoom: 17 });
        }
      }, open);
    });
  }

  function showOnMap(item, focusPopup) {
    if (state.tiles) { showFromList(item, focusPopup); return; }
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
      // Opened once the map stands still: a popup opened while the map zooms is placed for
      // the old view and can end up under the tools.
      afterMove(function () { state.map.fitBounds(layer.getBounds(), { maxZoom: 17 }); }, open);
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
    local.edit.toolbar.buttons.edit = d.edit;
    local.edit.toolbar.buttons.remove = d.remove;
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

  function number(value, digits) {
    return Number(value).toLocaleString(LANG, { maximumFractionDigits: digits });
  }

  // The drawing's size, in the page's way of writing numbers (1 234 m, 0,52 ha).
  function measure(layer) {
    var box = byId("proposal-measure");
    var text = "";
    if (layer instanceof L.Polygon) {
      var ring = layer.getLatLngs()[0];
      var m2 = L.GeometryUtil.geodesicArea(ring);
      text = words("area_is").replace("%(area)s", m2 >= 10000 ? number(m2 / 10000, 2) + " ha"
                                                               : number(m2, 0) + " m²");
    } else if (layer instanceof L.Polyline) {
      var points = layer.getLatLngs();
      var metres = 0;
      for (var i = 1; i < points.length; i += 1) {
        metres += state.map.distance(points[i - 1], points[i]);
      }
      text = words("length_is").replace("%(length)s", metres >= 1000 ? number(metres / 1000, 2) + " km"
                                                                      : number(metres, 0) + " m");
    }
    box.textContent = text;
    box.hidden = !text;
  }

  function setDrawing(layer) {
    state.drawn.clearLayers();
    state.drawn.addLayer(layer);
    state.draft = Object.assign(state.draft || {}, { geometry: layer.toGeoJSON().geometry });
    measure(layer);
    saveDraft();
  }

  /* The panel holding the form: a side panel over the map's right on a wide screen, a sheet
     over its lower part on a phone (site.css). The map moves, without zooming, so that the
     drawing stays in the part the panel leaves free. */

  function panel() { return byId("proposal-panel"); }

  function showPanel(withForm) {
    byId("proposal-form").hidden = !withForm;
    byId("proposal-panel-close").hidden = withForm;
    panel().hidden = false;
    foldLayerList(true);
  }

  function hidePanel() {
    panel().hidden = true;
    byId("propose-feedback").replaceChildren();
    foldLayerList(false);
  }

  // While the panel is open the layer list folds into its button, so it covers neither the
  // panel nor the drawing beside it; it unfolds again when the panel closes, if it was open.
  var EXPANDED = "leaflet-control-layers-expanded";
  function foldLayerList(fold) {
    var list = state.map.getContainer().querySelector(".leaflet-control-layers");
    if (!list) { return; }
    if (fold && list.classList.contains(EXPANDED)) {
      list.classList.remove(EXPANDED);
      state.unfoldLayersAfter = true;
    } else if (!fold && state.unfoldLayersAfter) {
      list.classList.add(EXPANDED);
      state.unfoldLayersAfter = false;
    }
  }

  function freeArea() {
    var size = state.map.getSize();
    var free = { left: 0, top: 0, right: size.x, bottom: size.y };
    if (panel().hidden) { return free; }
    var mapBox = state.map.getContainer().getBoundingClientRect();
    var box = panel().getBoundingClientRect();
    if (box.left - mapBox.left > size.x / 3) {
      free.right = box.left - mapBox.left;
    } else {
      free.bottom = box.top - mapBox.top;
    }
    return free;
  }

  function keepInView(layer) {
    if (!layer) { return; }
    var map = state.map;
    var bounds = layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng()]);
    var nw = map.latLngToContainerPoint(bounds.getNorthWest());
    var se = map.latLngToContainerPoint(bounds.getSouthEast());
    var free = freeArea();
    var margin = 24;
    var dx = 0;
    var dy = 0;
    if (nw.x < free.left + margin || se.x > free.right - margin) {
      dx = (nw.x + se.x) / 2 - (free.left + free.right) / 2;
    }
    if (nw.y < free.top + margin || se.y > free.bottom - margin) {
      dy = (nw.y + se.y) / 2 - (free.top + free.bottom) / 2;
    }
    if (dx || dy) { map.panBy([dx, dy], { animate: false }); }
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

  // Where the server found the outline crossing itself, marked on the map.
  function markProblem(location) {
    state.problem.clearLayers();
    if (!location) { return; }
    var marker = L.circleMarker([location[1], location[0]], {
      radius: 10, color: "#a1141f", weight: 3, fillColor: "#ffffff", fillOpacity: 0.6,
      interactive: false, className: "drawing-problem"
    });
    var label = document.createElement("span");
    label.textContent = words("crossing_here");
    marker.bindTooltip(label, { permanent: true, direction: "right", className: "drawing-problem__label" });
    state.problem.addLayer(marker);
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
    if (state.problem) { state.problem.clearLayers(); }
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
    markProblem(data.location);
    if (first) { first.focus(); }
  }

  function openForm(restored) {
    if (!conf().authenticated) {
      showPanel(false);
      feedback([words("login_needed"), { href: conf().login_url, text: words("log_in") },
                { href: conf().signup_url, text: words("sign_up") }]);
    } else if (!conf().has_open_consultation) {
      showPanel(false);
      feedback([words("no_consultation")]);
    } else {
      showPanel(true);
      feedback(restored ? [words("drawing_kept")] : [words("limits")]);
    }
    // The map in the window, the drawing in the part of the map the panel leaves free.
    state.map.getContainer().scrollIntoView({ block: "nearest" });
    keepInView(state.drawn.getLayers()[0]);
    var target = byId("proposal-form").hidden ? byId("proposal-panel-close") : byId("proposal-title");
    target.focus({ preventScroll: true });
  }

  function closeForm() {
    state.draft = null;
    sessionStorage.removeItem(DRAFT_KEY);
    state.drawn.clearLayers();
    byId("proposal-form").reset();
    byId("proposal-form").hidden = true;
    byId("proposal-measure").hidden = true;
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
    if (!form.elements.category.value) {
      // The category is the resident's choice, never one made for them.
      showErrors({ category: [words("choose_category")] });
      return;
    }
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
      } else if (result.status === 429 && result.data.detail) {
        // A limit on proposals (accounts/throttling.py): its sentence says when to try again.
        showErrors({ non_field_errors: [result.data.detail] });
      } else {
        showErrors({ non_field_errors: [words("error")] });
      }
    }).catch(function () {
      showErrors({ non_field_errors: [words("error")] });
    });
  }

  // The new proposal appears where it was drawn, and the map stays where the resident left it:
  // no zoom to show it, no pan to fit its popup.
  function openWithoutMoving(layer) {
    if (state.cluster && state.cluster.getVisibleParent && layer.getLatLng && state.cluster.getVisibleParent(layer) !== layer) {
      return;
    }
    var popup = layer.getPopup();
    if (!popup) { return; }
    var autoPan = popup.options.autoPan;
    popup.options.autoPan = false;
    layer.openPopup();
    popup.options.autoPan = autoPan;
  }

  function created(feature) {
    closeForm();
    var item = addItem(feature, featureLayers(feature), true);
    if (state.tiles) {
      // The tiles hold it from the next ones loaded; until then it is drawn over them.
      item.layers.forEach(function (layer) { state.fresh.addLayer(layer); });
    }
    applyFilters();
    showPanel(false);
    feedback([words("sent"), { href: feature.properties.url, text: words("open") }]);
    openWithoutMoving(item.layers[0]);
    select(feature.id);
    byId("proposal-panel-close").focus({ preventScroll: true });
  }

  /* ---- drawing a line or an area with the keyboard alone (RGAA) ---------------------- */

  var keyboard = { kind: null, points: [], sketch: null };

  function announce(text) {
    byId("keyboard-status").textContent = text;
  }

  function redrawSketch() {
    keyboard.sketch.clearLayers();
    var shape = { color: "#b35806", weight: 4, dashArray: "6 6", fillOpacity: 0.15 };
    if (keyboard.points.length > 1) {
      var Shape = keyboard.kind === "area" && keyboard.points.length > 2 ? L.polygon : L.polyline;
      keyboard.sketch.addLayer(Shape(keyboard.points, shape));
    }
    keyboard.points.forEach(function (point) {
      keyboard.sketch.addLayer(L.circleMarker(point, { radius: 5, color: "#b35806", weight: 2,
                                                       fillColor: "#fff", fillOpacity: 1 }));
    });
  }

  function startKeyboard(kind) {
    keyboard.kind = kind;
    keyboard.points = [];
    redrawSketch();
    byId("keyboard-draw").hidden = false;
    state.map.getContainer().parentNode.classList.add("is-keyboard-drawing");
    byId("keyboard-draw").scrollIntoView({ block: "nearest" });
    byId("keyboard-add").focus();
    announce(words(kind === "area" ? "keyboard_area_started" : "keyboard_line_started"));
  }

  function stopKeyboard() {
    keyboard.kind = null;
    keyboard.points = [];
    keyboard.sketch.clearLayers();
    byId("keyboard-draw").hidden = true;
    state.map.getContainer().parentNode.classList.remove("is-keyboard-drawing");
  }

  function addVertex() {
    keyboard.points.push(state.map.getCenter());
    redrawSketch();
    announce(words("vertex_added").replace("%(count)s", number(keyboard.points.length, 0)));
  }

  function undoVertex() {
    if (!keyboard.points.length) { announce(words("no_vertex")); return; }
    keyboard.points.pop();
    redrawSketch();
    announce(words("vertex_removed").replace("%(count)s", number(keyboard.points.length, 0)));
  }

  function finishKeyboard() {
    var needed = keyboard.kind === "area" ? 3 : 2;
    if (keyboard.points.length < needed) {
      announce(words(keyboard.kind === "area" ? "area_needs" : "line_needs"));
      return;
    }
    var kind = keyboard.kind;
    var shape = { color: "#b35806", weight: 4, fillOpacity: 0.2 };
    var layer = kind === "area" ? L.polygon(keyboard.points, shape) : L.polyline(keyboard.points, shape);
    var count = keyboard.points.length;
    stopKeyboard();
    setDrawing(layer);
    clearErrors();
    announce(words(kind === "area" ? "area_closed" : "line_finished")
      .replace("%(count)s", number(count, 0)));
    openForm(false);
  }

  function cancelKeyboard() {
    stopKeyboard();
    announce(words("keyboard_cancelled"));
    byId(keyboard.lastStart || "keyboard-line").focus();
  }

  function setUpKeyboardDrawing(map) {
    keyboard.sketch = L.layerGroup().addTo(map);
    ["line", "area"].forEach(function (kind) {
      byId("keyboard-" + kind).addEventListener("click", function () {
        keyboard.lastStart = "keyboard-" + kind;
        startKeyboard(kind);
      });
    });
    byId("keyboard-add").addEventListener("click", addVertex);
    byId("keyboard-undo").addEventListener("click", undoVertex);
    byId("keyboard-finish").addEventListener("click", finishKeyboard);
    byId("keyboard-cancel").addEventListener("click", cancelKeyboard);
    // With the focus on the drawing buttons, the arrow keys move the map as they do on the map
    // itself, so a vertex is placed with no trip through the map's markers; Escape cancels.
    var steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    byId("keyboard-draw").addEventListener("keydown", function (event) {
      if (event.key === "Escape") { cancelKeyboard(); return; }
      var step = steps[event.key];
      if (!step) { return; }
      event.preventDefault();
      var delta = map.options.keyboardPanDelta || 80;
      map.panBy([step[0] * delta, step[1] * delta]);
    });
  }

  /* ---- drawing with the toolbar (mouse or touch) -------------------------------------- */

  // Leaflet.draw 1.0.4 adds a vertex when a finger touches the map, then the browser's emulated
  // click lands on that new vertex, which finishes the line: a line stopped at its second tap
  // and a drag to move the map left a vertex behind. Here a tap adds its vertex when the finger
  // lifts without having moved, and the emulated mouse events are cancelled; tapping the last
  // point of a line or the first of an area still finishes it (Leaflet.draw's _endPoint).
  function drawByTaps() {
    var line = L.Draw.Polyline.prototype;
    if (line._tapsFixed) { return; }
    line._tapsFixed = true;
    var addHooks = line.addHooks;
    var removeHooks = line.removeHooks;
    line._onTouch = function () {};
    line._onTapStart = function (event) {
      var touches = event.touches;
      this._tapStart = touches.length === 1 ? L.point(touches[0].clientX, touches[0].clientY) : null;
    };
    line._onTapEnd = function (event) {
      var start = this._tapStart;
      var touch = event.changedTouches && event.changedTouches[0];
      this._tapStart = null;
      if (!start || !touch || event.touches.length || this._disableMarkers) { return; }
      if (event.target.closest && event.target.closest(".leaflet-control")) { return; }
      var end = L.point(touch.clientX, touch.clientY);
      if (end.distanceTo(start) > 10) { return; }  // the finger moved the map
      event.preventDefault();
      this._mouseDownOrigin = end;
      this._endPoint(end.x, end.y, { latlng: this._map.mouseEventToLatLng(touch) });
    };
    line.addHooks = function () {
      addHooks.call(this);
      if (this._map) {
        L.DomEvent.on(this._map.getContainer(), { touchstart: this._onTapStart,
                                                   touchend: this._onTapEnd }, this);
      }
    };
    line.removeHooks = function () {
      if (this._map) {
        L.DomEvent.off(this._map.getContainer(), { touchstart: this._onTapStart,
                                                    touchend: this._onTapEnd }, this);
      }
      removeHooks.call(this);
    };
  }

  function setUpDrawing(map) {
    translateDrawTools(conf().draw);
    drawByTaps();
    state.drawn = new L.FeatureGroup().addTo(map);
    state.problem = L.layerGroup().addTo(map);
    var shape = { color: "#b35806", weight: 4, fillOpacity: 0.2 };
    map.addControl(new L.Control.Draw({
      position: "topleft",
      draw: {
        polyline: { shapeOptions: shape, metric: true, feet: false },
        polygon: { allowIntersection: true, showArea: true, metric: ["ha", "m"], shapeOptions: shape },
        marker: true,
        rectangle: false,
        circle: false,
        circlemarker: false
      },
      edit: { featureGroup: state.drawn }
    }));
    map.on(L.Draw.Event.DRAWSTART, function () {
      if (keyboard.kind) { stopKeyboard(); }
      // An open popup would take the taps meant for the new drawing.
      map.closePopup();
      clearErrors();
    });
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
      if (!state.drawn.getLayers().length) { closeForm(); hidePanel(); }
    });
    // Leaflet.draw needs a pointer; with the keyboard alone, a resident moves the map with the
    // arrow keys (or locates themselves) and places a point at its centre, or draws a line or
    // an area vertex by vertex (setUpKeyboardDrawing).
    byId("propose-centre").addEventListener("click", function () {
      if (keyboard.kind) { stopKeyboard(); }
      setDrawing(L.marker(map.getCenter()));
      clearErrors();
      openForm(false);
    });
    setUpKeyboardDrawing(map);
    var form = byId("proposal-form");
    form.addEventListener("submit", send);
    form.addEventListener("input", saveDraft);
    byId("proposal-cancel").addEventListener("click", function () {
      closeForm();
      hidePanel();
      byId("propose-centre").focus({ preventScroll: true });
    });
    byId("proposal-panel-close").addEventListener("click", function () {
      // Closing the message of a drawing not sent (not logged in) keeps the drawing and draft.
      hidePanel();
      byId("propose-centre").focus({ preventScroll: true });
    });

    var draft = loadDraft();
    if (draft && draft.geometry) {
      state.draft = draft;
      FIELDS.forEach(function (name) {
        if (draft[name] && name !== "consultation") { form.elements[name].value = draft[name]; }
      });
      L.geoJSON(draft.geometry, { style: function () { return shape; } })
        .getLayers().forEach(function (layer) { state.drawn.addLayer(layer); measure(layer); });
      openForm(true);
    }
  }

  /* ---- wiring ------------------------------------------------------------------------ */

  function clearList() {
    var list = byId("proposal-list-items");
    list.replaceChildren();
    var empty = document.createElement("li");
    empty.id = "proposal-list-empty";
    empty.hidden = true;
    empty.textContent = words("none_visible");
    list.appendChild(empty);
    return list;
  }

  // The proposals fetched whole: every one in the cluster and in the list, filtered here.
  function loadWhole(map, cluster, source) {
    return CadreDeVie.getJSON(source.geojson_url).then(function (data) {
      var byFeature = {};
      var order = [];
      var layers = [];
      data.features.forEach(function (feature) {
        var id = feature.id;
        if (!byFeature[id]) { byFeature[id] = { feature: feature, layers: [] }; order.push(id); }
        featureLayers(feature).forEach(function (layer) {
          byFeature[id].layers.push(layer);
          layers.push(layer);
        });
      });
      cluster.addLayers(layers);
      // The server's list (kept for browsers without JavaScript) gives way to the synced one.
      var list = clearList();
      order.forEach(function (id) { addItem(byFeature[id].feature, byFeature[id].layers, false); });
      list.appendChild(byId("proposal-list-empty"));  // after the items
      applyFilters();
      map.on("moveend", syncList);
    });
  }

  function viewBox() {
    var b = state.map.getBounds();
    function clamp(value, limit) { return Math.max(-limit, Math.min(limit, value)); }
    return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180),
            clamp(b.getNorth(), 90)].map(function (v) { return v.toFixed(6); }).join(",");
  }

  // With tiles, the list holds the newest proposals of the view that match the filters, asked
  // of the server each time the view or a filter changes.
  function refreshList() {
    var f = filters();
    var query = new URLSearchParams({ bbox: viewBox(), limit: String(conf().list_max) });
    ["category", "status", "consultation"].forEach(function (name) {
      if (f[name]) { query.set(name, f[name]); }
    });
    if (f.search.length) { query.set("search", f.search.join(" ")); }
    var request = ++state.listRequest;
    return CadreDeVie.getJSON(state.source.geojson_url + "&" + query.toString()).then(function (data) {
      if (request !== state.listRequest) { return; }  // an older answer arriving late
      var list = clearList();
      state.items = [];
      data.features.forEach(function (feature) {
        addItem(feature, featureLayers(feature), false);
      });
      var empty = byId("proposal-list-empty");
      empty.hidden = data.features.length > 0;
      list.appendChild(empty);  // after the items
      var shown = data.features.length;
      var text = words("none_visible");
      if (data.numberMatched > shown) {
        text = words("first_count").replace("%(shown)s", shown.toLocaleString(LANG))
          .replace("%(count)s", data.numberMatched.toLocaleString(LANG));
      } else if (shown) {
        text = words("visible_count").replace("%(count)s", shown.toLocaleString(LANG));
      }
      byId("proposal-list-count").textContent = text;
      if (state.selected !== null) { select(state.selected); }
    });
  }

  function attachTiles(map, tiles) {
    state.tiles = tiles;
    state.fresh = L.featureGroup().addTo(map);
    CadreDeVie.tileFilters.proposals = function (p) {
      return matches({ feature: { properties: p } }, filters());
    };
    map.on("cadre:featureopen", function (event) {
      if (event.key === "proposals") { select(event.id); }
    });
    var timer = null;
    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(refreshList, 150);
    });
    clearList();
    return refreshList();
  }

  function attach(map, layer, source) {
    state.map = map;
    state.source = source;
    map.on("movestart zoomstart", function () { state.moving = true; });
    map.on("moveend", function () { state.moving = false; });
    var filterForm = byId("proposal-filters");
    var timer = null;
    function filtered() {
      // Typing refetches the list (tiles) at most every 250 ms; the whole layer filters at once.
      if (!state.tiles) { applyFilters(); return; }
      clearTimeout(timer);
      timer = setTimeout(applyFilters, 250);
    }
    filterForm.addEventListener("input", filtered);
    filterForm.addEventListener("change", filtered);
    filterForm.addEventListener("submit", function (event) { event.preventDefault(); });
    map.on("popupopen", function (event) {
      var origin = event.popup._source;
      if (origin && origin.feature) { select(origin.feature.id); }
    });
    setUpDrawing(map);
    CadreDeVie.keepPopupsClear(map);  // once every control is on the map
    if (source.tiled) {
      layer._cadreArrival = attachTiles(map, layer);
    } else {
      state.cluster = layer;
      layer._cadreArrival = loadWhole(map, layer, source);
    }
  }

  window.CadreDeVie = window.CadreDeVie || {};
  window.CadreDeVie.proposals = { attach: attach };
  window.CadreDeVie.translateDrawTools = translateDrawTools;
})();
