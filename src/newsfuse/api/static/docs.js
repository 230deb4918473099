// "Try it" forms on /docs: call a GET endpoint and show the JSON answer.
(function () {
  "use strict";
  document.querySelectorAll("form.try").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var path = form.dataset.path, query = new URLSearchParams();
      form.querySelectorAll("[name]").forEach(function (field) {
        if (!field.value) return;
        if (field.dataset.in === "path") path = path.replace("{" + field.name + "}", encodeURIComponent(field.value));
        else if (field.dataset.in === "query") query.append(field.name, field.value);
      });
      var out = form.querySelector("pre.out");
      out.hidden = false;
      out.textContent = "GET " + path + (query.toString() ? "?" + query : "") + " …";
      fetch(path + (query.toString() ? "?" + query : ""), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.text().then(function (t) { return [r.status, t]; }); })
        .then(function (res) {
          var text = res[1];
          try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
          out.textContent = res[0] + "\n" + text;
        })
        .catch(function (e) { out.textContent = "request failed: " + e; });
    });
  });
})();
