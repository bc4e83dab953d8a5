// The fit checklist: each tap is queued on the device (js/offline.js, IndexedDB) and sent
// at once when there is a connection; the server's verdict comes back with it. Without a
// connection the answers wait, shown as not saved yet, and the verdict is worked out here
// from the data the page carries (the same rules as interviews/verdict.py).
(function () {
  "use strict";
  // Python's round(): halves go to the even neighbour, so both sides agree on the score.
  function roundHalfEven(x) {
    var floor = Math.floor(x), rest = x - floor;
    if (Math.abs(rest - 0.5) > 1e-9) return Math.round(x);
    return floor % 2 === 0 ? floor : floor + 1;
  }

  // verdict.evaluate, on the device, from the page's data (checklist.device_data: the active
  // items, each rule already decided) and the answers known here ("phase:id" -> value):
  // mid answers win over pre answers; a "no" to a dealbreaker is a dead end; "unsure" never
  // is; an item's rule decides only unanswered.
  var VALUES = { yes: 1, unsure: 0.5, no: 0 };
  function evaluate(data, known) {
    var reasons = [], concerns = [], earned = 0, possible = 0, answered = 0;
    data.items.forEach(function (item) {
      var answer = known["mid:" + item.id] || known["pre:" + item.id] || null;
      if (answer) answered += 1;
      var outcome = answer || item.ruled;
      if (!outcome) return;
      earned += VALUES[outcome] * item.weight;
      possible += item.weight;
      if (outcome === "no") {
        var reason = { question: item.question, because: answer === "no" ? "You answered no." : item.because };
        (item.severity === "dealbreaker" ? reasons : concerns).push(reason);
      }
    });
    var score = possible ? roundHalfEven(100 * earned / possible) : null;
    var state = reasons.length ? "dead_end"
      : !answered && !concerns.length ? "unknown"
      : concerns.length || (score !== null && score < data.threshold) ? "concerns" : "good";
    return { state: state, label: data.labels[state], score: score, reasons: reasons, concerns: concerns, answered: answered };
  }
  // Global, so that the table of verdict cases runs through this very function beside
  // verdict.evaluate (tests/test_browser_checklist.py).
  window.walkoutVerdict = evaluate;

  var form = document.getElementById("checklist");
  var queue = window.walkoutQueue;
  var source = document.getElementById("checklist-data");
  if (!form || !queue || !source || !window.fetch) return; // a plain form post, as without JS
  var url = window.location.pathname;
  var phase = form.dataset.phase;
  var data = JSON.parse(source.textContent);
  // Answers as this device knows them: "phase:id" -> yes / no / unsure.
  var known = {}, knownAt = {};
  data.answers.forEach(function (a) {
    known[a.phase + ":" + a.id] = a.value;
    knownAt[a.phase + ":" + a.id] = Date.parse(a.at);
  });

  function fieldset(id) { return document.getElementById("q-" + id); }

  function setState(id, state, text) {
    var box = fieldset(id);
    if (!box) return;
    var el = box.querySelector(".save-state");
    el.dataset.state = state;
    el.querySelector(".save-text").textContent = text;
  }

  function localVerdict() { return evaluate(data, known); }

  function localProgress() {
    var boxes = form.querySelectorAll("fieldset.question");
    var done = 0;
    boxes.forEach(function (box) { if (known[phase + ":" + box.dataset.id]) done += 1; });
    var result = {};
    result[phase] = [done, boxes.length];
    return result;
  }

  function updateVerdict(verdict, progress) {
    var banner = document.getElementById("verdict");
    banner.dataset.verdict = verdict.state;
    banner.className = "verdict verdict-" + verdict.state;
    document.getElementById("verdict-label").textContent = verdict.label;
    // As includes/verdict.html writes it: "Fit score 70% · 3 questions answered", the
    // words in .verdict-long left out where the line must be short.
    var line = document.getElementById("verdict-score");
    line.textContent = "";
    // No score before the first answer: a percentage of nothing reads like a verdict.
    if (verdict.score !== null && verdict.answered) {
      line.append("Fit", longWords(" score"), " " + verdict.score + "% · ");
    }
    line.append(String(verdict.answered), longWords(verdict.answered === 1 ? " question" : " questions"), " answered");
    // As includes/verdict_reasons.html: the dead end's reasons (the dealbreakers alone),
    // then the concerns under their own heading; each hidden when it has none.
    document.querySelectorAll("[data-verdict-reasons]").forEach(function (list) {
      showReasons(list, list, verdict.reasons, "reason-dealbreaker");
    });
    document.querySelectorAll("[data-verdict-concerns]").forEach(function (block) {
      showReasons(block, block.querySelector("ul"), verdict.concerns, "reason-concern");
    });
    var exit = document.getElementById("exit-link");
    if (exit) {
      exit.hidden = verdict.state !== "dead_end";
      // The device has found the dead end itself: the script, not the "are you sure?" page
      // (which is all an offline copy of a script kept before the dead end would show).
      if (!exit.hidden) exit.href = exit.pathname + "?confirmed=1";
    }
    var quiet = document.getElementById("exit-quiet");
    if (quiet) quiet.hidden = verdict.state === "dead_end";
    Object.keys(progress).forEach(function (p) {
      var count = document.getElementById("progress-" + p);
      if (count) count.textContent = progress[p][0] + "/" + progress[p][1];
    });
  }
  function longWords(text) {
    var span = document.createElement("span");
    span.className = "verdict-long";
    span.textContent = text;
    return span;
  }
  function showReasons(box, list, reasons, cls) {
    list.textContent = "";
    reasons.forEach(function (reason) {
      var li = document.createElement("li");
      li.className = cls;
      li.textContent = reason.question + " — " + reason.because;
      list.appendChild(li);
    });
    box.hidden = !reasons.length;
  }

  function waitingText(status) {
    return status === "login" ? "Not saved yet — log in again to send it" : "Not saved yet — will be sent";
  }

  function answer(id) {
    var box = fieldset(id);
    var checked = box.querySelector("input[type=radio]:checked");
    if (!checked) {
      setState(id, "error", "Pick yes, no or unsure to save this note.");
      return;
    }
    known[phase + ":" + id] = checked.value;
    setState(id, "saving", "Saving…");
    // Online, the server's verdict comes back in a moment (and then every other page
    // agrees with it); offline, the phone works it out now.
    if (!navigator.onLine) updateVerdict(localVerdict(), localProgress());
    queue.add({ url: url, id: id, answer: checked.value, note: box.querySelector("input[type=text]").value })
      .then(function () {
        // On the device now (the transaction is committed): safe to close the tab.
        setState(id, "pending", waitingText());
        return queue.sync();
      }, function () {
        setState(id, "error", "Not saved: this browser refused to keep it. Tap it again.");
      });
  }

  document.addEventListener("walkout:sent", function (event) {
    var entry = event.detail.entry, result = event.detail.result;
    if (entry.url !== url) return;
    var stale = result.stale.indexOf(Number(entry.id)) !== -1;
    setState(entry.id, stale ? "stale" : "saved",
      stale ? "Another device answered later; its answer stands." : "Saved");
    if (stale) delete known[phase + ":" + entry.id]; // another device's answer stands
    queue.pending(url).then(function (left) {
      // The server's verdict, once it has everything this page sent.
      if (!left.length) updateVerdict(result.verdict, result.progress);
    });
  });
  document.addEventListener("walkout:rejected", function (event) {
    if (event.detail.entry.url !== url) return;
    setState(event.detail.entry.id, "error", event.detail.errors.join(" ") || "Not saved.");
  });
  document.addEventListener("walkout:queue", function (event) {
    queue.pending(url).then(function (left) {
      left.forEach(function (entry) { setState(entry.id, "pending", waitingText(event.detail.status)); });
      // Some could not be sent: the verdict with them, from the phone.
      if (left.length) updateVerdict(localVerdict(), localProgress());
    });
  });

  form.addEventListener("change", function (event) {
    var box = event.target.closest("fieldset.question");
    if (box) answer(box.dataset.id);
  });
  // With JavaScript every tap saves itself (and what waits is sent by itself, see
  // js/offline.js): the form's button is for the plain form post only. Enter in a note
  // still submits: that sends what waits.
  var saveAll = document.getElementById("save-all");
  if (saveAll) saveAll.hidden = true;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    queue.sync();
  });

  function show(entry, state, text) {
    var box = fieldset(entry.id);
    if (!box) return false;
    var radio = box.querySelector("input[type=radio][value=\"" + entry.answer + "\"]");
    if (radio) radio.checked = true;
    box.querySelector("input[type=text]").value = entry.note;
    known[phase + ":" + entry.id] = entry.answer;
    setState(entry.id, state, text);
    return true;
  }

  // This page may be older than what the device knows: a copy kept for offline use, or
  // rendered while an answer was on its way. Show answers sent since (newer than the
  // page's), and those still waiting; work out the verdict with them, then send them.
  Promise.all([queue.sent(url), queue.pending(url)]).then(function (lists) {
    var changed = false;
    lists[0].forEach(function (entry) {
      var at = knownAt[phase + ":" + entry.id];
      if (!(at >= Date.parse(entry.answered_at))) changed = show(entry, "saved", "Saved") || changed;
    });
    lists[1].forEach(function (entry) { changed = show(entry, "pending", waitingText()) || changed; });
    if (changed) updateVerdict(localVerdict(), localProgress());
    queue.sync();
  });
})();
