// The exit script before the interview's start: the buttons that record what happened
// wait, hidden, and a sentence says when they can be used (the decision form refuses a
// time before the start). A copy of the page kept on the phone may be opened after the
// start, with no connection or a slow one: from the start on, by the device's clock, the
// buttons are shown and the sentence goes, so that copy never leaves the user without them.
(function () {
  "use strict";
  var waiting = document.getElementById("record-waits");
  var actions = document.getElementById("record-actions");
  if (!waiting || !actions) return;
  var start = Date.parse(waiting.dataset.startsAt);
  if (isNaN(start)) return;
  var timer = null;

  function check() {
    clearTimeout(timer);
    var left = start - Date.now();
    if (left <= 0) {
      actions.hidden = false;
      waiting.hidden = true;
      return;
    }
    // Checked at least each minute: a phone may sleep through one long timer.
    timer = setTimeout(check, Math.min(left, 60000));
  }

  check();
  // A page shown again from the back/forward cache, or a tab brought back, checks at once.
  window.addEventListener("pageshow", check);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) check();
  });
})();
