// Resource upload with a progress bar. Progressive enhancement only: without this script the form
// is an ordinary multipart post, and the server checks the size and answers the same pages.
//
// With it: the file's size is checked before anything is sent (data-max-bytes), the form is sent
// with XMLHttpRequest so that upload progress can fill the <progress> element and a status line
// (role=status) says the percentage, and the page the server answers with (the saved resource, or
// the form with its errors) replaces <main>, as a normal post would have shown it.
(function () {
  "use strict";

  function format(template, percent) {
    return (template || "").replace("{percent}", String(percent));
  }

  function fieldOf(input) {
    var node = input;
    while (node && !(node.classList && node.classList.contains("field"))) { node = node.parentNode; }
    return node;
  }

  function showFieldError(input, message) {
    var field = fieldOf(input);
    var errorId = input.id + "_error";
    var error = document.getElementById(errorId);
    if (!error) {
      error = document.createElement("p");
      error.className = "field__error";
      error.id = errorId;
      input.parentNode.insertBefore(error, input);
    }
    error.textContent = message;
    if (field) { field.classList.add("field--error"); }
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(errorId) < 0) {
      described.push(errorId);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    input.focus();
  }

  function replaceMain(doc, url) {
    var incoming = doc && doc.querySelector("main");
    var current = document.querySelector("main");
    if (!incoming || !current) {
      window.location.assign(url || window.location.href);
      return;
    }
    current.replaceWith(document.adoptNode(incoming));
    if (doc.title) { document.title = doc.title; }
    if (url && url !== window.location.href) { window.history.replaceState(null, "", url); }
    window.scrollTo(0, 0);
    var summary = incoming.querySelector("[data-error-summary]");
    (summary || incoming).focus();
    incoming.querySelectorAll("form[data-upload-form]").forEach(enhance);
  }

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var progress = form.querySelector("[data-upload-progress]");
    var bar = progress && progress.querySelector("progress");
    var status = form.querySelector("[data-upload-status]");
    var maxBytes = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    if (!input || !bar || !status || !window.FormData) { return; }

    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file) { return; } // nothing to upload: the plain post is quick
      event.preventDefault();
      if (maxBytes && file.size > maxBytes) {
        showFieldError(input, form.getAttribute("data-text-too-large"));
        return;
      }
      var buttons = form.querySelectorAll("button[type=submit]");
      var announced = -1;
      function setPercent(percent) {
        bar.value = percent;
        bar.textContent = percent + "%";
        // Say every tenth so that a screen reader is not flooded.
        var step = Math.floor(percent / 10) * 10;
        if (step !== announced && percent < 100) {
          announced = step;
          status.textContent = format(form.getAttribute("data-text-progress"), step);
        }
      }
      function fail() {
        progress.hidden = true;
        status.textContent = form.getAttribute("data-text-failed");
        buttons.forEach(function (b) { b.disabled = false; });
      }

      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.responseType = "document";
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { setPercent(Math.floor((e.loaded / e.total) * 100)); }
      });
      request.upload.addEventListener("load", function () {
        bar.value = 100;
        bar.textContent = "100%";
        status.textContent = form.getAttribute("data-text-done");
      });
      request.addEventListener("load", function () {
        if (request.status >= 500 || !request.response) { fail(); return; }
        replaceMain(request.response, request.responseURL);
      });
      request.addEventListener("error", fail);
      request.addEventListener("abort", fail);

      progress.hidden = false;
      setPercent(0);
      buttons.forEach(function (b) { b.disabled = true; });
      request.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-upload-form]").forEach(enhance);
  });
})();
