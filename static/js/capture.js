// The bookmarklet's hand-over (static/js/bookmarklet.js): it opens this page with the
// posting it copied after "#walkout=". This puts it in the "Paste a posting" box and
// sends that for reading, which only fills the form: saving stays the user's click.
(function () {
  "use strict";
  var status = document.getElementById("capture-status");
  var lost = document.getElementById("capture-lost");
  var form = document.querySelector("[data-paste-form]");
  var prefix = "#walkout=";
  var hash = location.hash;
  // Out of the address bar and the history: the posting is not kept in the URL.
  history.replaceState(null, "", location.pathname);
  var text = null;
  if (hash.indexOf(prefix) === 0) {
    try {
      text = decodeURIComponent(hash.slice(prefix.length));
    } catch (error) {
      text = null;
    }
  }
  if (!text || !form) {
    if (status) status.hidden = true;
    if (lost) lost.hidden = false;
    return;
  }
  form.querySelector("textarea[name=paste]").value = text;
  if (form.requestSubmit) form.requestSubmit();
  else form.submit();
})();
