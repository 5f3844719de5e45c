// Fill the time zone from the browser when it is still the default; the form works without this.
(function () {
  var field = document.getElementById("id_time_zone");
  if (field && field.value === "UTC" && window.Intl) {
    try {
      field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch (e) {
      /* an old browser: the person picks the zone themselves */
    }
  }
})();
