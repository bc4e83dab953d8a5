// Pre-select the browser's time zone on the sign-up form; the user can still change it.
(function () {
  "use strict";
  var select = document.getElementById("id_time_zone");
  if (!select || select.dataset.touched) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
    select.value = zone;
  }
})();
