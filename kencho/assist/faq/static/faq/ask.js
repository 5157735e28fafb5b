// The full FAQ page, enhanced: "did this solve it?" is sent in place and the answer stays on screen.
// Progressive enhancement only: without this file the small form posts and the page comes back
// with a thank-you message (and, after "no", the link to the contact form).
(function () {
  "use strict";

  function showOutcome(form, status, outcome) {
    status.textContent = "";
    var text = document.createElement("p");
    text.textContent = outcome.message;
    status.appendChild(text);
    if (outcome.contact_url) {
      var link = document.createElement("a");
      link.className = "button";
      link.href = outcome.contact_url;
      link.textContent = form.getAttribute("data-text-contact") || "Contact";
      var p = document.createElement("p");
      p.appendChild(link);
      status.appendChild(p);
    }
    form.hidden = true;
    status.setAttribute("tabindex", "-1");
    status.focus();
  }

  function enhance(form) {
    var status = form.parentNode.querySelector("[data-faq-feedback-status]");
    if (!status || !window.fetch || !window.FormData) { return; }
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.name) { return; } // let the browser post the form as it is
      event.preventDefault();
      var data = new FormData(form);
      data.set(button.name, button.value);
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (outcome) { return { ok: response.ok, outcome: outcome }; });
      }).then(function (answer) {
        if (!answer.ok) { throw new Error(answer.outcome.message || "failed"); }
        showOutcome(form, status, answer.outcome);
      }).catch(function () {
        // Fall back to the ordinary post, which shows the server's message on the page.
        form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = button.name;
        hidden.value = button.value;
        form.appendChild(hidden);
        form.submit();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-faq-feedback]").forEach(enhance);
  });
})();
