/* The session's state machine: where the person is in the routine, and what each control does to it.
 *
 * ready -> playing <-> paused -> ended. Each segment ends at a deadline (the second it started
 * plus its length) on the clock; deadlines chain, so nothing drifts, and a late tick walks every
 * deadline that passed. The view draws the state; the reporter sends it.
 */

import { Clock, TICK_MS } from "./clock.js";
import { WORK, option, segmentsOf } from "./routine.js";
import { haptics, sound, speech, wake } from "./sound.js";
import { fill } from "./words.js";

const LEAD_IN_SECONDS = 5; // time to get into position after tapping Start
const BACK_RESTARTS_AFTER = 3; // real seconds into an exercise after which Back restarts it
const noop = () => {};

/** A random UUID; crypto.randomUUID needs a secure context, so plain-HTTP test hosts fall back. */
function newClientId() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Player {
  constructor(items, data) {
    this.items = items;
    this.data = data;
    this.view = null;
    this.reporter = null;
    this.state = "ready";
    this.clock = null;
    this.leadIn = false; // the few seconds between Start and the first exercise
    this.index = 0; // the item under way
    this.seg = 0; // its segment under way
    this.segStart = 0; // virtual second the segment started (its deadline is segStart + seconds)
    this.itemStart = 0; // virtual second the item started
    this.startedAt = null;
    this.finishedAt = null;
    // Made once at the start and sent with every report, so a retried start finds its session.
    this.clientId = null;
    this.painBefore = null;
    this.answers = { worst: null, after: null, effort: null, notes: "" };
    this.timer = 0;
  }

  connect(view, reporter) {
    this.view = view;
    this.reporter = reporter;
  }

  isActive() {
    return this.state === "playing" || this.state === "paused";
  }

  /** The item the controls act on: the one under way, or the first one during the lead-in. */
  current() {
    return this.leadIn ? this.items[0] : this.items[this.index];
  }

  /** The item the transition under way leads to (or the first one during the lead-in). */
  upcoming() {
    if (this.leadIn) return this.items[0];
    return this.items[this.index + 1] || null;
  }

  leadInSegment() {
    return {
      kind: "transition",
      seconds: LEAD_IN_SECONDS,
      label: fill(gettext("Get ready: %(name)s"), { name: option(this.items[0]).name }),
      set_no: 0,
      sets: 0,
      side: null,
      reps: 0,
      seconds_per_rep: 0,
    };
  }

  currentSegment() {
    if (this.leadIn) return this.leadInSegment();
    return segmentsOf(this.items[this.index])[this.seg];
  }

  /** Work seconds of an item so far, counting the segment under way. */
  liveSeconds(st, now) {
    let seconds = st.seconds;
    if (!this.leadIn && st.index === this.index && this.isActive()) {
      const seg = this.currentSegment();
      if (WORK.has(seg.kind)) seconds += Math.min(Math.max(0, now - this.segStart), seg.seconds);
    }
    return seconds;
  }

  report() {
    this.reporter.report().catch(noop);
  }

  // ------------------------------------------------------------------ moving through the routine

  startItem(index, at) {
    const st = this.items[index];
    this.index = index;
    this.seg = 0;
    this.segStart = at;
    this.itemStart = at;
    st.outcome = null;
    st.seconds = 0;
  }

  /** The work of an item is over (its transition begins, or it had none): it counts as done. */
  completeItem(st) {
    if (st.outcome === null) st.outcome = option(st).swap || "done";
    this.report();
  }

  nextItem(at) {
    if (this.index + 1 >= this.items.length) {
      this.end(true);
      return;
    }
    this.startItem(this.index + 1, at);
  }

  enterSegment(n, at) {
    const st = this.items[this.index];
    const segments = segmentsOf(st);
    if (n >= segments.length || segments[n].kind === "transition") this.completeItem(st);
    if (n >= segments.length) {
      this.nextItem(at);
      return;
    }
    this.seg = n;
    this.segStart = at;
  }

  /** The segment under way reached its deadline `at`: move on, chaining deadlines so nothing drifts. */
  finishSegment(at) {
    if (this.leadIn) {
      this.leadIn = false;
      this.startItem(0, at);
      return;
    }
    const st = this.items[this.index];
    const seg = this.currentSegment();
    if (WORK.has(seg.kind)) st.seconds += seg.seconds;
    this.enterSegment(this.seg + 1, at);
  }

  tick() {
    if (this.state !== "playing") return;
    const now = this.clock.seconds();
    let changed = false;
    // A hidden tab may wake up seconds or minutes late: walk every deadline that passed.
    for (let guard = 0; guard < 100000 && this.state === "playing"; guard += 1) {
      const seg = this.currentSegment();
      const deadline = this.segStart + seg.seconds;
      if (now < deadline) break;
      this.finishSegment(deadline);
      changed = true;
    }
    if (this.state !== "playing") return; // the routine ended inside the loop
    if (changed) this.view.changed();
    this.view.render(now);
  }

  /** The page is visible again: take the screen lock back and catch up at once. */
  resurface() {
    if (wake.wanted) wake.request();
    this.tick();
  }

  // ------------------------------------------------------------------ what the person does

  /** Start, inside the tap; `painBefore` is the answer on this page, when it asks. */
  start(painBefore) {
    if (this.state !== "ready") return;
    if (this.data.ask_pain_before) {
      this.painBefore = painBefore;
    } else if (this.data.pain_before !== null && this.data.pain_before !== undefined) {
      this.painBefore = this.data.pain_before; // asked on the page before this one
    }
    // Inside the tap: the only moment iOS lets audio and speech start.
    sound.unlock();
    speech.unlock();
    wake.request();
    this.clock = new Clock(Number(this.data.speed) || 1);
    this.startedAt = new Date().toISOString();
    this.clientId = this.clientId || newClientId();
    this.leadIn = true;
    this.segStart = 0;
    this.state = "playing";
    this.view.showStage();
    this.report(); // the session exists (as partial) from the first second
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.view.changed();
    this.view.render(0);
    this.view.focusControls();
  }

  togglePause() {
    if (this.state === "playing") {
      this.clock.pause();
      this.state = "paused";
      this.view.notice(gettext("Paused."), { speak: true });
    } else if (this.state === "paused") {
      this.clock.resume();
      this.state = "playing";
      this.view.notice(
        fill(gettext("Resumed. %(what)s"), { what: this.view.segmentText(this.currentSegment(), false) }),
      );
    } else {
      return;
    }
    this.view.updateControls();
    this.view.render(this.clock.seconds());
  }

  skip() {
    if (!this.isActive()) return;
    const now = this.clock.seconds();
    if (this.leadIn) {
      this.leadIn = false;
      this.startItem(0, now);
      this.view.changed();
      this.view.render(now);
      return;
    }
    const st = this.items[this.index];
    const segments = segmentsOf(st);
    const seg = segments[this.seg];
    if (seg.kind === "transition") {
      // Already moving to the next exercise: start it now.
      this.nextItem(now);
    } else {
      if (WORK.has(seg.kind)) st.seconds += Math.min(Math.max(0, now - this.segStart), seg.seconds);
      st.outcome = "skipped";
      this.report();
      // Keep the time to change position before the next exercise; Skip again to cut it short.
      const move = segments.findIndex((s) => s.kind === "transition");
      if (move === -1) {
        this.nextItem(now);
      } else {
        this.seg = move;
        this.segStart = now;
      }
    }
    if (this.state === "ended") return;
    this.view.changed(fill(gettext("Skipped %(name)s."), { name: option(st).name }));
    this.view.render(now);
  }

  back() {
    if (!this.isActive() || this.leadIn) return;
    const now = this.clock.seconds();
    const st = this.items[this.index];
    const realSecondsIn = (now - this.itemStart) / this.clock.speed;
    if (realSecondsIn > BACK_RESTARTS_AFTER || this.index === 0) {
      this.startItem(this.index, now);
      this.view.changed(fill(gettext("Starting %(name)s again."), { name: option(st).name }));
    } else {
      st.outcome = null;
      st.seconds = 0;
      this.startItem(this.index - 1, now);
      this.view.changed(fill(gettext("Back to %(name)s."), { name: option(this.items[this.index]).name }));
    }
    this.view.render(now);
  }

  /** Step down (-1, easier) or up (+1, harder) the current exercise's ladder of variants. */
  swap(step) {
    if (!this.isActive()) return;
    const st = this.current();
    const target = st.choice + step;
    const word = step < 0 ? "easier" : "harder";
    if (target < 0 || target >= st.options.length) {
      const none =
        word === "easier" ? gettext("There is no easier version of %(name)s.") : gettext("There is no harder version of %(name)s.");
      this.view.notice(fill(none, { name: option(st).name }));
      return;
    }
    st.choice = target;
    const now = this.clock.seconds();
    const chosen = option(st);
    const message =
      chosen.swap === null
        ? fill(gettext("Back to %(name)s: %(dose)s."), { name: chosen.name, dose: chosen.doseText })
        : fill(chosen.swap === "easier"
              ? gettext("Swapped for the easier version, %(name)s: %(dose)s.")
              : gettext("Swapped for the harder version, %(name)s: %(dose)s."), { name: chosen.name, dose: chosen.doseText });
    if (!this.leadIn) this.startItem(this.index, now); // the new version starts from its first segment
    this.view.changed(message);
    this.view.render(now);
  }

  /** "This one hurts" or "this one helps"; the same again takes the mark away. */
  mark(kind) {
    if (!this.isActive()) return;
    const st = this.current();
    const name = option(st).name;
    st.mark = st.mark === kind ? null : kind;
    if (st.mark === "hurts") {
      const hasEasier = st.choice > 0;
      this.view.notice(
        fill(hasEasier
            ? gettext(
                "Marked: %(name)s hurts. Ease off and make the movement smaller, take the easier version, or skip it. Pain above %(limit)s out of 10 is too much.",
              )
            : gettext(
                "Marked: %(name)s hurts. Ease off and make the movement smaller, or skip it. Pain above %(limit)s out of 10 is too much.",
              ), { name, limit: this.data.pain_limit }),
      );
    } else if (st.mark === "helps") {
      this.view.notice(fill(gettext("Marked: %(name)s helps."), { name }));
    } else {
      this.view.notice(fill(gettext("Mark removed from %(name)s."), { name }));
    }
    this.view.updateControls();
    this.report();
  }

  /** The routine is over (`finished`), or the person ended it early. */
  end(finished) {
    const now = this.clock.seconds();
    if (!finished && !this.leadIn) {
      const st = this.items[this.index];
      const seg = this.currentSegment();
      if (WORK.has(seg.kind)) st.seconds += Math.min(Math.max(0, now - this.segStart), seg.seconds);
    }
    this.state = "ended";
    this.leadIn = false;
    clearInterval(this.timer);
    wake.release();
    if (finished) this.finishedAt = new Date().toISOString();
    const summary = this.view.showEnd(finished);
    sound.cue("end");
    haptics.cue("end");
    speech.say(summary);
    this.view.announce(summary);
    this.report();
    this.view.focusEnd();
  }

  // ------------------------------------------------------------------ what the server keeps

  /** The report the server records: each item reached so far, the pain answers and the notes. */
  reportBody() {
    const now = this.clock ? this.clock.seconds() : 0;
    const reported = this.items
      .map((st) => ({ st, seconds: this.liveSeconds(st, now) }))
      .filter(({ st, seconds }) => st.outcome !== null || st.mark !== null || seconds > 0)
      .map(({ st, seconds }) => {
        const chosen = option(st);
        return {
          index: st.index,
          // Started but not finished: kept as not reached, with its time and mark.
          outcome: st.outcome || "not-reached",
          performed_slug: chosen.swap ? chosen.slug : null,
          mark: st.mark,
          seconds: Math.min(Math.round(seconds), 3 * 3600),
        };
      });
    // The routine itself is not sent: the token names what the server prescribed.
    return {
      token: this.data.token,
      client_id: this.clientId,
      started_at: this.startedAt,
      finished_at: this.finishedAt,
      items: reported,
      pain_before: this.painBefore,
      worst_pain_during: this.answers.worst,
      pain_after: this.answers.after,
      effort: this.answers.effort,
      notes: this.answers.notes,
    };
  }
}
