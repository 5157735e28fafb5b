// The batch page's progress bar, kept up to date by polling the batch's progress.json. Without this
// script the page still works: it shows the state when it was loaded and a link to reload it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-batch-progress]");
    if (!panel || panel.getAttribute("data-finished") === "true") { return; }
    var bar = panel.querySelector("progress");
    var text = panel.querySelector("[data-progress-text]");
    var refresh = panel.querySelector("[data-refresh-link]");
    if (refresh) { refresh.hidden = true; }
    var url = panel.getAttribute("data-progress-url");
    var lastSpoken = -1;

    function show(state) {
      bar.max = state.total || 1;
      bar.value = state.processed;
      bar.textContent = state.percent + "%";
      // Announce at most every 10 percent, so that a screen reader is not flooded.
      var step = Math.floor(state.percent / 10);
      if (step !== lastSpoken || state.finished) {
        lastSpoken = step;
        text.textContent = text.getAttribute("data-template")
          .replace("{status}", state.status_label).replace("{processed}", state.processed)
          .replace("{total}", state.total).replace("{review}", state.review)
          .replace("{unreadable}", state.unreadable).replace("{accepted}", state.accepted);
      }
    }

    function poll() {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (state) {
          show(state);
          if (state.finished) {
            // Reload once, to list the pages with their status and reasons.
            window.location.reload();
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () {
          if (refresh) { refresh.hidden = false; }
          window.setTimeout(poll, 5000);
        });
    }
    window.setTimeout(poll, 500);
  });
})();
