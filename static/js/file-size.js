// A file input with data-max-bytes refuses a larger file as soon as it is chosen, so a
// phone does not send 50 MB only to hear it is too large. The server checks it anyway.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () {
      var max = Number(input.dataset.maxBytes);
      var file = input.files && input.files[0];
      input.setCustomValidity(file && file.size > max ? input.dataset.tooLarge : "");
      input.reportValidity();
    });
  });
})();
