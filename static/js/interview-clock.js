// The interview clock on the mid checklist: minutes elapsed since the interview's start
// against its planned length, from the page's own data attributes, so it runs the same
// from the copy kept on the phone without a connection. For the item the user set to be
// suggested by the clock ("The interview is running its planned length"), it offers an
// answer; only a tap by the user gives it, as any other answer. Once the interview is over
// (a decision recorded), the page says so instead (data-state="ended") and nothing runs.
(function () {
  "use strict";
  var clock = document.getElementById("interview-clock");
  if (!clock || clock.dataset.state === "ended") return;
  var start = Date.parse(clock.dataset.startsAt);
  var planned = Number(clock.dataset.minutes);
  if (isNaN(start) || !(planned > 0)) return;
  // The share of the planned length after which the interview counts as having run it.
  var RAN_ITS_LENGTH = 0.9;

  var HOUR = 60, DAY = 24 * HOUR, WEEK = 7 * DAY;

  // A length as interviews/timing.py says it: "45 min", "2 h", "2 h 47 min".
  function span(n) {
    var hours = Math.floor(n / HOUR), rest = n % HOUR;
    if (!hours) return rest + " min";
    return rest ? hours + " h " + rest + " min" : hours + " h";
  }

  // How far off the start is: minutes under an hour, hours and minutes under a day, then
  // days, and past a week the day itself (written by the server, in the user's zone).
  function startsIn(n) {
    if (n < DAY) return "in " + span(n);
    if (n < 2 * DAY) {
      var hours = Math.floor((n - DAY) / HOUR);
      return "in 1 day" + (hours ? " " + hours + " h" : "");
    }
    if (n < WEEK) return "in " + Math.round(n / DAY) + " days";
    return "on " + clock.dataset.startsOn;
  }

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
      words = "starts " + startsIn(-elapsed) + " · " + (clock.dataset.length || span(planned)) + " planned";
    } else if (elapsed <= planned) {
      state = "running";
      words = elapsed + " of " + planned + " min";
    } else {
      state = "over";
      words = elapsed + " of " + planned + " min · " + span(elapsed - planned) + " over";
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
