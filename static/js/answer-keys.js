// The checklist's answers by keyboard: arrow keys move between a question's yes / no /
// unsure without choosing one (a radio group would choose, and here save, every answer
// passed over); Space or Enter chooses the one in focus. Without JavaScript the browser's
// own radio keys work, and nothing is saved before the form is sent.
(function () {
  "use strict";
  var form = document.getElementById("checklist");
  if (!form) return;
  var STEP = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  form.addEventListener("keydown", function (event) {
    var radio = event.target;
    var group = radio.type === "radio" && radio.closest(".answer-buttons");
    if (!group || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter") {
      event.preventDefault(); // not a form post: a choice
      if (!radio.checked) radio.click();
      return;
    }
    if (!(event.key in STEP)) return;
    event.preventDefault();
    var radios = Array.prototype.slice.call(group.querySelectorAll("input[type=radio]"));
    var next = (radios.indexOf(radio) + STEP[event.key] + radios.length) % radios.length;
    radios[next].focus();
  });
})();
