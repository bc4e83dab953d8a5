// The fit checklist: each tap saves itself and brings back the new verdict.
// Answers wait in localStorage until the server has them, so a dead zone in an
// office building loses nothing: they are sent again on reload or when back online.
(function () {
  "use strict";
  var form = document.getElementById("checklist");
  if (!form || !window.fetch) return;
  var url = window.location.pathname;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var storeKey = "walkout-pending:" + url;
  var pending = load();

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function persist() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }
  function fieldset(id) { return document.getElementById("q-" + id); }

  function setState(id, state, text) {
    var box = fieldset(id);
    if (!box) return;
    var el = box.querySelector(".save-state");
    el.dataset.state = state;
    el.querySelector(".save-text").textContent = text;
    el.querySelector(".retry").hidden = state !== "failed";
  }

  function updateVerdict(verdict, progress) {
    var banner = document.getElementById("verdict");
    banner.dataset.verdict = verdict.state;
    banner.className = "verdict verdict-" + verdict.state;
    document.getElementById("verdict-label").textContent = verdict.label;
    var score = verdict.score === null ? "" : "Fit score " + verdict.score + "% · ";
    document.getElementById("verdict-score").textContent =
      score + verdict.answered + (verdict.answered === 1 ? " question" : " questions") + " answered";
    document.querySelectorAll("[data-verdict-reasons]").forEach(function (list) {
      list.textContent = "";
      verdict.reasons.forEach(function (r) { addReason(list, r, "reason-dealbreaker"); });
      verdict.concerns.forEach(function (r) { addReason(list, r, "reason-concern"); });
    });
    var exit = document.getElementById("exit-link");
    if (exit) exit.hidden = verdict.state !== "dead_end";
    Object.keys(progress).forEach(function (phase) {
      var count = document.getElementById("progress-" + phase);
      if (count) count.textContent = progress[phase][0] + "/" + progress[phase][1];
    });
  }
  function addReason(list, reason, cls) {
    var li = document.createElement("li");
    li.className = cls;
    li.textContent = reason.question + " — " + reason.because;
    list.appendChild(li);
  }

  function queue(id) {
    var box = fieldset(id);
    var checked = box.querySelector("input[type=radio]:checked");
    if (!checked) {
      setState(id, "error", "Pick yes, no or unsure to save this note.");
      return;
    }
    pending[id] = {
      answer: checked.value,
      note: box.querySelector("input[type=text]").value,
      answered_at: new Date().toISOString()
    };
    persist();
    send(id);
  }

  function send(id) {
    var entry = pending[id];
    if (!entry) return;
    var body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", csrf);
    body.set("answer_" + id, entry.answer);
    body.set("note_" + id, entry.note);
    body.set("answered_at", entry.answered_at);
    setState(id, "saving", "Saving…");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      if (response.redirected) throw new Error("login");
      if (response.status === 400) {
        return response.json().then(function (data) {
          forget(id, entry);
          setState(id, "error", data.errors.join(" "));
        });
      }
      if (!response.ok) throw new Error(String(response.status));
      return response.json().then(function (data) {
        forget(id, entry);
        var stale = data.stale.indexOf(Number(id)) !== -1;
        setState(id, "saved", stale ? "Another device answered later; reload to see it." : "Saved");
        updateVerdict(data.verdict, data.progress);
      });
    }).catch(function (error) {
      setState(id, "failed", error.message === "login" ? "Not saved — log in again, then retry" : "Not saved — retry");
    });
  }
  function forget(id, entry) {
    if (pending[id] === entry || (pending[id] && pending[id].answered_at === entry.answered_at)) {
      delete pending[id];
      persist();
    }
  }

  form.addEventListener("change", function (event) {
    var box = event.target.closest("fieldset.question");
    if (box) queue(box.dataset.id);
  });
  form.addEventListener("click", function (event) {
    if (!event.target.classList.contains("retry")) return;
    send(event.target.closest("fieldset.question").dataset.id);
  });
  // With JavaScript every tap is already saved; the button only retries what is not.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var ids = Object.keys(pending);
    ids.forEach(send);
    if (!ids.length) {
      form.querySelectorAll("fieldset.question").forEach(function (box) {
        if (box.querySelector("input[type=radio]:checked")) setState(box.dataset.id, "saved", "Saved");
      });
    }
  });
  window.addEventListener("online", function () { Object.keys(pending).forEach(send); });

  // Answers left from a visit that lost its connection: show them, then send them.
  Object.keys(pending).forEach(function (id) {
    var box = fieldset(id);
    if (!box) { delete pending[id]; return; }
    var radio = box.querySelector("input[type=radio][value=\"" + pending[id].answer + "\"]");
    if (radio) radio.checked = true;
    box.querySelector("input[type=text]").value = pending[id].note;
    send(id);
  });
  persist();
})();
