// The dealbreaker form: a rule's fields show only while that rule is chosen. Without
// JavaScript every field shows, each saying which rule it is for.
(function () {
  "use strict";
  var select = document.querySelector("[data-rule-select]");
  if (!select) return;
  var groups = [];
  document.querySelectorAll("[data-rule-field]").forEach(function (input) {
    var group = input.closest("[id^='div_id_']");
    if (group && groups.indexOf(group) === -1) {
      group.dataset.forRule = input.dataset.ruleField;
      groups.push(group);
    }
  });
  function update() {
    groups.forEach(function (group) { group.hidden = group.dataset.forRule !== select.value; });
  }
  select.addEventListener("change", update);
  update();
})();
