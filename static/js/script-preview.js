// Live preview of a script template, filled by the server exactly as the exit script is.
(function () {
  "use strict";
  var form = document.getElementById("script-form");
  if (!form || !window.fetch) return;
  var body = form.querySelector("[name=body]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var text = document.getElementById("preview-text");
  var unknownBox = document.getElementById("preview-unknown");
  var unknownNames = document.getElementById("preview-unknown-names");
  var timer = null;

  function refresh() {
    var data = new URLSearchParams();
    data.set("body", body.value);
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) { return response.json(); }).then(function (result) {
      if (result.error) { text.textContent = result.error; return; }
      text.textContent = result.text;
      unknownBox.hidden = result.unknown.length === 0;
      unknownNames.textContent = result.unknown.map(function (n) { return "{" + n + "}"; }).join(", ");
    }).catch(function () { /* the Preview button still works */ });
  }
  body.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  });
  document.getElementById("preview-button").hidden = true;
  refresh();
})();
