// Progressive enhancement: accept or ignore a finding without reloading the page. Without this file
// the same forms post and the page comes back at the same finding.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".proofread-findings");
    if (!list || !window.fetch) { return; }
    list.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches("form[data-decide]") || !event.submitter) { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.set(event.submitter.name, event.submitter.value);
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (answer) {
        answer.indices.forEach(function (index) { show(index, answer.decision); });
      }).catch(function () { form.submit(); });
    });

    function show(index, decision) {
      var item = list.querySelector('li[data-finding="' + index + '"]');
      var marks = document.querySelectorAll('mark[data-finding="' + index + '"]');
      [item].concat(Array.prototype.slice.call(marks)).forEach(function (element) {
        if (!element) { return; }
        element.classList.remove("is-accepted", "is-ignored");
        if (decision) { element.classList.add("is-" + decision); }
      });
      if (item) {
        var status = item.querySelector("[data-status]");
        status.textContent = list.getAttribute("data-label-" + (decision || "open"));
        status.setAttribute("role", "status");
      }
    }
  });
})();
