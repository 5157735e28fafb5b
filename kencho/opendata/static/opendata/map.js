// Map of a resource's preview GeoJSON, drawn with Leaflet. Progressive enhancement only: without it
// the page still lists the features' attributes in the table below the map.
//
// <div data-geojson-url data-bounds="west,south,east,north" data-tile-url data-tile-attribution
//      data-label-*> — everything the script needs comes from the page. The tile attribution is the
// operator's HTML (settings.KENCHO_MAP_TILE_ATTRIBUTION); every text from the data goes in with
// textContent, never as HTML. Without a tile URL the features are drawn on a plain background.
(function () {
  "use strict";

  function parseBounds(text) {
    var parts = (text || "").split(",").map(Number);
    if (parts.length !== 4 || parts.some(isNaN)) { return null; }
    return [[parts[1], parts[0]], [parts[3], parts[2]]];
  }

  function popupContent(properties, label) {
    var keys = Object.keys(properties || {});
    if (!keys.length) {
      var empty = document.createElement("p");
      empty.textContent = label;
      return empty;
    }
    var list = document.createElement("dl");
    keys.forEach(function (key) {
      var value = properties[key];
      var term = document.createElement("dt");
      var detail = document.createElement("dd");
      term.textContent = key;
      detail.textContent = value === null || value === undefined ? "" :
        (typeof value === "object" ? JSON.stringify(value) : String(value));
      list.appendChild(term);
      list.appendChild(detail);
    });
    return list;
  }

  function numberFeatures(data) {
    if (data && data.type === "FeatureCollection" && Array.isArray(data.features)) {
      data.features.forEach(function (feature, index) { if (feature) { feature._kenchoIndex = index; } });
    } else if (data && data.type === "Feature") {
      data._kenchoIndex = 0;
    }
  }

  function show(map, container, layer) {
    if (layer.getBounds) {
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [24, 24] });
    } else if (layer.getLatLng) {
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 15));
    }
    layer.openPopup();
    container.scrollIntoView({ block: "center" });
    container.focus();
  }

  function addShowButtons(map, container, layers) {
    var labels = container.dataset;
    document.querySelectorAll("table[data-feature-table] [data-feature-index]").forEach(function (cell) {
      var layer = layers[Number(cell.getAttribute("data-feature-index"))];
      if (!layer) { return; }
      var button = document.createElement("button");
      var hidden = document.createElement("span");
      button.type = "button";
      button.className = "link-button od-map-zoom";
      button.textContent = labels.labelShow;
      hidden.className = "visually-hidden";
      hidden.textContent = "（" + labels.labelFeature + " " + cell.textContent.trim() + "）";
      button.appendChild(hidden);
      button.addEventListener("click", function () { show(map, container, layer); });
      cell.appendChild(document.createElement("br"));
      cell.appendChild(button);
    });
  }

  function draw(container) {
    var L = window.L;
    var labels = container.dataset;
    container.textContent = "";
    var map = L.map(container, { zoomControl: false, keyboard: true });
    L.control.zoom({ zoomInTitle: labels.labelZoomIn, zoomOutTitle: labels.labelZoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    if (labels.tileUrl) {
      L.tileLayer(labels.tileUrl, { attribution: labels.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    var bounds = parseBounds(labels.bounds);
    if (bounds) {
      map.fitBounds(bounds, { padding: [16, 16] });
    } else {
      map.setView([36.2, 138.25], 5);  // Japan
    }

    fetch(labels.geojsonUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var layers = {};
        var count = 0;
        numberFeatures(data);
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            count += 1;
            return L.marker(latlng, { alt: labels.labelFeature + " " + count, keyboard: true });
          },
          onEachFeature: function (feature, featureLayer) {
            layers[feature._kenchoIndex] = featureLayer;
            featureLayer.bindPopup(popupContent(feature.properties, labels.labelFeature));
          }
        }).addTo(map);
        if (!bounds && layer.getBounds().isValid()) {
          map.fitBounds(layer.getBounds(), { padding: [16, 16] });
        }
        addShowButtons(map, container, layers);
      })
      .catch(function () {
        var message = document.createElement("p");
        message.className = "notice notice--error";
        message.textContent = labels.labelFailed;
        container.insertAdjacentElement("afterend", message);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.L || !window.fetch) { return; }
    document.querySelectorAll("[data-geojson-url]").forEach(draw);
  });
})();
