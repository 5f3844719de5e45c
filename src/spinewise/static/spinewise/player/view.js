/* What the person sees and touches: the stage, the controls, the keyboard, and what screen readers hear.
 *
 * The view reads the player's state and draws it; the controls and keys call the player's
 * actions. `changed()` runs when a segment (or an item) begins: it redraws what stays put and
 * cues the change by sound, touch, speech and text. `render()` runs on every tick.
 */

import { bind as bindFigure, showFigure } from "../figure.js";
import { summaryText } from "./finish.js";
import { radioValue, setText, showFieldError } from "./page.js";
import { DEFAULT_SECONDS_PER_REP, WORK, breathAt, option, pacedBreath, segmentsOf, segmentsSeconds } from "./routine.js";
import { haptics, sound, speech } from "./sound.js";
import { clockText, fill, repsWord, setOfText, shortSeconds, sideText, spokenSeconds } from "./words.js";

export class View {
  constructor(root, el, player) {
    this.root = root;
    this.el = el;
    this.player = player;
    this.items = player.items;
    this.lastRep = 0;
    this.lastBreath = "";
    this.announceTimer = 0;
    this.noticeTimer = 0;
    this.stopArmed = false;
    this.stopTimer = 0;
    if (el.figure) bindFigure(el.figure);
  }

  // ------------------------------------------------------------------ announcements

