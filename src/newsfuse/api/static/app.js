// newsfuse web UI: light progressive enhancement. Every page works without this file.
(function () {
  "use strict";

  // Clicking a citation flashes the cited row of the sources table.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.cite");
    if (!a) return;
    var row = document.getElementById("src-" + a.dataset.src);
    if (!row) return;
    row.classList.add("flash");
    setTimeout(function () { row.classList.remove("flash"); }, 1400);
  });

  // "/" focuses the search box, like many sites do.
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (ev.key !== "/" || tag === "input" || tag === "textarea" || tag === "select") return;
    var box = document.querySelector("form.search input");
    if (box) { ev.preventDefault(); box.focus(); }
  });

  // Filter boxes: <input class="filter" data-filter="#list > li"> hides non-matching items.
  document.querySelectorAll("input.filter[data-filter]").forEach(function (input) {
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      document.querySelectorAll(input.dataset.filter).forEach(function (item) {
        var text = item.textContent.toLowerCase();
        item.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });

  // Sortable tables: click a header to sort by that column (numbers by data-sort when given).
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.title = "Sort";
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var dir = th.dataset.dir === "asc" ? -1 : 1;
        th.dataset.dir = dir === 1 ? "asc" : "desc";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var nx = parseFloat(x.dataset.sort), ny = parseFloat(y.dataset.sort);
          if (!isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
          return x.textContent.trim().localeCompare(y.textContent.trim()) * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
