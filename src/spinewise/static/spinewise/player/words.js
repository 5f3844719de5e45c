/* Numbers in words for the screen, the speech and screen readers, in the page's language
 * (gettext, ngettext and interpolate are the globals of spinewise/i18n.js). */

/** The number of minutes in words: "1 minute", "3 minutes". */
function minutesWord(n) {
  return interpolate(ngettext("%(n)s minute", "%(n)s minutes", n), { n }, true);
}

/** The number of seconds in words: "1 second", "15 seconds". */
function secondsWord(n) {
  return interpolate(ngettext("%(n)s second", "%(n)s seconds", n), { n }, true);
}

/** The number of reps in words: "1 rep", "8 reps". */
export function repsWord(n) {
  return interpolate(ngettext("%(n)s rep", "%(n)s reps", n), { n }, true);
}

/** `n` of a word the player counts ("rep", "minute", "second"), in the page's language. */
export function plural(n, word) {
  if (word === "minute") return minutesWord(n);
  if (word === "second") return secondsWord(n);
  return repsWord(n);
}

/** 75 -> "1 minute 15 seconds" (for speech and screen readers). */
export function spokenSeconds(seconds) {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m && s) {
    return interpolate(gettext("%(minutes)s %(seconds)s"), { minutes: minutesWord(m), seconds: secondsWord(s) }, true);
  }
  if (m) return minutesWord(m);
  return secondsWord(s);
}

/** 75 -> "1:15"; 42 -> "42". */
export function clockText(seconds) {
  const whole = Math.max(0, Math.ceil(seconds - 1e-6));
  if (whole < 60) return String(whole);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** 75 -> "1 min 15 s". */
export function shortSeconds(seconds) {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m && s) return interpolate(gettext("%(min)s min %(s)s s"), { min: m, s }, true);
  if (m) return interpolate(gettext("%(min)s min"), { min: m }, true);
  return interpolate(gettext("%(s)s s"), { s }, true);
}

/** "left side" / "right side" (`capital`: "Left side"). */
export function sideText(side, capital) {
  if (side === "left") return capital ? gettext("Left side") : gettext("left side");
  return capital ? gettext("Right side") : gettext("right side");
}

/** "set 2 of 3". */
export function setOfText(setNo, sets) {
  return interpolate(gettext("set %(n)s of %(total)s"), { n: setNo, total: sets }, true);
}
