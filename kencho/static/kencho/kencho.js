// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Put focus on the error summary so screen-reader users hear it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
    // Disable a submit button after the first click: the server's one-time token is what prevents a
    // second application, this only spares the user a confusing wait.
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) {
          b.setAttribute("aria-disabled", "true");
        });
      });
    });
  });
})();
