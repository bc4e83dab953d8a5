// The exit script's variants (short / full; in person / video / phone; the article's or
// your own) switched on the page. The page carries every variant already filled in
// (views/decisions.every_variant), so a tap changes the words without a request, and a
// copy of the page kept on the phone shows the variant its address asks for: offline, the
// service worker may answer "?format=phone&length=short" with the copy kept for another
// variant. Without JavaScript the links load each variant from the server.
(function () {
  "use strict";
  var figure = document.getElementById("exit-script");
  var source = document.getElementById("script-variants");
  var text = document.getElementById("script-text");
  if (!figure || !source || !text) return;
  var data = JSON.parse(source.textContent);
  var FORMATS = ["in_person", "video", "phone"], LENGTHS = ["short", "full"];
  var rendered = {
    format: figure.dataset.format,
    length: figure.dataset.length,
    template: figure.dataset.template
  };

  // What the address asks for, with the server's defaults (views/decisions.chosen_script).
  function wanted(search) {
    var params = new URLSearchParams(search);
    var format = params.get("format") || data.default_format;
    var length = params.get("length");
    var template = params.get("template") || "";
    if (!(template in data.own) && template !== "article") template = data.default_template;
    return {
      format: FORMATS.indexOf(format) !== -1 ? format : "in_person",
      length: LENGTHS.indexOf(length) !== -1 ? length : "full",
      template: template,
      confirmed: params.get("confirmed") === "1"
    };
  }

  function query(state, change) {
    var next = Object.assign({}, state, change || {});
    var params = new URLSearchParams();
    if (next.confirmed) params.set("confirmed", "1");
    params.set("format", next.format);
    params.set("length", next.length);
    params.set("template", next.template);
    return "?" + params.toString();
  }

  function show(state) {
    text.textContent = state.template === "article"
      ? data.article[state.format + ":" + state.length]
      : data.own[state.template];
    figure.dataset.format = state.format;
    figure.dataset.length = state.length;
    figure.dataset.template = state.template;
    document.querySelectorAll(".script-variants a").forEach(function (link) {
      var d = link.dataset;
      var current = (d.format && d.format === state.format) ||
        (d.length && d.length === state.length) ||
        (d.template && d.template === state.template);
      if (current) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
      var change = {};
      if (d.format) change.format = d.format;
      if (d.length) change.length = d.length;
      if (d.template) change.template = d.template;
      link.setAttribute("href", query(state, change));
    });
    var note = document.getElementById("own-script-note");
    if (note) {
      note.hidden = state.template === "article";
      // Named as its link is: the note must not keep the first script's name.
      var own = document.querySelector('.script-variants a[data-template="' + state.template + '"]');
      if (own && !note.hidden) {
        note.textContent = "Your own script “" + own.textContent.trim() +
          "” is the same for every format and length.";
      }
    }
    // The warning about unknown placeholders is about the script the server showed.
    var unknown = document.getElementById("script-unknown");
    if (unknown) unknown.hidden = state.template !== rendered.template;
    var walked = document.getElementById("walked-out-link");
    if (walked) {
      var url = new URL(walked.href, location.href);
      url.searchParams.set("format", state.format);
      url.searchParams.set("length", state.length);
      url.searchParams.set("template", state.template);
      walked.setAttribute("href", url.pathname + url.search);
    }
  }

  var state = wanted(location.search);
  show(state);
  document.querySelector(".script-variants").addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    state = wanted(link.getAttribute("href"));
    show(state);
    history.replaceState(null, "", location.pathname + query(state));
  });
})();
