// The template editor: drag on the scan to draw a box; its coordinates go into a new row of the
// boxes table, where the question and kind are chosen. Without this script the table alone works.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.querySelector("[data-box-canvas]");
    var rows = document.querySelector("[data-box-rows]");
    var empty = document.querySelector("[data-empty-row]");
    var total = document.querySelector("input[name=boxes-TOTAL_FORMS]");
    if (!svg || !rows || !empty || !total) { return; }
    var start = null;
    var drawing = null;

    function point(event) {
      var p = svg.createSVGPoint();
      p.x = event.clientX; p.y = event.clientY;
      var local = p.matrixTransform(svg.getScreenCTM().inverse());
      return {x: Math.max(0, Math.round(local.x)), y: Math.max(0, Math.round(local.y))};
    }

    function freeRow() {
      var candidates = rows.querySelectorAll("[data-box-row]");
      for (var i = 0; i < candidates.length; i++) {
        var x = candidates[i].querySelector("input[name$='-x']");
        if (x && x.value === "") { return candidates[i]; }
      }
      var index = parseInt(total.value, 10);
      var html = empty.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      return rows.lastElementChild;
    }

    svg.addEventListener("pointerdown", function (event) {
      start = point(event);
      drawing = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      drawing.setAttribute("class", "ocr-box--drawing");
      svg.appendChild(drawing);
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!start) { return; }
      var p = point(event);
      drawing.setAttribute("x", Math.min(p.x, start.x));
      drawing.setAttribute("y", Math.min(p.y, start.y));
      drawing.setAttribute("width", Math.abs(p.x - start.x));
      drawing.setAttribute("height", Math.abs(p.y - start.y));
    });
    svg.addEventListener("pointerup", function (event) {
      if (!start) { return; }
      var p = point(event);
      var box = {x: Math.min(p.x, start.x), y: Math.min(p.y, start.y),
                 width: Math.abs(p.x - start.x), height: Math.abs(p.y - start.y)};
      start = null;
      if (box.width < 10 || box.height < 10) { drawing.remove(); return; }
      drawing.setAttribute("class", "ocr-box");
      var row = freeRow();
      ["x", "y", "width", "height"].forEach(function (name) {
        row.querySelector("input[name$='-" + name + "']").value = String(box[name]);
      });
      var key = row.querySelector("select[name$='-key']");
      if (key) { key.focus(); }
    });
  });
})();
