// The office-space maps, each a progressive enhancement over a page that works without
// it: the search map over the result list, a building's small map (a link to
// OpenStreetMap without JavaScript), and the pin on the listing form (the latitude and
// longitude fields without JavaScript). Markers are keyboard-focusable, named for screen
// readers and at least 32 px across; buildings closer than that at the current zoom are
// drawn as one numbered cluster, so no marker covers another.
(function () {
  "use strict";
  if (!window.L) return;
  var CLUSTER_PX = 40;

  function baseMap(canvas, box, options) {
    var map = L.map(canvas, options || {});
    var tiles = box.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: box.getAttribute("data-attribution") || ""
      }).addTo(map);
    }
    return map;
  }

  // A 32 px marker showing a cluster's size, or `text` (an area's count) when given.
  function pin(label, count, text) {
    var shown = count > 1 ? String(count) : (text || "");
    var span = document.createElement("span");
    span.className = "map-pin__count";
    span.setAttribute("aria-hidden", "true");
    span.textContent = shown;
    var html = span.outerHTML;
    return L.divIcon({
      className: "map-pin" + (count > 1 ? " map-pin--cluster" : ""),
      html: html,
      iconSize: [32, 32],
      iconAnchor: [16, 16],
      popupAnchor: [0, -14]
    });
  }

  function named(marker, label) {
    var element = marker.getElement();
    if (element) {
      element.setAttribute("aria-label", label);
      element.setAttribute("title", label);
    }
  }

  // A pin that only shows the place the map's own label names: hidden from screen readers.
  function decorative(marker) {
    var element = marker.getElement();
    if (element) element.setAttribute("aria-hidden", "true");
  }

  // Points ({latlng, props: {label, url, text}}) drawn on `map`, with those closer than
  // CLUSTER_PX at the current zoom drawn as one numbered cluster, recomputed at every zoom.
  // `noun` names what a cluster holds ("buildings", "areas").
  function clustered(map, points, noun) {
    var layer = L.layerGroup().addTo(map);
    function draw() {
      layer.clearLayers();
      var clusters = [];
      points.forEach(function (point) {
        var at = map.latLngToLayerPoint(point.latlng);
        var near = null;
        for (var i = 0; i < clusters.length && !near; i++) {
          if (clusters[i].at.distanceTo(at) < CLUSTER_PX) near = clusters[i];
        }
        if (near) near.points.push(point);
        else clusters.push({ at: at, points: [point] });
      });
      clusters.forEach(function (cluster) {
        var first = cluster.points[0];
        var count = cluster.points.length;
        var label = count > 1
          ? count + " " + noun + " close together: select to zoom in"
          : first.props.label;
        var icon = count > 1 ? pin(label, count) : pin(label, 1, first.props.text);
        var marker = L.marker(first.latlng, { icon: icon, keyboard: true });
        marker.addTo(layer);
        named(marker, label);
        var bounds = L.latLngBounds(cluster.points.map(function (p) { return p.latlng; }));
        if (count > 1 && map.getZoom() < map.getMaxZoom() &&
            !bounds.getNorthEast().equals(bounds.getSouthWest())) {
          marker.on("click", function () { map.fitBounds(bounds, { padding: [40, 40] }); });
        } else {
          var list = document.createElement("ul");
          list.className = "map-pin__list";
          cluster.points.forEach(function (p) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = p.props.url;
            link.textContent = p.props.label;
            item.appendChild(link);
            list.appendChild(item);
          });
          marker.bindPopup(list);
        }
      });
    }
    map.on("zoomend", draw);
    var all = L.latLngBounds(points.map(function (p) { return p.latlng; }));
    map.fitBounds(all, { padding: [30, 30], maxZoom: 15 });
    draw();
  }

  // The search map, from the GeoJSON of the buildings that match the filters.
  function searchMap(box) {
    if (!window.fetch) return;
    var canvas = box.querySelector(".space-map__canvas");
    fetch(box.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.features.length) return;
        box.hidden = false;
        var map = baseMap(canvas, box, { scrollWheelZoom: false });
        var points = data.features.map(function (feature) {
          var c = feature.geometry.coordinates;
          return { latlng: L.latLng(c[1], c[0]), props: feature.properties };
        });
        clustered(map, points, "buildings");
      })
      .catch(function () { box.hidden = true; });
  }

  // The sector dashboard's map: the counts per area from the list the server rendered
  // (which stays as the text alternative), each marker showing its area's count.
  function areaMap(box, list) {
    var points = Array.prototype.map.call(list.querySelectorAll("li"), function (item) {
      var link = item.querySelector("a");
      return {
        latlng: L.latLng(parseFloat(item.getAttribute("data-lat")),
          parseFloat(item.getAttribute("data-lng"))),
        props: { label: item.textContent, url: link.href, text: item.getAttribute("data-count") }
      };
    }).filter(function (p) { return !isNaN(p.latlng.lat) && !isNaN(p.latlng.lng); });
    if (!points.length) return;
    box.hidden = false;
    var map = baseMap(box.querySelector(".space-map__canvas"), box, { scrollWheelZoom: false });
    clustered(map, points, "areas");
  }

  // A building's small map.
  function miniMap(box) {
    var canvas = box.querySelector(".mini-map__canvas");
    var lat = parseFloat(box.getAttribute("data-lat"));
    var lng = parseFloat(box.getAttribute("data-lng"));
    if (!canvas || isNaN(lat) || isNaN(lng)) return;
    canvas.hidden = false;
    var map = baseMap(canvas, box, { scrollWheelZoom: false }).setView([lat, lng], 16);
    var marker = L.marker([lat, lng], { icon: pin("", 1), keyboard: false, interactive: false });
    decorative(marker.addTo(map));
  }

  // The pin on the listing form: selecting a point on the map fills in the fields.
  function pinMap(box) {
    var form = box.closest("form");
    var details = box.closest("details");
    var latField = form && form.querySelector("[name=latitude]");
    var lngField = form && form.querySelector("[name=longitude]");
    if (!latField || !lngField) return;
    var map = null;
    var marker = null;
    function fields() {
      var lat = parseFloat(latField.value);
      var lng = parseFloat(lngField.value);
      return isNaN(lat) || isNaN(lng) ? null : L.latLng(lat, lng);
    }
    function place(latlng) {
      if (!marker) {
        marker = L.marker(latlng, { icon: pin("", 1), keyboard: false, interactive: false });
        decorative(marker.addTo(map));
      } else {
        marker.setLatLng(latlng);
      }
    }
    function start() {
      if (map) { map.invalidateSize(); return; }
      box.hidden = false;
      var at = fields();
      var centre = at || L.latLng(
        parseFloat(box.getAttribute("data-centre-lat")),
        parseFloat(box.getAttribute("data-centre-lng"))
      );
      map = baseMap(box.querySelector(".pin-map__canvas"), box, { scrollWheelZoom: false })
        .setView(centre, at ? 16 : 13);
      if (at) place(at);
      map.on("click", function (event) {
        latField.value = event.latlng.lat.toFixed(6);
        lngField.value = event.latlng.lng.toFixed(6);
        place(event.latlng);
      });
      [latField, lngField].forEach(function (field) {
        field.addEventListener("change", function () {
          var moved = fields();
          if (moved) { place(moved); map.panTo(moved); }
        });
      });
    }
    if (!details || details.open) start();
    if (details) details.addEventListener("toggle", function () { if (details.open) start(); });
  }

  var search = document.getElementById("space-map");
  if (search) searchMap(search);
  var areas = document.getElementById("area-map");
  var areaList = document.getElementById("area-map-points");
  if (areas && areaList) areaMap(areas, areaList);
  Array.prototype.forEach.call(document.querySelectorAll(".mini-map"), miniMap);
  var pinBox = document.getElementById("pin-map");
  if (pinBox) pinMap(pinBox);
})();
