/* The map preview (ckanext.tdpf.preview): a GeoJSON file from the site's
   own GeoJSON route, or markers for a DataStore table's latitude/longitude
   columns from datastore_search. Both answer only to users who may read
   the data; a refusal shows as the "could not be loaded" line. */
(function () {
  "use strict";
  var node = document.getElementById("tdpf-map");
  if (!node || !window.L) { return; }
  var config = JSON.parse(node.getAttribute("data-config"));
  var status = document.getElementById("tdpf-map-status");
  L.Icon.Default.imagePath = node.getAttribute("data-images");
  var map = L.map(node, { preferCanvas: false }).setView([35.68, 139.76], 10);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution || "", maxZoom: 18 }).addTo(map);
  }
  function say(text) { status.textContent = text; }
  function fit(layer) {
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
    else { say(node.getAttribute("data-empty")); }
  }
  function text(value) { return value === null || value === undefined ? "" : String(value); }
  function popup(properties) {
    var box = document.createElement("div");
    Object.keys(properties || {}).slice(0, 12).forEach(function (key) {
      if (key.charAt(0) === "_") { return; }
      var line = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = key + ": ";
      line.appendChild(name);
      line.appendChild(document.createTextNode(text(properties[key])));
      box.appendChild(line);
    });
    return box;
  }
  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }
  function failed() { say(node.getAttribute("data-failed")); node.setAttribute("data-state", "failed"); }
  if (config.geojson) {
    fetchJSON(config.geojson).then(function (data) {
      var layer = L.geoJSON(data, {
        onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      node.setAttribute("data-features", String(layer.getLayers().length));
      fit(layer);
    }).catch(failed);
  } else if (config.datastore) {
    var url = config.datastore + "?resource_id=" + encodeURIComponent(config.resource_id) +
      "&limit=" + encodeURIComponent(config.limit);
    fetchJSON(url).then(function (answer) {
      var group = L.featureGroup();
      (answer.result.records || []).forEach(function (row) {
        var lat = parseFloat(row[config.lat]), lon = parseFloat(row[config.lon]);
        if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
          L.marker([lat, lon]).bindPopup(popup(row)).addTo(group);
        }
      });
      group.addTo(map);
      node.setAttribute("data-features", String(group.getLayers().length));
      fit(group);
    }).catch(failed);
  }
}());
