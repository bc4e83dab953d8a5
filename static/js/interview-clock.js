// The interview clock on the mid checklist: minutes elapsed since the interview's start
// against its planned length, from the page's own data attributes, so it runs the same
// from the copy kept on the phone without a connection. For the item the user set to be
// suggested by the clock ("The interview is running its planned length"), it offers an
// answer; only a tap by the user gives it, as any other answer.
(function () {
  "use strict";
  var clock = document.getElementById("interview-clock");
  if (!clock) return;
  var start = Date.parse(clock.dataset.startsAt);
  var planned = Number(clock.dataset.minutes);
  if (isNaN(start) || !(planned > 0)) return;
  // The share of the planned length after which the interview counts as having run it.
  var RAN_ITS_LENGTH = 0.9;

  function plural(n) { return n === 1 ? "1 min" : n + " min"; }

  function suggest(elapsed) {
    document.querySelectorAll("[data-clock-suggest]").forEach(function (box) {
      var id = box.dataset.clockSuggest;
      var text = box.querySelector(".clock-suggestion-text");
      var button = box.querySelector("button");
      if (elapsed < 1) { box.hidden = true; return; }
      var value;
      if (elapsed >= RAN_ITS_LENGTH * planned) {
        value = "yes";
        text.textContent = "The clock says " + elapsed + " of " + planned + " min: it ran its planned length.";
        button.textContent = "Yes, it did";
      } else {
        value = "no";
        text.textContent = "The clock says " + elapsed + " of " + planned + " min. If they are wrapping up now, it is ending early.";
        button.textContent = "They are wrapping up: no";
      }
      button.dataset.value = value;
      button.setAttribute("aria-controls", "a-" + id + "-" + value);
      box.hidden = false;
    });
  }

  function tick() {
    var elapsed = Math.floor((Date.now() - start) / 60000);
    var state, words;
    if (elapsed < 0) {
      state = "before";
      words = "Starts in " + plural(-elapsed) + " · " + planned + " min planned";
    } else if (elapsed <= planned) {
      state = "running";
      words = elapsed + " of " + planned + " min";
    } else {
      state = "over";
      words = elapsed + " of " + planned + " min · " + plural(elapsed - planned) + " over";
    }
    clock.textContent = "Interview clock: " + words;
    clock.dataset.state = state;
    clock.dataset.elapsed = String(elapsed);
    suggest(elapsed);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-clock-suggest] button");
    if (!button || !button.dataset.value) return;
    var id = button.closest("[data-clock-suggest]").dataset.clockSuggest;
    var label = document.querySelector('label[for="a-' + id + "-" + button.dataset.value + '"]');
    if (label) label.click(); // the user's own tap: checklist.js saves it like any other
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") tick();
  });
  tick();
  setInterval(tick, 15000);
})();
