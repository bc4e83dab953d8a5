// The application list's bulk actions: "select all on this page", a count of the
// selected rows, and only the field the chosen action needs. Without JavaScript every
// field shows and the server reads the one the action needs.
(function () {
  "use strict";
  var form = document.querySelector("[data-bulk]");
  if (!form) return;
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-select-row]"));
  var all = form.querySelector("[data-select-all]");
  var count = form.querySelector("[data-bulk-count]");
  var bar = form.querySelector("[data-bulk-bar]");
  var action = form.querySelector("[data-bulk-action]");
  var parts = Array.prototype.slice.call(form.querySelectorAll("[data-bulk-for]"));

  function selected() {
    return rows.filter(function (box) { return box.checked; }).length;
  }

  function update() {
    var n = selected();
    count.textContent = n ? n + " selected" : "None selected yet: tick the applications first.";
    bar.classList.toggle("is-active", n > 0);
    all.checked = n > 0 && n === rows.length;
    all.indeterminate = n > 0 && n < rows.length;
  }

  function showFields() {
    parts.forEach(function (part) {
      var wanted = part.getAttribute("data-bulk-for").split(" ").indexOf(action.value) !== -1;
      part.hidden = !wanted;
    });
  }

  form.querySelector("[data-select-all-label]").hidden = false;
  all.addEventListener("change", function () {
    rows.forEach(function (box) { box.checked = all.checked; });
    update();
  });
  rows.forEach(function (box) { box.addEventListener("change", update); });
  action.addEventListener("change", showFields);
  form.addEventListener("submit", function (event) {
    if (!selected()) {
      event.preventDefault();
      count.textContent = "";
      // Cleared then set, so screen readers say it again.
      window.setTimeout(function () {
        count.textContent = "Select at least one application first.";
      }, 50);
    }
  });
  showFields();
  update();
})();
