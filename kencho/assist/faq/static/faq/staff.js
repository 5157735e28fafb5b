// Staff FAQ page: while the entries' embeddings are computed in the background (after an import or
// an edit), ask the server every few seconds how far it has come and move the progress bar.
// Without this file the page shows the figures of when it was loaded.
(function () {
  "use strict";

  function format(template, done, total) {
    return (template || "").replace("{done}", String(done)).replace("{total}", String(total));
  }

  function watch(box) {
    var url = box.getAttribute("data-faq-progress");
    var bar = box.querySelector("progress");
    var label = box.querySelector("#progress-label");
    if (!url || !bar || !label || !window.fetch) { return; }
    var lastTenth = -1;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { return; }
          bar.max = Math.max(state.total, 1);
          bar.value = state.done;
          bar.textContent = state.done + " / " + state.total;
          if (state.complete) {
            label.textContent = box.getAttribute("data-text-done");
            label.setAttribute("role", "status");
            bar.hidden = true;
            return;
          }
          // The label changes at most every tenth, so that a screen reader is not flooded.
          var tenth = Math.floor((10 * state.done) / Math.max(state.total, 1));
          if (tenth !== lastTenth) {
            lastTenth = tenth;
            label.textContent = format(box.getAttribute("data-text-progress"), state.done, state.total);
          }
          window.setTimeout(poll, 3000);
        })
        .catch(function () { /* keep the figures of the page */ });
    }
    window.setTimeout(poll, 2000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-faq-progress]").forEach(watch);
  });
})();
