/* The desk mode page: offer notifications (asked only from this tap), and fill the time zone from
 * the browser while it is still the default. */

const allow = document.getElementById("desk-allow-notifications");
const said = document.getElementById("desk-notification-state");

function show() {
  if (!said) return;
  if (!("Notification" in window)) {
    said.textContent = gettext("This browser shows no notifications: the banner and a sound remind you instead.");
    return;
  }
  const permission = Notification.permission;
  if (allow) allow.hidden = permission !== "default";
  if (permission === "granted") said.textContent = gettext("Notifications are on in this browser.");
  else if (permission === "denied")
    said.textContent = gettext(
      "Notifications are blocked in this browser's settings: the banner and a sound remind you instead.",
    );
  else said.textContent = "";
}

if (allow && "Notification" in window) {
  allow.addEventListener("click", () => {
    Promise.resolve(Notification.requestPermission()).then(show, show);
  });
}
show();

const zone = document.getElementById("id_time_zone");
if (zone && zone.value === "UTC" && window.Intl) {
  try {
    zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch (e) {
    /* the person picks the zone themselves */
  }
}
