// The review page: the box of the focused field is highlighted on the scan. Everything else (Tab to
// the next field, Enter to accept) is plain HTML and works without this script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".ocr-fields input[type=text]").forEach(function (input) {
      var rect = document.querySelector('[data-box-for="' + input.id + '"]');
      if (!rect) { return; }
      input.addEventListener("focus", function () { rect.classList.add("ocr-box--focused"); });
      input.addEventListener("blur", function () { rect.classList.remove("ocr-box--focused"); });
    });
  });
})();