  /** Tell screen readers about a change (a polite live region; cleared first so repeats are read). */
  announce(text) {
    const announcer = this.el.announcer;
    if (!announcer) return;
    announcer.textContent = "";
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      announcer.textContent = text;
    }, 60);
  }

  /** A line on the stage for a few seconds, also announced and (unless `speak` is false) spoken. */
  notice(text, { speak = true } = {}) {
    if (!this.el.notice) return;
    this.showNotice(text, 8000);
    this.announce(text);
    if (speak) speech.say(text);
  }

  showNotice(text, ms) {
    const box = this.el.notice;
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      box.hidden = true;
    }, ms);
  }

  // ------------------------------------------------------------------ words for a segment

  segmentText(seg, withName) {
    const p = this.player;
    const parts = [];
    const st = p.current();
    if (withName) {
      parts.push(
        fill(gettext("Exercise %(n)s of %(total)s: %(name)s."), { n: st.index + 1, total: this.items.length, name: option(st).name }),
      );
    }
    // What to do, then the side and the set: "8 reps, left side, set 1 of 2."
    const extras = [];
    if (seg.side) extras.push(sideText(seg.side, false));
    if (seg.sets > 1) extras.push(setOfText(seg.set_no, seg.sets));
    const time = spokenSeconds(seg.seconds);
    let what;
    if (seg.kind === "reps") what = repsWord(seg.reps);
    else if (seg.kind === "hold") what = fill(gettext("Hold for %(time)s"), { time });
    else if (seg.kind === "duration") what = fill(gettext("Keep going for %(time)s"), { time });
    if (what !== undefined) {
      parts.push(`${[what, ...extras].join(", ")}.`);
    } else if (seg.kind === "switch") parts.push(gettext("Switch sides."));
    else if (seg.kind === "rest") parts.push(fill(gettext("Rest for %(time)s."), { time }));
    else {
      const name = p.upcoming() ? option(p.upcoming()).name : "";
      parts.push(fill(gettext("Get ready: %(name)s."), { name }));
    }
    return parts.join(" ");
  }

  phaseText(seg) {
    const bits = [];
    if (seg.kind === "reps") {
      // The rep counter says "Rep"; the label adds only the side and the set, or the pace.
      if (seg.side) bits.push(sideText(seg.side, true));
      if (seg.sets > 1) bits.push(setOfText(seg.set_no, seg.sets));
      return bits.join(" · ") || gettext("In time with your breath");
    }
    if (seg.kind === "hold") bits.push(gettext("Hold"));
    else if (seg.kind === "duration") bits.push(gettext("Keep going"));
    else if (seg.kind === "switch") bits.push(gettext("Switch sides"));
    else if (seg.kind === "rest") bits.push(gettext("Rest"));
    else bits.push(gettext("Get ready"));
    if (WORK.has(seg.kind)) {
      if (seg.side) bits.push(sideText(seg.side, false));
      if (seg.sets > 1) bits.push(setOfText(seg.set_no, seg.sets));
    }
    return bits.join(" · ");
  }

  nextText(seg) {
    const p = this.player;
    if (p.leadIn || seg.kind === "transition") {
      // The upcoming exercise is already named above: say how it begins.
      const next = p.upcoming();
      if (!next) return "";
      const first = segmentsOf(next)[0];
      let how = shortSeconds(first.seconds);
      if (first.kind === "reps") how = repsWord(first.reps);
      else if (first.kind === "hold") how = fill(gettext("hold %(time)s"), { time: how });
      if (first.side) how = `${how} · ${sideText(first.side, false)}`;
      return fill(gettext("Starts with: %(how)s"), { how });
    }
    const segments = segmentsOf(this.items[p.index]);
    const following = segments[p.seg + 1];
    if (following && following.kind !== "transition") {
      if (following.kind === "rest") {
        return fill(gettext("Next: rest %(time)s"), { time: shortSeconds(following.seconds) });
      }
      if (following.kind === "switch") return gettext("Next: switch sides");
      if (following.sets > 1 && following.set_no !== seg.set_no) {
        return fill(gettext("Next: %(set)s"), { set: setOfText(following.set_no, following.sets) });
      }
      if (following.side) return fill(gettext("Next: %(side)s"), { side: sideText(following.side, false) });
      return gettext("Next: more of the same");
    }
    const next = this.items[p.index + 1];
    if (!next) return gettext("Next: the end");
    return fill(gettext("Next: %(name)s · %(dose)s"), { name: option(next).name, dose: option(next).doseText });
  }

  // ------------------------------------------------------------------ drawing

  renderSteps(st) {
    const el = this.el;
    const info = option(st).exercise;
    el.steps.textContent = "";
    info.steps.forEach((step) => {
      const li = document.createElement("li");
      li.textContent = step.text;
      step.breathing.forEach((cue) => {
        const span = document.createElement("span");
        span.className = "breath-cue";
        span.textContent = cue;
        li.append(span);
      });
      el.steps.append(li);
    });
    setText(el.feel, info.feel ? fill(gettext("You should feel: %(feel)s"), { feel: info.feel }) : "");
    // The routine's own note on this item (how to do it here); a swapped-in version has none.
    setText(el.itemNote, option(st).swap ? "" : st.item.note || "");
    if (el.itemNote) el.itemNote.hidden = !el.itemNote.textContent;
    el.cautions.textContent = "";
    info.cautions.forEach((caution) => {
      const li = document.createElement("li");
      li.textContent = caution;
      el.cautions.append(li);
    });
    el.howTo.hidden = info.steps.length === 0 && info.cautions.length === 0;
  }

  updateControls() {
    const { el, player: p } = this;
    const st = p.current();
    const down = st.options[st.choice - 1];
    const up = st.options[st.choice + 1];
    el.swapControls.hidden = st.options.length === 1;
    el.easier.disabled = !down;
    el.harder.disabled = !up;
    setText(el.easier, down ? fill(gettext("Easier: %(name)s"), { name: down.name }) : gettext("No easier version"));
    setText(el.harder, up ? fill(gettext("Harder: %(name)s"), { name: up.name }) : gettext("No harder version"));
    el.hurts.setAttribute("aria-pressed", String(st.mark === "hurts"));
    el.helps.setAttribute("aria-pressed", String(st.mark === "helps"));
    setText(el.pause, p.state === "paused" ? gettext("Resume") : gettext("Pause"));
    el.back.disabled = p.leadIn;
    this.root.dataset.state = p.state;
  }

  /** The figure of the exercise on show. Figures work the person's right side (AUTHORING.md:
   * `near` is the right), so the left side is the figure mirrored. */
  drawFigure(chosen, seg) {
    if (!this.el.figure) return;
    showFigure(this.el.figure, chosen.exercise.figure, Boolean(seg && seg.side === "left"));
  }

  /** A new segment (or item) began: redraw what stays put, and cue it by sound, touch, speech and text. */
  changed(message) {
    const { el, player: p, items } = this;
    const seg = p.currentSegment();
    const st = p.current();
    const moving = p.leadIn || seg.kind === "transition";
    const shown = moving ? p.upcoming() : st;
    const firstOfItem = !p.leadIn && p.seg === 0;
    const counter =
      moving && shown
        ? fill(gettext("Up next · %(n)s of %(total)s"), { n: shown.index + 1, total: items.length })
        : fill(gettext("Exercise %(n)s of %(total)s"), { n: st.index + 1, total: items.length });
    setText(el.counter, counter);
    setText(el.name, shown ? option(shown).name : option(st).name);
    const chosen = shown ? option(shown) : option(st);
    const version = chosen.swap === "easier" ? gettext("easier version") : gettext("harder version");
    setText(el.dose, chosen.doseText + (chosen.swap ? ` · ${version}` : ""));
    if (shown) this.renderSteps(shown);
    this.drawFigure(chosen, moving ? null : seg);
    el.stage.dataset.kind = seg.kind;
    this.root.dataset.kind = seg.kind;
    this.lastRep = 0;
    this.lastBreath = "";
    this.updateControls();

    sound.cue(seg.kind === "transition" ? "rest" : seg.kind);
    haptics.cue(seg.kind);
    let spoken = this.segmentText(seg, firstOfItem);
    if (moving && shown) {
      const firstStep = option(shown).exercise.steps[0];
      if (firstStep) spoken += ` ${firstStep.text}`;
    }
    speech.say(message ? `${message} ${spoken}` : spoken);
    const written = this.segmentText(seg, firstOfItem);
    this.announce(message ? `${message} ${written}` : written);
    if (message) this.showNotice(message, 6000);
  }

  /** Every tick: the countdown, the rep counter and breath, and the progress bar. */
  render(now) {
    const { el, player: p } = this;
    if (!p.isActive()) return;
    const seg = p.currentSegment();
    const elapsed = Math.min(Math.max(0, now - p.segStart), seg.seconds);
    const left = seg.seconds - elapsed;
    const phase = this.phaseText(seg);
    setText(el.phase, p.state === "paused" ? fill(gettext("Paused · %(phase)s"), { phase }) : phase);
    setText(el.countdown, clockText(left));
    el.countdown.setAttribute(
      "aria-label",
      fill(gettext("%(time)s left"), { time: spokenSeconds(Math.ceil(left)) }),
    );
    const isReps = seg.kind === "reps";
    const shownItem = p.leadIn ? null : p.items[p.index];
    const pace = !isReps && WORK.has(seg.kind) && shownItem ? option(shownItem).exercise.pace : null;
    el.reps.hidden = !isReps && !pace;
    el.repCounter.hidden = !isReps;
    el.stage.classList.toggle("has-reps", isReps); // a paced timed exercise keeps its countdown
    if (pace) {
      // A timed exercise done to a rhythm: the breath paced through the countdown.
      const [breath, phaseSeconds] = pacedBreath(pace, elapsed);
      setText(el.breath, breath === "in" ? gettext("Breathe in") : gettext("Breathe out"));
      if (breath !== this.lastBreath) {
        el.breathCircle.style.setProperty("--breath-seconds", `${phaseSeconds / p.clock.speed}s`);
        el.breathCircle.dataset.breath = breath;
        if (this.lastBreath !== "" && p.state === "playing") sound.tick();
        this.lastBreath = breath;
      }
    }
    if (isReps) {
      const [rep, breath] = breathAt(seg, elapsed);
      setText(el.repNow, String(rep));
      setText(el.repOf, fill(gettext(" of %(n)s"), { n: seg.reps }));
      setText(el.breath, breath === "in" ? gettext("Breathe in") : gettext("Breathe out"));
      if (breath !== this.lastBreath) {
        const half = (seg.seconds_per_rep || DEFAULT_SECONDS_PER_REP) / 2 / p.clock.speed;
        el.breathCircle.style.setProperty("--breath-seconds", `${half}s`);
        el.breathCircle.dataset.breath = breath;
        this.lastBreath = breath;
      }
      if (rep !== this.lastRep) {
        if (this.lastRep !== 0 && p.state === "playing") sound.tick();
        this.lastRep = rep;
      }
    }
    setText(el.nextUp, this.nextText(seg));

    let total = 0;
    let done = 0;
    this.items.forEach((st, i) => {
      const segments = segmentsOf(st);
      const seconds = segmentsSeconds(segments);
      total += seconds;
      if (p.leadIn) return;
      if (i < p.index) done += seconds;
      else if (i === p.index) done += segmentsSeconds(segments.slice(0, p.seg)) + elapsed;
    });
    const percent = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : 0;
    el.progressFill.style.width = `${percent}%`;
    el.progress.setAttribute("aria-valuenow", String(percent));
    el.progress.setAttribute("aria-valuetext", `${percent}% of the session`);
  }

  // ------------------------------------------------------------------ the page around the stage

  showStage() {
    const el = this.el;
    el.startSection.hidden = true;
    el.stage.hidden = false;
    el.stop.hidden = false;
    this.root.classList.add("is-playing");
    document.body.classList.add("player-open");
  }

  focusControls() {
    this.el.pause.focus({ preventScroll: true });
  }

  /** The session is over: the stage gives way to the end; returns the summary it shows. */
  showEnd(finished) {
    const el = this.el;
    this.root.dataset.state = "ended";
    this.root.classList.remove("is-playing", "flash");
    document.body.classList.remove("player-open");
    el.stage.hidden = true;
    el.stop.hidden = true;
    el.end.hidden = false;
    const summary = summaryText(this.items, finished);
    setText(el.endSummary, summary);
    return summary;
  }

  focusEnd() {
    window.scrollTo(0, 0);
    this.el.end.focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ controls and keys

  onStart(event) {
    event.preventDefault();
    const p = this.player;
    if (p.state !== "ready") return;
    let pain = null;
    if (p.data.ask_pain_before) {
      pain = radioValue(this.root, "pain_before");
      if (pain === null) {
        showFieldError("pain-before", gettext("Choose a number from 0 to 10 first (0 means no pain)."));
        const first = this.root.querySelector('input[name="pain_before"]');
        if (first) first.focus();
        return;
      }
      showFieldError("pain-before", "");
    }
    p.start(pain);
  }

  onStop() {
    const p = this.player;
    if (!p.isActive()) return;
    // Two taps, so a knee or an elbow on the floor does not end the session.
    if (!this.stopArmed) {
      this.stopArmed = true;
      setText(this.el.stop, gettext("Tap again to end"));
      this.announce(gettext("Tap End session again to end it now."));
      clearTimeout(this.stopTimer);
      this.stopTimer = setTimeout(() => {
        this.stopArmed = false;
        setText(this.el.stop, gettext("End session"));
      }, 5000);
      return;
    }
    clearTimeout(this.stopTimer);
    p.end(false);
  }

  onKey(event) {
    const p = this.player;
    if (!p.isActive() || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing =
      target &&
      (target.isContentEditable ||
        target.tagName === "TEXTAREA" ||
        target.tagName === "SELECT" ||
        (target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit"].includes(target.type)));
    if (typing) return;
    const actions = {
      " ": () => p.togglePause(),
      Spacebar: () => p.togglePause(),
      ArrowRight: () => p.skip(),
      n: () => p.skip(),
      ArrowLeft: () => p.back(),
      b: () => p.back(),
      h: () => p.mark("hurts"),
      g: () => p.mark("helps"),
      e: () => p.swap(-1),
      u: () => p.swap(1),
    };
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const action = actions[key];
    if (!action) return;
    // Space would also press the focused button; the shortcut wins while playing.
    event.preventDefault();
    if (event.repeat) return;
    action();
  }

  /** Wire the controls and the keyboard to the player. */
  bind() {
    const { el, player: p } = this;
    speech.init(el.speech, (text) => this.announce(text));
    el.startForm.addEventListener("submit", (event) => this.onStart(event));
    el.pause.addEventListener("click", () => p.togglePause());
    el.skip.addEventListener("click", () => p.skip());
    el.back.addEventListener("click", () => p.back());
    el.easier.addEventListener("click", () => p.swap(-1));
    el.harder.addEventListener("click", () => p.swap(1));
    el.hurts.addEventListener("click", () => p.mark("hurts"));
    el.helps.addEventListener("click", () => p.mark("helps"));
    el.stop.addEventListener("click", () => this.onStop());
    document.addEventListener("keydown", (event) => this.onKey(event));
  }

  /** The player is ready: show it (it stays hidden without JavaScript). */
  reveal() {
    this.root.hidden = false;
    this.root.dataset.state = "ready";
    this.root.classList.add("js-ready");
  }
}
