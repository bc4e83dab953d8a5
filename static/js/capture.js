// The bookmarklet's hand-over (static/js/bookmarklet.js): it opens the new-application
// page with the posting it copied after "#walkout=". On that page this puts it in the
// "Paste a posting" box and sends that for reading, which only fills the form: saving
// stays the user's click. When Walkout asks to log in first, the login page keeps it in
// this tab's sessionStorage (a redirect after the login drops the "#" part), and the
// form takes it from there.
(function () {
  "use strict";
  var KEY = "walkout-capture";
  var prefix = "#walkout=";
  var hash = location.hash.indexOf(prefix) === 0 ? location.hash : "";
  var form = document.querySelector("[data-paste-form]");
  // Out of the address bar and the history: the posting is not kept in the URL.
  if (form) history.replaceState(null, "", location.pathname);
  else if (hash) history.replaceState(null, "", location.pathname + location.search);
  if (!form) {
    if (hash) {
      try {
        sessionStorage.setItem(KEY, hash);
      } catch (error) {
        // Storage full or off: the form will say the capture did not arrive.
      }
    }
    return;
  }
  if (!hash) {
    try {
      hash = sessionStorage.getItem(KEY) || "";
    } catch (error) {
      hash = "";
    }
  }
  try {
    sessionStorage.removeItem(KEY);
  } catch (error) {
    // Nothing kept.
  }
  var text = null;
  if (hash.indexOf(prefix) === 0) {
    try {
      text = decodeURIComponent(hash.slice(prefix.length));
    } catch (error) {
      text = null;
    }
  }
  if (!text) {
    var status = document.getElementById("capture-status");
    var lost = document.getElementById("capture-lost");
    if (status) status.hidden = true;
    if (lost) lost.hidden = false;
    return;
  }
  form.querySelector("textarea[name=paste]").value = text;
  if (form.requestSubmit) form.requestSubmit();
  else form.submit();
})();
