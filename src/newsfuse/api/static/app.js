// newsfuse web UI: light progressive enhancement. Every page works without this file.
(function () {
  "use strict";

  // "/" focuses the search box, like many sites do.
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (ev.key !== "/" || tag === "input" || tag === "textarea" || tag === "select") return;
    var box = document.querySelector("form.search input");
    if (box) { ev.preventDefault(); box.focus(); }
  });

  // Long quote and number tables of a story get a filter box (speaker, outlet, words).
  document.querySelectorAll("table.nf-quotes, table.nf-numbers").forEach(function (table) {
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    if (rows.length < 7) return;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "nf-filter";
    input.placeholder = "Filter these " + rows.length + " rows by any word…";
    input.setAttribute("aria-label", "Filter the table");
    var wrap = table.closest(".nf-table-wrap") || table;
    wrap.parentNode.insertBefore(input, wrap);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });
})();
