/* Numbers in words, in the page's language (gettext, ngettext and interpolate: spinewise/i18n.js). */

export const fill = (fmt, values) => interpolate(fmt, values, true);
const minutesWord = (n) => fill(ngettext("%(n)s minute", "%(n)s minutes", n), { n });
const secondsWord = (n) => fill(ngettext("%(n)s second", "%(n)s seconds", n), { n });
export const repsWord = (n) => fill(ngettext("%(n)s rep", "%(n)s reps", n), { n });

/** 75 -> "1 minute 15 seconds" (for speech and screen readers). */
export function spokenSeconds(seconds) {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m && s) return fill(gettext("%(minutes)s %(seconds)s"), { minutes: minutesWord(m), seconds: secondsWord(s) });
  return m ? minutesWord(m) : secondsWord(s);
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
  const min = Math.floor(total / 60);
  const s = total % 60;
  if (min && s) return fill(gettext("%(min)s min %(s)s s"), { min, s });
  return min ? fill(gettext("%(min)s min"), { min }) : fill(gettext("%(s)s s"), { s });
}

/** "left side" ("Left side" when `capital`), "set 2 of 3". */
export const sideText = (side, capital) =>
  side === "left"
    ? capital ? gettext("Left side") : gettext("left side")
    : capital ? gettext("Right side") : gettext("right side");
export const setOfText = (n, total) => fill(gettext("set %(n)s of %(total)s"), { n, total });
