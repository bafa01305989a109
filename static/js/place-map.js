// The office-space map: progressive enhancement over the result list, which works
// without it. Markers are keyboard-focusable and named for screen readers.
(function () {
  "use strict";
  var box = document.getElementById("space-map");
  if (!box || !window.L || !window.fetch) return;
  var canvas = box.querySelector(".space-map__canvas");
  // Explicit icon URLs, because the static files are fingerprinted in production.
  var icon = L.icon({
    iconUrl: box.getAttribute("data-icon"),
    iconRetinaUrl: box.getAttribute("data-icon2x"),
    shadowUrl: box.getAttribute("data-shadow"),
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    shadowSize: [41, 41]
  });
  fetch(box.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.features.length) return;
      box.hidden = false;
      var map = L.map(canvas, { scrollWheelZoom: false });
      var tiles = box.getAttribute("data-tiles");
      if (tiles) {
        L.tileLayer(tiles, {
          maxZoom: 18,
          attribution: "&copy; OpenStreetMap contributors"
        }).addTo(map);
      }
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var label = feature.properties.label;
          return L.marker(latlng, { icon: icon, title: label, alt: label, keyboard: true });
        },
        onEachFeature: function (feature, marker) {
          var link = document.createElement("a");
          link.href = feature.properties.url;
          link.textContent = feature.properties.label;
          marker.bindPopup(link);
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 15 });
    })
    .catch(function () { box.hidden = true; });
})();
