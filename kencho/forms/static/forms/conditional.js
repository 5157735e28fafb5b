// Progressive enhancement for form pages; every page works without this file.
// - Fields with data-visible-when are hidden while their condition is not met (the server ignores
//   answers to hidden fields, so hiding them only spares people questions that do not apply).
// - An address's postal code fills in the address from the URL in data-postal-lookup-url.
(function () {
  "use strict";

  function controls(name) {
    return document.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
  }

  function currentValues(name) {
    var values = [];
    controls(name).forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { values.push(input.type === "checkbox" && input.value === "on" ? true : input.value); }
      } else if (input.value.trim() !== "") {
        values.push(input.value.trim());
      }
    });
    return values;
  }

  function isMet(condition) {
    var values = currentValues(condition.field);
    if (condition.not_empty) { return values.length > 0; }
    var wanted = "equals" in condition ? [condition.equals] : condition["in"];
    return values.some(function (value) {
      return wanted.some(function (w) { return String(w) === String(value); });
    });
  }

  function updateConditions() {
    document.querySelectorAll("[data-visible-when]").forEach(function (wrapper) {
      var condition;
      try { condition = JSON.parse(wrapper.getAttribute("data-visible-when")); } catch (e) { return; }
      var shown = isMet(condition);
      wrapper.hidden = !shown;
      wrapper.querySelectorAll("[data-condition-hint]").forEach(function (hint) { hint.hidden = true; });
    });
  }

  function lookUp(input) {
    var digits = input.value.replace(/[０-９]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[^0-9]/g, "");
    if (digits.length !== 7) { return; }
    var url = input.getAttribute("data-postal-lookup-url").replace("{code}", digits);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (found) {
        if (!found || !found.full) { return; }
        var fill = document.getElementById(input.getAttribute("data-postal-fill") || "");
        if (fill && fill.value.trim() === "") { fill.value = found.full; }
        var output = document.getElementById(input.getAttribute("data-postal-output") || "");
        if (output) { output.textContent = found.full; }
      })
      .catch(function () { /* the address can still be typed by hand */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    updateConditions();
    document.addEventListener("change", updateConditions);
    document.addEventListener("input", updateConditions);
    document.querySelectorAll("[data-postal-lookup-url]").forEach(function (input) {
      input.addEventListener("change", function () { lookUp(input); });
    });
  });
})();
