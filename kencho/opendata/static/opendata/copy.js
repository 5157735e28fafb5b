// A "copy" button for the credit line. Progressive enhancement only: without it the text sits in a
// read-only field that can be selected and copied by hand.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.clipboard) { return; }
    document.querySelectorAll("textarea[data-copy-label]").forEach(function (area) {
      var status = document.querySelector('[data-copy-status-for="' + area.id + '"]');
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary od-copy";
      button.textContent = area.getAttribute("data-copy-label");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(area.value).then(function () {
          if (status) { status.textContent = area.getAttribute("data-copied-message"); }
        });
      });
      area.insertAdjacentElement("afterend", button);
    });
  });
})();
