// A copy button for the exit script, shown only where the clipboard can be used.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll(".copy-button").forEach(function (button) {
    var status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copyTarget).textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Copied";
      }, function () {
        status.textContent = "Could not copy: select the text instead";
      });
    });
  });
})();
