/* The routine as the player holds it: each item's ladder of variants and the segments they play.
 *
 * Segments come from the server (the same ones the terminal player walks): work ("reps", "hold",
 * "duration"), "switch" sides, "rest" and the "transition" to the next exercise.
 */

export const WORK = new Set(["reps", "hold", "duration"]);
export const DEFAULT_SECONDS_PER_REP = 3;

/** One exercise as the person may do it: the one prescribed, or an easier or harder variant. */
function optionOf(source, swap) {
  return {
    slug: source.slug,
    name: source.name,
    position: source.position,
    doseText: source.dose_text,
    segments: source.segments,
    exercise: source.exercise,
    swap, // null, "easier" or "harder"
  };
}

/** The payload's items, each with its state for this session. */
export function buildItems(payloadItems) {
  return payloadItems.map((item, index) => {
    // A ladder from the easiest to the hardest: Easier steps down it, Harder steps up.
    const easier = item.easier.map((v) => optionOf(v, "easier")).reverse();
    const harder = item.harder.map((v) => optionOf(v, "harder"));
    const options = [...easier, optionOf(item, null), ...harder];
    return {
      index,
      item,
      options,
      base: easier.length,
      choice: easier.length,
      outcome: null, // "done", "skipped", "easier" or "harder" once reached
      mark: null, // "hurts" or "helps"
      seconds: 0, // work seconds done
    };
  });
}

export const option = (st) => st.options[st.choice];
export const segmentsOf = (st) => option(st).segments;
export const segmentsSeconds = (segments) => segments.reduce((sum, s) => sum + s.seconds, 0);

/** For a reps segment: the rep under way (1-based) and whether to breathe in or out (timeline.breath_at). */
export function breathAt(segment, elapsed) {
  const spr = segment.seconds_per_rep || DEFAULT_SECONDS_PER_REP;
  const rep = Math.min(Math.floor(elapsed / spr) + 1, Math.max(segment.reps, 1));
  const within = elapsed - (rep - 1) * spr;
  return [rep, within < spr / 2 ? "in" : "out"];
}

/** For a timed exercise with a breathing pace ({in, out} seconds): breathe "in" or "out" now, and that phase's length. */
export function pacedBreath(pace, elapsed) {
  const cycle = pace.in + pace.out;
  const within = ((elapsed % cycle) + cycle) % cycle;
  return within < pace.in ? ["in", pace.in] : ["out", pace.out];
}
