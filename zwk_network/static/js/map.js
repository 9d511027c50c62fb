/* zwk-network maps: everything drawn from data.
 *
 * folium builds each map's frame (the Leaflet map and its tiles) and then calls
 * zwkMaps.start(kind, map, dataId). The options – layers, names, labels – are read from the
 * page's <script type="application/json" id="dataId"> block: data, never code. Then one of
 *   zwkMaps.publicMap  – entries loaded for the visible area from /api/map (points, or clusters
 *                        made on the server), filters and view kept in the URL, an accessible list;
 *   zwkMaps.miniMap    – one entry on a detail page, or an overview of areas (gaps);
 *   zwkMaps.networkMap – needs and their connected actors, joined by lines;
 *   zwkMaps.picker     – choose a location by click, drag or town name; fields hold lat and lon.
 * All text from entries reaches the page through textContent, never as HTML.
 */
(function () {
  "use strict";

  var zwkMaps = (window.zwkMaps = {});

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function escapeHtml(text) {
    var box = document.createElement("div");
    box.textContent = String(text);
    return box.innerHTML.replace(/"/g, "&quot;");
  }

  /* Numbers as the pages write them (formats.py), in the page's language: „1.234“, „15,2 km“. */
  function number(value) {
    return value.toLocaleString(document.documentElement.lang || "de");
  }

  function kilometres(value) {
    return number(Math.round(value * 10) / 10) + " km";
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
  }

  /* Zoom buttons with the page's words, and a scale in metres and kilometres only. */
  function germanControls(map, labels) {
    L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
  }

  /* The map page's filters are one line to open on a phone; a wide screen shows them open (CSS does
   * so where it knows ::details-content; here for the others). */
  function openFiltersOnWideScreens() {
    var box = document.getElementById("map-filter-box");
    if (box && window.matchMedia && window.matchMedia("(min-width: 50.01rem)").matches) box.open = true;
  }

  /* A marker's look: shape by type, colour by first theme; its name is hidden text, so the
   * focusable marker (role=button) is announced by name. */
  function entryIcon(kind, theme, name) {
    var html =
      '<span class="marker-shape shape-' + escapeHtml(kind) + '" data-theme="' + escapeHtml(theme || "") +
      '" aria-hidden="true"></span><span class="visually-hidden">' + escapeHtml(name) + "</span>";
    return L.divIcon({ className: "zwk-marker", html: html, iconSize: [24, 24], iconAnchor: [12, 12], popupAnchor: [0, -10] });
  }

  /* A tooltip whose content is a text node: Leaflet would insert a string as HTML. */
  function textTooltip(layer, text) {
    if (text === undefined || text === null || text === "") return;
    layer.bindTooltip(function () { return element("span", null, String(text)); }, { sticky: true });
  }

  /* The GeoJSON layers of the options: {name: {data, style, styles, interactive, tooltip}}. */
  function dataLayers(map, specs) {
    var layers = {};
    Object.keys(specs || {}).forEach(function (name) {
      var spec = specs[name];
      layers[name] = L.geoJSON(spec.data, {
        style: function (feature) {
          var named = feature.properties && feature.properties.style;
          return (named && spec.styles && spec.styles[named]) || spec.style;
        },
        interactive: Boolean(spec.interactive),
        pointToLayer: function (feature, latlng) {
          /* A layer whose style has a radius draws its points as circles; the others keep Leaflet's markers. */
          if (!spec.style || !spec.style.radius) return L.marker(latlng);
          return L.circleMarker(latlng, Object.assign({ interactive: Boolean(spec.interactive) }, spec.style));
        },
        onEachFeature: function (feature, layer) {
          if (spec.tooltip && feature.properties) textTooltip(layer, feature.properties[spec.tooltip]);
          var target = spec.link && feature.properties && feature.properties[spec.link];
          if (typeof target === "string" && target.charAt(0) === "/" && target.charAt(1) !== "/") {
            layer.on("click", function () { window.location.assign(target); });
          }
        }
      }).addTo(map);
    });
    return layers;
  }

  zwkMaps.start = function (kind, map, dataId) {
    var behaviours = { publicMap: zwkMaps.publicMap, miniMap: zwkMaps.miniMap, networkMap: zwkMaps.networkMap, picker: zwkMaps.picker };
    if (!Object.prototype.hasOwnProperty.call(behaviours, kind)) throw new Error("unknown map: " + kind);
    var block = document.getElementById(dataId);
    var options = block ? JSON.parse(block.textContent) : {};
    behaviours[kind](map, options, dataLayers(map, options.layers));
  };

  function countIcon(count, label) {
    var size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 46 : 54;
    var html =
      '<span class="cluster-count" aria-hidden="true">' + escapeHtml(number(count)) +
      '</span><span class="visually-hidden">' + escapeHtml(label) + "</span>";
    return L.divIcon({ className: "zwk-cluster", html: html, iconSize: [size, size] });
  }

  function isEnter(event) {
    return Boolean(event.originalEvent) && (event.originalEvent.key === "Enter" || event.originalEvent.keyCode === 13);
  }

  function safeUrl(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "#";
  }

  function popupContent(properties, labels) {
    var box = element("div", "map-popup");
    var title = element("p", "popup-title");
    var link = element("a", null, properties.name);
    link.href = safeUrl(properties.url);
    title.appendChild(link);
    box.appendChild(title);
    var meta = labels.types[properties.type] || "";
    if (properties.place) meta += " · " + properties.place;
    box.appendChild(element("p", "popup-meta", meta));
    if (properties.demo) box.appendChild(element("p", "badge badge-demo", labels.demo));
    if (properties.themes && properties.themes.length) {
      box.appendChild(
        element("p", "popup-themes", properties.themes.map(function (slug) { return labels.themes[slug] || slug; }).join(", "))
      );
    }
    return box;
  }

  function entryMarker(feature, labels) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var marker = L.marker([c[1], c[0]], {
      icon: entryIcon(p.type, p.themes && p.themes[0], p.name),
      keyboard: true,
      riseOnHover: true
    });
    marker.bindPopup(function () { return popupContent(p, labels); });
    marker.feature = feature;
    return marker;
  }

  /* ---------- the public map ---------- */

  zwkMaps.publicMap = function (map, options, layers) {
    var labels = options.labels;
    var form = document.getElementById("map-filters");
    var status = document.getElementById("map-status");
    var list = document.getElementById("map-entries");
    var more = document.getElementById("map-more");
    var locate = document.getElementById("map-locate");
    var container = map.getContainer();
    germanControls(map, labels);
    openFiltersOnWideScreens();

    var points = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        return countIcon(n, format(labels.cluster, { n: n }));
      }
    }).addTo(map);
    // Leaflet turns Enter on a marker into a click only for markers with a popup; clusters are
    // buttons too, so Enter does what a click does.
    points.on("clusterkeypress", function (event) {
      if (!isEnter(event)) return;
      var cluster = event.layer;
      var bounds = cluster.getBounds();
      if (map.getZoom() >= map.getMaxZoom() || bounds.getNorthEast().equals(bounds.getSouthWest())) cluster.spiderfy();
      else cluster.zoomToBounds({ padding: [20, 20] });
    });
    var clusters = L.layerGroup().addTo(map);
    var request = null;
    var sequence = 0;

    // The searched place (the place field, a point, or a place named in the words): a mark, and
    // the radius as a circle; the map opens there unless a shared view says otherwise.
    var place = options.place;
    var placeLayer = L.layerGroup().addTo(map);
    var circle = null;
    var near = form.elements.near;
    var nearAsShown = near ? near.value : "";
    if (place) {
      var centre = L.latLng(place.lat, place.lon);
      L.circleMarker(centre, { radius: 6, color: "#073763", weight: 3, fillColor: "#ffffff", fillOpacity: 1, interactive: false })
        .addTo(placeLayer);
      drawRadius();
    }

    function drawRadius() {
      var km = parseFloat(selected("radius_km"));
      if (circle) placeLayer.removeLayer(circle);
      circle = isFinite(km) && km > 0
        ? L.circle([place.lat, place.lon], { radius: km * 1000, color: "#073763", weight: 2, dashArray: "6 4", fill: false, interactive: false }).addTo(placeLayer)
        : null;
    }

    function fitPlace() {
      if (circle) map.fitBounds(circle.getBounds(), { padding: [12, 12] });
      else map.setView([place.lat, place.lon], 11);
    }

    if (options.view) {
      map.setView([options.view[0], options.view[1]], options.view[2]);
    } else if (place) {
      fitPlace();
    } else if (!fitSelection()) {
      map.fitBounds(options.home);
    }

    function selected(name) {
      var field = form.elements[name];
      return field && field.value ? field.value : null;
    }

    function fitSelection() {
      var region = selected("region");
      var kommune = selected("kommune");
      var box = (region && options.bounds.region[region]) || (kommune && options.bounds.kommune[kommune]);
      if (box) map.fitBounds(box);
      return Boolean(box);
    }

    function filterParams() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (value !== "") params.append(key, value);
      });
      // The place the page was made for, not one typed and not yet sent: points, list and the
      // circle always belong to the same place.
      params.delete("near");
      if (nearAsShown) params.set("near", nearAsShown);
      return params;
    }

    function clamp(value, low, high) {
      return Math.min(high, Math.max(low, value));
    }

    function viewParam() {
      var center = map.getCenter();
      return map.getZoom() + "/" + center.lat.toFixed(5) + "/" + center.lng.toFixed(5);
    }

    function keepInUrl() {
      var params = filterParams();
      params.set("view", viewParam());
      history.replaceState(null, "", location.pathname + "?" + params.toString());
    }

    function showNeedAreas() {
      var types = filterParams().getAll("type");
      var show = types.length === 0 || types.indexOf("need") >= 0;
      if (layers.needAreas) {
        if (show && !map.hasLayer(layers.needAreas)) layers.needAreas.addTo(map);
        if (!show && map.hasLayer(layers.needAreas)) map.removeLayer(layers.needAreas);
      }
    }

    // „Benachrichtigen, wenn …“ and the Atom feed follow the filter, with the map's view as the area.
    function keepFilterInLinks(params) {
      document.querySelectorAll("a[data-filter-link]").forEach(function (link) {
        link.href = link.dataset.filterLink + "?" + params.toString();
      });
    }

    function load() {
      var bounds = map.getBounds();
      var params = filterParams();
      params.set("bbox", [
        clamp(bounds.getWest(), -180, 180).toFixed(5), clamp(bounds.getSouth(), -90, 90).toFixed(5),
        clamp(bounds.getEast(), -180, 180).toFixed(5), clamp(bounds.getNorth(), -90, 90).toFixed(5)
      ].join(","));
      keepFilterInLinks(params);
      params.set("zoom", String(Math.round(map.getZoom())));
      if (request) request.abort();
      request = new AbortController();
      var mine = ++sequence;
      var started = performance.now();
      container.setAttribute("aria-busy", "true");
      fetch(options.dataUrl + "?" + params.toString(), { signal: request.signal, headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          return response.json().then(function (body) {
            // What was wrong, in words (the reasons, never the names of the parameters).
            var reasons = body.errors ? Object.keys(body.errors).map(function (name) { return body.errors[name]; }) : [];
            if (!response.ok) throw new Error(reasons.join(" ") || labels.error);
            return body;
          });
        })
        .then(function (data) {
          if (mine !== sequence) return;
          render(data);
          container.setAttribute("aria-busy", "false");
          container.dataset.loads = String(mine);
          container.dispatchEvent(new CustomEvent("zwk:loaded", { detail: { mode: data.mode, total: data.total, features: data.features.length, ms: performance.now() - started } }));
        })
        .catch(function (error) {
          if (error.name === "AbortError") return;
          container.setAttribute("aria-busy", "false");
          status.textContent = labels.error + " " + error.message;
        });
      if (!options.embedded) keepInUrl(); // an embedded map's address is the website's choice
      showNeedAreas();
    }

    function render(data) {
      points.clearLayers();
      clusters.clearLayers();
      if (data.mode === "points") {
        points.addLayers(data.features.map(function (feature) { return entryMarker(feature, labels); }));
      } else {
        data.features.forEach(function (feature) {
          var p = feature.properties;
          var c = feature.geometry.coordinates;
          var marker = L.marker([c[1], c[0]], { icon: countIcon(p.count, format(labels.cluster, { n: p.count })), keyboard: true });
          var zoomIn = function () {
            var b = p.bbox;
            if (b[0] === b[2] && b[1] === b[3]) map.setView([b[1], b[0]], Math.min(map.getZoom() + 3, 18));
            else map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [20, 20] });
          };
          marker.on("click", zoomIn);
          marker.on("keypress", function (event) {
            if (isEnter(event)) zoomIn();
          });
          clusters.addLayer(marker);
        });
      }
      renderList(data);
    }

    function renderList(data) {
      var total = data.total;
      status.textContent =
        total === 0 ? labels.countNone : total === 1 ? labels.countOne : format(labels.countMany, { n: number(total) });
      (data.notices || []).forEach(function (notice) { status.textContent += " " + notice; });
      list.textContent = "";
      data.list.items.forEach(function (item) {
        var row = element("li");
        var link = element("a", null, item.name);
        link.href = safeUrl(item.url);
        row.appendChild(link);
        var meta = labels.types[item.type] || "";
        if (item.place) meta += " · " + item.place;
        if (typeof item.distance_km === "number") meta += " · " + format(labels.distance, { km: kilometres(item.distance_km) });
        row.appendChild(document.createTextNode(" "));
        row.appendChild(element("span", "meta", meta));
        if (item.demo) {
          row.appendChild(document.createTextNode(" "));
          row.appendChild(element("span", "badge badge-demo", labels.demo));
        }
        list.appendChild(row);
      });
      more.href = safeUrl(data.list.more_url);
      more.textContent = format(labels.more, { n: number(total) });
      more.parentNode.hidden = total <= data.list.items.length;
    }

    // A page that says what it could not use (an unknown place …) loads nothing with it; the form
    // goes to the server again, which answers as without JavaScript.
    var problems = Boolean(options.problems);

    form.addEventListener("submit", function (event) {
      // A new place is understood by the server: the page comes back centred on it, or keeps the
      // form and says what it did not know (with „Meinten Sie …?“), as without JavaScript.
      if (problems || (near && near.value.trim() !== nearAsShown.trim())) return;
      event.preventDefault();
      load();
    });
    form.addEventListener("change", function (event) {
      if (problems) return;
      if (event.target.name === "kommune" || event.target.name === "region") {
        if (fitSelection()) return; // the move loads
      }
      if (event.target.name === "radius_km" && place) {
        drawRadius();
        if (circle) fitPlace();
      }
      if (event.target.name !== "q" && event.target.name !== "near") load();
    });
    if (problems) return;
    map.on("moveend", load);

    if (locate && "geolocation" in navigator) {
      locate.hidden = false;
      var here = null;
      locate.addEventListener("click", function () {
        status.textContent = labels.locating;
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var point = [position.coords.latitude, position.coords.longitude];
            if (here) map.removeLayer(here);
            here = L.circleMarker(point, { radius: 8, color: "#073763", weight: 3, fillColor: "#ffbf47", fillOpacity: 1, interactive: false }).addTo(map);
            map.setView(point, 13);
            status.textContent = labels.located;
          },
          function () {
            status.textContent = labels.locateFailed;
          },
          { timeout: 10000, maximumAge: 60000 }
        );
      });
    }

    load();
  };

  /* ---------- a mini-map on a detail page ---------- */

  zwkMaps.miniMap = function (map, options, layers) {
    germanControls(map, options.labels || { zoomIn: "Vergrößern", zoomOut: "Verkleinern" });
    if (options.bounds) {  // an overview (gaps of a Kommune): just the view
      map.fitBounds(options.bounds);
      return;
    }
    if (layers.area) {
      map.fitBounds(layers.area.getBounds(), { padding: [12, 12], maxZoom: options.zoom });
    } else {
      map.setView(options.point, options.zoom);
    }
    if (!layers.area || options.kind !== "need") {
      L.marker(options.point, { icon: entryIcon(options.kind, options.theme, options.name || ""), keyboard: false, interactive: false }).addTo(map);
    }
  };

  /* ---------- needs and their connected actors ---------- */

  zwkMaps.networkMap = function (map, options) {
    germanControls(map, options.labels);
    map.fitBounds(options.bounds);
    (options.lines || []).forEach(function (line) {
      textTooltip(L.polyline(line.points, { color: line.colour, weight: 3 }).addTo(map), line.label);
    });
    (options.nodes || []).forEach(function (node) {
      var marker = L.marker(node.point, { icon: entryIcon(node.kind, "", node.name), keyboard: false }).addTo(map);
      textTooltip(marker, node.name);
    });
  };

  /* ---------- the location picker ---------- */

  zwkMaps.picker = function (map, options) {
    var labels = options.labels;
    germanControls(map, labels);
    var lat = document.getElementById(options.latField);
    var lon = document.getElementById(options.lonField);
    var town = document.getElementById(options.townField);
    var towns = document.getElementById(options.townList);
    var status = document.getElementById(options.statusField);
    var marker = null;
    var found = {};

    function show(point, zoom) {
      if (!marker) {
        marker = L.marker(point, { draggable: true, keyboard: true, title: labels.markerPicked, icon: entryIcon("pick", "", labels.markerPicked) }).addTo(map);
        marker.on("dragend", function () {
          write(marker.getLatLng());
        });
      } else {
        marker.setLatLng(point);
      }
      if (zoom) map.setView(point, zoom);
    }

    function write(point) {
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      if (status) status.textContent = format(labels.pickerSet, { lat: lat.value, lon: lon.value });
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function fromFields() {
      var y = parseFloat(lat.value);
      var x = parseFloat(lon.value);
      if (isFinite(y) && isFinite(x) && Math.abs(y) <= 90 && Math.abs(x) <= 180) {
        show(L.latLng(y, x), Math.max(map.getZoom(), options.zoom));
        return true;
      }
      return false;
    }

    var area = options.areaField ? document.getElementById(options.areaField) : null;
    var drawing = null; // the vertices while an area is being drawn
    var shape = null;

    map.on("click", function (event) {
      if (drawing) {
        drawing.push(event.latlng);
        drawArea(drawing);
        return;
      }
      show(event.latlng);
      write(event.latlng);
    });

    function drawArea(points) {
      if (shape) map.removeLayer(shape);
      shape = points.length ? L.polygon(points, { color: "#8a1c4a", weight: 2, dashArray: "6 4" }).addTo(map) : null;
    }

    if (area) {
      var draw = document.getElementById(options.drawButton);
      var finish = document.getElementById(options.finishButton);
      var clear = document.getElementById(options.clearButton);
      [draw, finish, clear].forEach(function (button) { button.hidden = false; });
      try {  // show an area already stored
        var stored = area.value ? JSON.parse(area.value) : null;
        if (stored && stored.type === "Polygon") {
          drawArea(stored.coordinates[0].map(function (c) { return L.latLng(c[1], c[0]); }));
          map.fitBounds(shape.getBounds());
        }
      } catch (error) { /* the field says what is wrong when the form is sent */ }
      draw.addEventListener("click", function () {
        drawing = [];
        drawArea(drawing);
        if (status) status.textContent = labels.drawing;
      });
      finish.addEventListener("click", function () {
        if (!drawing || drawing.length < 3) {
          if (status) status.textContent = labels.tooFewPoints;
          return;
        }
        var ring = drawing.map(function (p) { return [Number(p.lng.toFixed(6)), Number(p.lat.toFixed(6))]; });
        ring.push(ring[0]);
        area.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
        drawing = null;
        if (status) status.textContent = labels.areaSet;
      });
      clear.addEventListener("click", function () {
        drawing = null;
        drawArea([]);
        area.value = "";
        if (status) status.textContent = labels.areaCleared;
      });
    }
    lat.addEventListener("input", fromFields);
    lon.addEventListener("input", fromFields);
    if (!fromFields()) map.fitBounds(options.home);

    // A picker inside a closed <details> has no size until it opens: measure it again then.
    var details = map.getContainer().closest("details");
    if (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) return;
        map.invalidateSize();
        if (!fromFields()) map.fitBounds(options.home);
      });
    }

    if (town && towns) {
      var timer = null;
      town.addEventListener("input", function () {
        var value = town.value.trim();
        if (found[value]) {
          var place = found[value];
          show(L.latLng(place.lat, place.lon), options.zoom);
          write(L.latLng(place.lat, place.lon));
          return;
        }
        clearTimeout(timer);
        if (!value) return;
        timer = setTimeout(function () {
          fetch(options.gazetteerUrl + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) {
              towns.textContent = "";
              data.results.forEach(function (place) {
                var name = place.label || place.name;
                found[name] = place;
                var option = element("option");
                option.value = name;
                option.label = [place.postcode, place.region].filter(Boolean).join(" · ");
                towns.appendChild(option);
              });
              var exact = found[town.value.trim()];
              if (exact) {  // typed in full: no need to pick it from the list
                show(L.latLng(exact.lat, exact.lon), options.zoom);
                write(L.latLng(exact.lat, exact.lon));
              }
            });
        }, 150);
      });
    }
  };
})();
