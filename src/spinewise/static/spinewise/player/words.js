/* Numbers in words for the screen, the speech and screen readers. */

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** 75 -> "1 minute 15 seconds" (for speech and screen readers). */
export function spokenSeconds(seconds) {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m && s) return `${plural(m, "minute")} ${plural(s, "second")}`;
  if (m) return plural(m, "minute");
  return plural(s, "second");
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
  if (m && s) return `${m} min ${s} s`;
  if (m) return `${m} min`;
  return `${s} s`;
}
