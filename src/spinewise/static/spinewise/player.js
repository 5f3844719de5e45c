/* spinewise guided player.
 *
 * Plays the segments the server sends (the same ones the terminal player walks): work, switch
 * sides, rest and the move to the next exercise. Time comes from deadlines on performance.now(),
 * never from counting ticks, so a throttled or hidden tab never stretches a hold: when it wakes,
 * the player catches up. A `speed` from the page multiplies the clock (demos and tests).
 *
 * No build step, no dependencies. Everything runs inside this one function.
 */
(() => {
  "use strict";

  const dataNode = document.getElementById("player-data");
  const root = document.getElementById("player");
  if (!dataNode || !root) return;
  const data = JSON.parse(dataNode.textContent);
  if (!Array.isArray(data.items) || data.items.length === 0) return;

  const WORK = new Set(["reps", "hold", "duration"]);
  const TICK_MS = 100;
  const LEAD_IN_SECONDS = 5; // time to get into position after tapping Start
  const BACK_RESTARTS_AFTER = 3; // real seconds into an exercise after which Back restarts it
  const DEFAULT_SECONDS_PER_REP = 3;
  const SPEECH_KEY = "spinewise.speech";
  const noop = () => {};

  const $ = (id) => document.getElementById(id);
  const el = {
    startForm: $("start-form"),
    start: $("start-button"),
    startSection: $("player-start"),
    stage: $("stage"),
    stop: $("stop-button"),
    speech: $("speech-toggle"),
    counter: $("item-counter"),
    name: $("exercise-name"),
    dose: $("dose"),
    progress: $("progress"),
    progressFill: $("progress-fill"),
    phase: $("phase-label"),
    countdown: $("countdown"),
    reps: $("reps"),
    repNow: $("rep-now"),
    repOf: $("rep-of"),
    breath: $("breath"),
    breathCircle: $("breath-circle"),
    nextUp: $("next-up"),
    notice: $("notice"),
    back: $("back-button"),
    pause: $("pause-button"),
    skip: $("skip-button"),
    swapControls: $("swap-controls"),
    easier: $("easier-button"),
    harder: $("harder-button"),
    hurts: $("hurts-button"),
    helps: $("helps-button"),
    steps: $("steps"),
    feel: $("feel"),
    cautions: $("cautions"),
    howTo: $("how-to"),
    end: $("player-end"),
    endSummary: $("end-summary"),
    endForm: $("end-form"),
    save: $("save-button"),
    saveError: $("save-error"),
    saved: $("saved"),
    announcer: $("announcer"),
  };

  // ------------------------------------------------------------------ small helpers

  const storage = {
    get(key) {
      try {
        return window.localStorage.getItem(key);
      } catch (e) {
        return null; // storage blocked (private mode, settings): the default applies
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
      } catch (e) {
        /* not remembered, still works */
      }
    },
  };

  function setText(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  /** 75 -> "1 minute 15 seconds" (for speech and screen readers). */
  function spokenSeconds(seconds) {
    const total = Math.round(seconds);
    const m = Math.floor(total / 60);
    const s = total % 60;
    if (m && s) return `${plural(m, "minute")} ${plural(s, "second")}`;
    if (m) return plural(m, "minute");
    return plural(s, "second");
  }

  /** 75 -> "1:15"; 42 -> "42". */
  function clockText(seconds) {
    const whole = Math.max(0, Math.ceil(seconds - 1e-6));
    if (whole < 60) return String(whole);
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  }

  function shortSeconds(seconds) {
    const total = Math.round(seconds);
    const m = Math.floor(total / 60);
    const s = total % 60;
    if (m && s) return `${m} min ${s} s`;
    if (m) return `${m} min`;
    return `${s} s`;
  }

  function radioValue(name) {
    const checked = root.querySelector(`input[name="${name}"]:checked`);
    return checked ? Number(checked.value) : null;
  }

  function showFieldError(id, message) {
    const box = $(`${id}-error`);
    if (!box) return;
    box.textContent = message;
    box.hidden = !message;
    const fieldset = $(id);
    if (fieldset) {
      if (message) fieldset.setAttribute("aria-invalid", "true");
      else fieldset.removeAttribute("aria-invalid");
    }
  }

  /** For a reps segment: the rep under way (1-based) and whether to breathe in or out (timeline.breath_at). */
  function breathAt(segment, elapsed) {
    const spr = segment.seconds_per_rep || DEFAULT_SECONDS_PER_REP;
    const rep = Math.min(Math.floor(elapsed / spr) + 1, Math.max(segment.reps, 1));
    const within = elapsed - (rep - 1) * spr;
    return [rep, within < spr / 2 ? "in" : "out"];
  }

  // ------------------------------------------------------------------ the clock

  /** Virtual seconds that run `speed` times faster than real ones, and can pause. */
  class Clock {
    constructor(speed) {
      this.speed = speed > 0 ? speed : 1;
      this.origin = performance.now();
      this.pausedAt = null;
      this.pausedTotal = 0;
    }

    seconds() {
      const end = this.pausedAt === null ? performance.now() : this.pausedAt;
      return ((end - this.origin - this.pausedTotal) / 1000) * this.speed;
    }

    get paused() {
      return this.pausedAt !== null;
    }

    pause() {
      if (this.pausedAt === null) this.pausedAt = performance.now();
    }

    resume() {
      if (this.pausedAt === null) return;
      this.pausedTotal += performance.now() - this.pausedAt;
      this.pausedAt = null;
    }
  }

  // ------------------------------------------------------------------ feedback: sound, vibration, speech, wake lock

  const sound = {
    ctx: null,

    /** Called from the Start tap: iOS keeps audio silent until a sound starts inside a user gesture. */
    unlock() {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      try {
        if (!this.ctx) this.ctx = new Ctx();
        if (this.ctx.state === "suspended") this.ctx.resume().catch(noop);
        this.tone(440, 0.02, 0.0002);
      } catch (e) {
        this.ctx = null;
      }
    },

    tone(freq, seconds, volume, delay = 0) {
      const ctx = this.ctx;
      if (!ctx) return;
      if (ctx.state === "suspended") ctx.resume().catch(noop);
      const t = ctx.currentTime + delay;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.setValueAtTime(freq, t);
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(Math.max(volume, 0.0002), t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + seconds);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(t);
      osc.stop(t + seconds + 0.05);
    },

    cue(kind) {
      if (kind === "end") {
        [660, 880, 1175].forEach((f, i) => this.tone(f, 0.22, 0.35, i * 0.22));
      } else if (kind === "switch") {
        this.tone(880, 0.12, 0.35);
        this.tone(880, 0.12, 0.35, 0.2);
      } else if (WORK.has(kind)) {
        this.tone(880, 0.25, 0.35); // work starts: a higher note
      } else {
        this.tone(523, 0.25, 0.3); // rest or moving: a lower one
      }
    },

    /** A soft tick at each new rep, to pace reps when the screen is out of sight. */
    tick() {
      this.tone(1320, 0.05, 0.08);
    },
  };

  const haptics = {
    // Desktop browsers have navigator.vibrate but no motor: only touch devices are trusted to buzz.
    canVibrate:
      typeof navigator.vibrate === "function" &&
      Boolean(window.matchMedia) &&
      window.matchMedia("(pointer: coarse)").matches,

    cue(kind) {
      if (this.canVibrate) {
        let pattern = 120;
        if (kind === "end") pattern = [200, 100, 200, 100, 400];
        else if (kind === "switch") pattern = [120, 80, 120];
        else if (WORK.has(kind)) pattern = 250;
        try {
          if (navigator.vibrate(pattern)) return;
        } catch (e) {
          /* fall through to the flash */
        }
      }
      flash();
    },
  };

  let flashTimer = 0;
  function flash() {
    // No vibration here (iOS, desktops): a brief change of colour, seen from the floor.
    root.classList.add("flash");
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => root.classList.remove("flash"), 350);
  }

  const speech = {
    supported: "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function",
    on: false,

    init(toggle) {
      if (!toggle) return;
      if (!this.supported) {
        const label = toggle.closest("label");
        if (label) label.hidden = true;
        return;
      }
      this.on = storage.get(SPEECH_KEY) === "on"; // off unless the person turned it on before
      toggle.checked = this.on;
      toggle.addEventListener("change", () => {
        this.on = toggle.checked;
        storage.set(SPEECH_KEY, this.on ? "on" : "off");
        if (this.on) this.say("Spoken cues on.");
        else window.speechSynthesis.cancel();
        announce(this.on ? "Spoken cues on." : "Spoken cues off.");
      });
    },

    /** Called from the Start tap: iOS speaks only after a first utterance inside a user gesture. */
    unlock() {
      if (!this.supported) return;
      try {
        const u = new SpeechSynthesisUtterance(" ");
        u.volume = 0;
        window.speechSynthesis.speak(u);
      } catch (e) {
        this.supported = false;
      }
    },

    say(text) {
      if (!this.supported || !this.on || !text) return;
      try {
        window.speechSynthesis.cancel(); // the newest cue matters, not a queue of old ones
        const u = new SpeechSynthesisUtterance(text);
        u.lang = document.documentElement.lang || "en";
        window.speechSynthesis.speak(u);
      } catch (e) {
        /* speech is a nicety */
      }
    },
  };

  const wake = {
    sentinel: null,
    wanted: false,

    async request() {
      this.wanted = true;
      if (!("wakeLock" in navigator) || this.sentinel || document.visibilityState !== "visible") return;
      try {
        const sentinel = await navigator.wakeLock.request("screen");
        sentinel.addEventListener("release", () => {
          if (this.sentinel === sentinel) this.sentinel = null;
        });
        this.sentinel = sentinel;
        if (!this.wanted) this.release();
      } catch (e) {
        /* refused (battery saver, no permission): the screen may dim */
      }
    },

    release() {
      this.wanted = false;
      if (this.sentinel) {
        this.sentinel.release().catch(noop);
        this.sentinel = null;
      }
    },
  };

  let announceTimer = 0;
  /** Tell screen readers about a change (a polite live region; cleared first so repeats are read). */
  function announce(text) {
    if (!el.announcer) return;
    el.announcer.textContent = "";
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      el.announcer.textContent = text;
    }, 60);
  }

  let noticeTimer = 0;
  function notice(text, { speak = true } = {}) {
    if (!el.notice) return;
    el.notice.textContent = text;
    el.notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => {
      el.notice.hidden = true;
    }, 8000);
    announce(text);
    if (speak) speech.say(text);
  }

  // ------------------------------------------------------------------ the routine as the player holds it

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

  const items = data.items.map((item, index) => {
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

  const option = (st) => st.options[st.choice];
  const segmentsOf = (st) => option(st).segments;
  const segmentsSeconds = (segments) => segments.reduce((sum, s) => sum + s.seconds, 0);

  // ------------------------------------------------------------------ the state machine

  const player = {
    state: "ready", // ready -> playing <-> paused -> ended
    clock: null,
    leadIn: false, // the few seconds between Start and the first exercise
    index: 0, // the item under way
    seg: 0, // its segment under way
    segStart: 0, // virtual second the segment started (its deadline is segStart + seconds)
    itemStart: 0, // virtual second the item started
    lastRep: 0,
    lastBreath: "",
    startedAt: null,
    finishedAt: null,
    painBefore: null,
    answers: { worst: null, after: null, effort: null, notes: "" },
    timer: 0,
  };

  const isActive = () => player.state === "playing" || player.state === "paused";

  function leadInSegment() {
    return {
      kind: "transition",
      seconds: LEAD_IN_SECONDS,
      label: `Get ready: ${option(items[0]).name}`,
      set_no: 0,
      sets: 0,
      side: null,
      reps: 0,
      seconds_per_rep: 0,
    };
  }

  function currentSegment() {
    if (player.leadIn) return leadInSegment();
    return segmentsOf(items[player.index])[player.seg];
  }

  function outcomeOf(st) {
    return option(st).swap || "done";
  }

  /** Work seconds of an item so far, counting the segment under way. */
  function liveSeconds(st, now) {
    let seconds = st.seconds;
    if (!player.leadIn && st.index === player.index && isActive()) {
      const seg = currentSegment();
      if (WORK.has(seg.kind)) seconds += Math.min(Math.max(0, now - player.segStart), seg.seconds);
    }
    return seconds;
  }

  function startItem(index, at) {
    const st = items[index];
    player.index = index;
    player.seg = 0;
    player.segStart = at;
    player.itemStart = at;
    player.lastRep = 0;
    st.outcome = null;
    st.seconds = 0;
  }

  /** The work of an item is over (its transition begins, or it had none): it counts as done. */
  function completeItem(st) {
    if (st.outcome === null) st.outcome = outcomeOf(st);
    reporter.report().catch(noop);
  }

  function nextItem(at) {
    if (player.index + 1 >= items.length) {
      endSession(true);
      return;
    }
    startItem(player.index + 1, at);
  }

  function enterSegment(n, at) {
    const st = items[player.index];
    const segments = segmentsOf(st);
    if (n >= segments.length || segments[n].kind === "transition") completeItem(st);
    if (n >= segments.length) {
      nextItem(at);
      return;
    }
    player.seg = n;
    player.segStart = at;
  }

  /** The segment under way reached its deadline `at`: move on, chaining deadlines so nothing drifts. */
  function finishSegment(at) {
    if (player.leadIn) {
      player.leadIn = false;
      startItem(0, at);
      return;
    }
    const st = items[player.index];
    const seg = currentSegment();
    if (WORK.has(seg.kind)) st.seconds += seg.seconds;
    enterSegment(player.seg + 1, at);
  }

  function tick() {
    if (player.state !== "playing") return;
    const now = player.clock.seconds();
    let changed = false;
    // A hidden tab may wake up seconds or minutes late: walk every deadline that passed.
    for (let guard = 0; guard < 100000 && player.state === "playing"; guard += 1) {
      const seg = currentSegment();
      const deadline = player.segStart + seg.seconds;
      if (now < deadline) break;
      finishSegment(deadline);
      changed = true;
    }
    if (player.state !== "playing") return; // the routine ended inside the loop
    if (changed) onChange();
    render(now);
  }

  // ------------------------------------------------------------------ what the person does

  function start(event) {
    event.preventDefault();
    if (player.state !== "ready") return;
    if (data.ask_pain_before) {
      const pain = radioValue("pain_before");
      if (pain === null) {
        showFieldError("pain-before", "Choose a number from 0 to 10 first (0 means no pain).");
        const first = root.querySelector('input[name="pain_before"]');
        if (first) first.focus();
        return;
      }
      showFieldError("pain-before", "");
      player.painBefore = pain;
    } else if (data.pain_before !== null && data.pain_before !== undefined) {
      player.painBefore = data.pain_before; // asked on the page before this one
    }
    // Inside the tap: the only moment iOS lets audio and speech start.
    sound.unlock();
    speech.unlock();
    wake.request();
    player.clock = new Clock(Number(data.speed) || 1);
    player.startedAt = new Date().toISOString();
    player.leadIn = true;
    player.segStart = 0;
    player.state = "playing";
    el.startSection.hidden = true;
    el.stage.hidden = false;
    el.stop.hidden = false;
    root.classList.add("is-playing");
    document.body.classList.add("player-open");
    reporter.report().catch(noop); // the session exists (as partial) from the first second
    player.timer = setInterval(tick, TICK_MS);
    onChange();
    render(0);
    el.pause.focus({ preventScroll: true });
  }

  function togglePause() {
    if (player.state === "playing") {
      player.clock.pause();
      player.state = "paused";
      notice("Paused.", { speak: true });
    } else if (player.state === "paused") {
      player.clock.resume();
      player.state = "playing";
      notice(`Resumed. ${segmentText(currentSegment(), false)}`);
    } else {
      return;
    }
    updateControls();
    render(player.clock.seconds());
  }

  function skip() {
    if (!isActive()) return;
    const now = player.clock.seconds();
    if (player.leadIn) {
      player.leadIn = false;
      startItem(0, now);
      onChange();
      render(now);
      return;
    }
    const st = items[player.index];
    const segments = segmentsOf(st);
    const seg = segments[player.seg];
    if (seg.kind === "transition") {
      // Already moving to the next exercise: start it now.
      nextItem(now);
    } else {
      if (WORK.has(seg.kind)) st.seconds += Math.min(Math.max(0, now - player.segStart), seg.seconds);
      st.outcome = "skipped";
      reporter.report().catch(noop);
      // Keep the time to change position before the next exercise; Skip again to cut it short.
      const move = segments.findIndex((s) => s.kind === "transition");
      if (move === -1) {
        nextItem(now);
      } else {
        player.seg = move;
        player.segStart = now;
      }
    }
    if (player.state === "ended") return;
    onChange(`Skipped ${option(st).name}.`);
    render(now);
  }

  function back() {
    if (!isActive() || player.leadIn) return;
    const now = player.clock.seconds();
    const st = items[player.index];
    const realSecondsIn = (now - player.itemStart) / player.clock.speed;
    if (realSecondsIn > BACK_RESTARTS_AFTER || player.index === 0) {
      startItem(player.index, now);
      onChange(`Starting ${option(st).name} again.`);
    } else {
      st.outcome = null;
      st.seconds = 0;
      startItem(player.index - 1, now);
      onChange(`Back to ${option(items[player.index]).name}.`);
    }
    render(now);
  }

  /** Step down (-1, easier) or up (+1, harder) the current exercise's ladder of variants. */
  function swap(step) {
    if (!isActive()) return;
    const st = player.leadIn ? items[0] : items[player.index];
    const target = st.choice + step;
    const word = step < 0 ? "easier" : "harder";
    if (target < 0 || target >= st.options.length) {
      notice(`There is no ${word} version of ${option(st).name}.`);
      return;
    }
    st.choice = target;
    const now = player.clock.seconds();
    const chosen = option(st);
    const message =
      chosen.swap === null
        ? `Back to ${chosen.name}: ${chosen.doseText}.`
        : `Swapped for the ${chosen.swap} version, ${chosen.name}: ${chosen.doseText}.`;
    if (player.leadIn) {
      onChange(message);
    } else {
      startItem(player.index, now); // the new version starts from its first segment
      onChange(message);
    }
    render(now);
  }

  function mark(kind) {
    if (!isActive()) return;
    const st = player.leadIn ? items[0] : items[player.index];
    const name = option(st).name;
    st.mark = st.mark === kind ? null : kind;
    if (st.mark === "hurts") {
      const hasEasier = st.choice > 0;
      notice(
        `Marked: ${name} hurts. Ease off and make the movement smaller` +
          (hasEasier ? ", take the easier version" : "") +
          ", or skip it. Pain above 5 out of 10 is too much.",
      );
    } else if (st.mark === "helps") {
      notice(`Marked: ${name} helps.`);
    } else {
      notice(`Mark removed from ${name}.`);
    }
    updateControls();
    reporter.report().catch(noop);
  }

  let stopArmed = false;
  let stopTimer = 0;
  function stop() {
    if (!isActive()) return;
    // Two taps, so a knee or an elbow on the floor does not end the session.
    if (!stopArmed) {
      stopArmed = true;
      setText(el.stop, "Tap again to end");
      announce("Tap End session again to end it now.");
      clearTimeout(stopTimer);
      stopTimer = setTimeout(() => {
        stopArmed = false;
        setText(el.stop, "End session");
      }, 5000);
      return;
    }
    clearTimeout(stopTimer);
    endSession(false);
  }

  function endSession(finished) {
    const now = player.clock.seconds();
    if (!finished && !player.leadIn) {
      const st = items[player.index];
      const seg = currentSegment();
      if (WORK.has(seg.kind)) st.seconds += Math.min(Math.max(0, now - player.segStart), seg.seconds);
    }
    player.state = "ended";
    player.leadIn = false;
    clearInterval(player.timer);
    wake.release();
    if (finished) player.finishedAt = new Date().toISOString();
    root.dataset.state = "ended";
    root.classList.remove("is-playing", "flash");
    document.body.classList.remove("player-open");
    el.stage.hidden = true;
    el.stop.hidden = true;
    el.end.hidden = false;
    const summary = summaryText(finished);
    setText(el.endSummary, summary);
    sound.cue("end");
    haptics.cue("end");
    speech.say(finished ? "Well done. That is the whole routine." : "Session ended.");
    announce(summary);
    reporter.report().catch(noop);
    window.scrollTo(0, 0);
    el.end.focus({ preventScroll: true });
  }

  function summaryText(finished) {
    const done = items.filter((st) => st.outcome && st.outcome !== "skipped").length;
    const skipped = items.filter((st) => st.outcome === "skipped").length;
    const work = items.reduce((sum, st) => sum + st.seconds, 0);
    const parts = [
      finished ? "Well done: that is the whole routine." : "You ended the session early.",
      `${done} of ${items.length} exercises done` + (skipped ? `, ${skipped} skipped` : "") + ".",
      `${shortSeconds(work)} of work.`,
    ];
    const hurt = items.filter((st) => st.mark === "hurts").map((st) => option(st).name);
    if (hurt.length) {
      parts.push(`You marked ${hurt.join(", ")} as hurting: next time try an easier version, or leave it out.`);
    }
    return parts.join(" ");
  }

  async function saveAnswers(event) {
    event.preventDefault();
    const worst = radioValue("worst_pain_during");
    const after = radioValue("pain_after");
    showFieldError("worst-pain", worst === null ? "Choose the worst pain you felt, from 0 to 10." : "");
    showFieldError("pain-after", after === null ? "Choose how much it hurts now, from 0 to 10." : "");
    if (worst === null || after === null) {
      const first = root.querySelector(
        worst === null ? 'input[name="worst_pain_during"]' : 'input[name="pain_after"]',
      );
      if (first) first.focus();
      return;
    }
    player.answers = {
      worst,
      after,
      effort: radioValue("effort"),
      notes: ($("notes") || { value: "" }).value.slice(0, 2000),
    };
    el.save.disabled = true;
    setText(el.save, "Saving…");
    el.saveError.hidden = true;
    try {
      await reporter.report();
      reporter.closed = true; // nothing more to send for this page
      el.endForm.hidden = true;
      el.saved.hidden = false;
      el.saved.textContent = "";
      const strong = document.createElement("strong");
      strong.textContent = "Saved. ";
      el.saved.append(strong, adviceText(worst, after));
      if (reporter.detailUrl) {
        const link = document.createElement("a");
        link.href = reporter.detailUrl;
        link.textContent = "See this session";
        el.saved.append(" ", link);
      }
      el.saved.setAttribute("tabindex", "-1");
      el.saved.focus();
    } catch (err) {
      el.save.disabled = false;
      setText(el.save, "Try again");
      el.saveError.textContent = `Not saved yet: ${err.message} Check your connection and try again; your answers are kept.`;
      el.saveError.hidden = false;
    }
  }

  /** The pain-monitoring rule (CLINICAL.md) in plain words; never a diagnosis. */
  function adviceText(worst, after) {
    if (worst > 5 || after > 5) {
      return (
        "The pain went above 5 out of 10, which is more than these exercises should cause. Next time, " +
        "choose easier versions or a shorter routine, and if the pain has not settled by tomorrow morning, " +
        "ease off and get advice."
      );
    }
    return "Pain up to 5 out of 10 is acceptable, as long as it settles by tomorrow morning.";
  }

  // ------------------------------------------------------------------ reports to the server

  const reporter = {
    url: data.save_url, // null for people without an account: nothing is sent
    sessionUrl: null,
    detailUrl: null,
    id: null,
    closed: false,
    chain: Promise.resolve(),
    pending: null,
    creating: null,
    csrf: (root.querySelector('input[name="csrfmiddlewaretoken"]') || { value: "" }).value,

    body() {
      const now = player.clock ? player.clock.seconds() : 0;
      const reported = items
        .map((st) => ({ st, seconds: liveSeconds(st, now) }))
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
      return {
        routine_name: data.routine.name,
        routine_slug: data.routine.slug,
        prescription: data.prescription,
        started_at: player.startedAt,
        finished_at: player.finishedAt,
        items: reported,
        pain_before: player.painBefore,
        worst_pain_during: player.answers.worst,
        pain_after: player.answers.after,
        effort: player.answers.effort,
        notes: player.answers.notes,
      };
    },

    async post(url, keepalive) {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive,
        redirect: "error", // a redirect (to sign in, to the screening) is not a save
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": this.csrf,
        },
        body: JSON.stringify(this.body()),
      });
      let reply = null;
      try {
        reply = await response.json();
      } catch (e) {
        reply = null;
      }
      if (!response.ok) {
        const problems = reply && Array.isArray(reply.errors) ? reply.errors.join(" ") : "";
        throw new Error(problems || `the server answered ${response.status}.`);
      }
      if (reply && reply.id && !this.id) {
        this.id = reply.id;
        this.sessionUrl = reply.url;
      }
      if (reply && reply.detail_url) this.detailUrl = reply.detail_url;
      return reply;
    },

    async send(keepalive) {
      if (!this.id && this.creating) {
        // The first request is still on its way; a second would make a second session.
        if (keepalive) return null;
        await this.creating.catch(noop);
      }
      if (this.id) return this.post(this.sessionUrl, keepalive);
      this.creating = this.post(this.url, keepalive);
      try {
        return await this.creating;
      } finally {
        this.creating = null;
      }
    },

    /** Reports go one at a time, in order; one asked for while another waits joins it (built when sent). */
    report() {
      if (!this.url || this.closed || !player.startedAt) return Promise.resolve(null);
      if (this.pending) return this.pending;
      const run = this.chain.then(() => {
        this.pending = null;
        return this.send(false);
      });
      this.pending = run;
      this.chain = run.catch(noop);
      return run;
    },

    /** The page is going away (closed tab, locked phone): send the latest now, outliving the page. */
    flush() {
      if (!this.url || this.closed || !player.startedAt) return;
      this.send(true).catch(noop);
    },
  };

  // ------------------------------------------------------------------ drawing

  function segmentText(seg, withName) {
    const parts = [];
    const st = items[player.leadIn ? 0 : player.index];
    if (withName) parts.push(`Exercise ${st.index + 1} of ${items.length}: ${option(st).name}.`);
    const side = seg.side ? `, ${seg.side} side` : "";
    const set = seg.sets > 1 ? `, set ${seg.set_no} of ${seg.sets}` : "";
    if (seg.kind === "reps") parts.push(`${plural(seg.reps, "rep")}${side}${set}.`);
    else if (seg.kind === "hold") parts.push(`Hold for ${spokenSeconds(seg.seconds)}${side}${set}.`);
    else if (seg.kind === "duration") parts.push(`Keep going for ${spokenSeconds(seg.seconds)}${side}${set}.`);
    else if (seg.kind === "switch") parts.push("Switch sides.");
    else if (seg.kind === "rest") parts.push(`Rest for ${spokenSeconds(seg.seconds)}.`);
    else parts.push(`Get ready: ${upcoming() ? option(upcoming()).name : ""}.`);
    return parts.join(" ");
  }

  /** The item the transition under way leads to (or the first one during the lead-in). */
  function upcoming() {
    if (player.leadIn) return items[0];
    return items[player.index + 1] || null;
  }

  function phaseText(seg) {
    const bits = [];
    if (seg.kind === "reps") {
      // The rep counter says "Rep"; the label adds only the side and the set, or the pace.
      if (seg.side) bits.push(`${seg.side[0].toUpperCase()}${seg.side.slice(1)} side`);
      if (seg.sets > 1) bits.push(`set ${seg.set_no} of ${seg.sets}`);
      return bits.join(" · ") || "In time with your breath";
    }
    if (seg.kind === "hold") bits.push("Hold");
    else if (seg.kind === "duration") bits.push("Keep going");
    else if (seg.kind === "switch") bits.push("Switch sides");
    else if (seg.kind === "rest") bits.push("Rest");
    else bits.push("Get ready");
    if (WORK.has(seg.kind)) {
      if (seg.side) bits.push(`${seg.side} side`);
      if (seg.sets > 1) bits.push(`set ${seg.set_no} of ${seg.sets}`);
    }
    return bits.join(" · ");
  }

  function nextText(seg) {
    if (player.leadIn || seg.kind === "transition") {
      // The upcoming exercise is already named above: say how it begins.
      const next = upcoming();
      if (!next) return "";
      const first = segmentsOf(next)[0];
      let how = shortSeconds(first.seconds);
      if (first.kind === "reps") how = plural(first.reps, "rep");
      else if (first.kind === "hold") how = `hold ${how}`;
      return `Starts with: ${how}${first.side ? ` · ${first.side} side` : ""}`;
    }
    const segments = segmentsOf(items[player.index]);
    const following = segments[player.seg + 1];
    if (following && following.kind !== "transition") {
      if (following.kind === "rest") return `Next: rest ${shortSeconds(following.seconds)}`;
      if (following.kind === "switch") return "Next: switch sides";
      if (following.sets > 1 && following.set_no !== seg.set_no) return `Next: set ${following.set_no} of ${following.sets}`;
      return following.side ? `Next: ${following.side} side` : "Next: more of the same";
    }
    const next = items[player.index + 1];
    return next ? `Next: ${option(next).name} · ${option(next).doseText}` : "Next: the end";
  }

  function renderSteps(st) {
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
    setText(el.feel, info.feel ? `You should feel: ${info.feel}` : "");
    el.cautions.textContent = "";
    info.cautions.forEach((caution) => {
      const li = document.createElement("li");
      li.textContent = caution;
      el.cautions.append(li);
    });
    el.howTo.hidden = info.steps.length === 0 && info.cautions.length === 0;
  }

  function updateControls() {
    const st = player.leadIn ? items[0] : items[player.index];
    const down = st.options[st.choice - 1];
    const up = st.options[st.choice + 1];
    el.swapControls.hidden = st.options.length === 1;
    el.easier.disabled = !down;
    el.harder.disabled = !up;
    setText(el.easier, down ? `Easier: ${down.name}` : "No easier version");
    setText(el.harder, up ? `Harder: ${up.name}` : "No harder version");
    el.hurts.setAttribute("aria-pressed", String(st.mark === "hurts"));
    el.helps.setAttribute("aria-pressed", String(st.mark === "helps"));
    setText(el.pause, player.state === "paused" ? "Resume" : "Pause");
    el.back.disabled = player.leadIn;
    root.dataset.state = player.state;
  }

  /** A new segment (or item) began: redraw what stays put, and cue it by sound, touch, speech and text. */
  function onChange(message) {
    const seg = currentSegment();
    const st = player.leadIn ? items[0] : items[player.index];
    const moving = player.leadIn || seg.kind === "transition";
    const shown = moving ? upcoming() : st;
    const firstOfItem = !player.leadIn && player.seg === 0;
    const counter = moving && shown ? `Up next · ${shown.index + 1} of ${items.length}` : `Exercise ${st.index + 1} of ${items.length}`;
    setText(el.counter, counter);
    setText(el.name, shown ? option(shown).name : option(st).name);
    const chosen = shown ? option(shown) : option(st);
    setText(el.dose, chosen.doseText + (chosen.swap ? ` · ${chosen.swap} version` : ""));
    if (shown) renderSteps(shown);
    el.stage.dataset.kind = seg.kind;
    root.dataset.kind = seg.kind;
    player.lastRep = 0;
    player.lastBreath = "";
    updateControls();

    sound.cue(seg.kind === "transition" ? "rest" : seg.kind);
    haptics.cue(seg.kind);
    let spoken = segmentText(seg, firstOfItem);
    if (moving && shown) {
      const firstStep = option(shown).exercise.steps[0];
      if (firstStep) spoken += ` ${firstStep.text}`;
    }
    speech.say(message ? `${message} ${spoken}` : spoken);
    announce(message ? `${message} ${segmentText(seg, firstOfItem)}` : segmentText(seg, firstOfItem));
    if (message) {
      el.notice.textContent = message;
      el.notice.hidden = false;
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => {
        el.notice.hidden = true;
      }, 6000);
    }
  }

  /** Every tick: the countdown, the rep counter and breath, and the progress bar. */
  function render(now) {
    if (!isActive()) return;
    const seg = currentSegment();
    const elapsed = Math.min(Math.max(0, now - player.segStart), seg.seconds);
    const left = seg.seconds - elapsed;
    setText(el.phase, (player.state === "paused" ? "Paused · " : "") + phaseText(seg));
    setText(el.countdown, clockText(left));
    el.countdown.setAttribute("aria-label", `${spokenSeconds(Math.ceil(left))} left`);
    const isReps = seg.kind === "reps";
    el.reps.hidden = !isReps;
    el.stage.classList.toggle("has-reps", isReps);
    if (isReps) {
      const [rep, breath] = breathAt(seg, elapsed);
      setText(el.repNow, String(rep));
      setText(el.repOf, ` of ${seg.reps}`);
      setText(el.breath, breath === "in" ? "Breathe in" : "Breathe out");
      if (breath !== player.lastBreath) {
        const half = (seg.seconds_per_rep || DEFAULT_SECONDS_PER_REP) / 2 / player.clock.speed;
        el.breathCircle.style.setProperty("--breath-seconds", `${half}s`);
        el.breathCircle.dataset.breath = breath;
        player.lastBreath = breath;
      }
      if (rep !== player.lastRep) {
        if (player.lastRep !== 0 && player.state === "playing") sound.tick();
        player.lastRep = rep;
      }
    }
    setText(el.nextUp, nextText(seg));

    let total = 0;
    let done = 0;
    items.forEach((st, i) => {
      const segments = segmentsOf(st);
      const seconds = segmentsSeconds(segments);
      total += seconds;
      if (player.leadIn) return;
      if (i < player.index) done += seconds;
      else if (i === player.index) done += segmentsSeconds(segments.slice(0, player.seg)) + elapsed;
    });
    const percent = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : 0;
    el.progressFill.style.width = `${percent}%`;
    el.progress.setAttribute("aria-valuenow", String(percent));
    el.progress.setAttribute("aria-valuetext", `${percent}% of the session`);
  }

  // ------------------------------------------------------------------ wiring

  function onKey(event) {
    if (!isActive() || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing =
      target &&
      (target.isContentEditable ||
        target.tagName === "TEXTAREA" ||
        target.tagName === "SELECT" ||
        (target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit"].includes(target.type)));
    if (typing) return;
    const actions = {
      " ": togglePause,
      Spacebar: togglePause,
      ArrowRight: skip,
      n: skip,
      ArrowLeft: back,
      b: back,
      h: () => mark("hurts"),
      g: () => mark("helps"),
      e: () => swap(-1),
      u: () => swap(1),
    };
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const action = actions[key];
    if (!action) return;
    // Space would also press the focused button; the shortcut wins while playing.
    event.preventDefault();
    if (event.repeat) return;
    action();
  }

  function onVisibility() {
    if (document.visibilityState === "hidden") {
      if (isActive() || player.state === "ended") reporter.flush();
    } else {
      if (wake.wanted) wake.request();
      tick();
    }
  }

  speech.init(el.speech);
  el.startForm.addEventListener("submit", start);
  el.pause.addEventListener("click", togglePause);
  el.skip.addEventListener("click", skip);
  el.back.addEventListener("click", back);
  el.easier.addEventListener("click", () => swap(-1));
  el.harder.addEventListener("click", () => swap(1));
  el.hurts.addEventListener("click", () => mark("hurts"));
  el.helps.addEventListener("click", () => mark("helps"));
  el.stop.addEventListener("click", stop);
  if (el.endForm) el.endForm.addEventListener("submit", saveAnswers);
  document.addEventListener("keydown", onKey);
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", () => {
    if (isActive() || player.state === "ended") reporter.flush();
  });

  root.hidden = false;
  root.dataset.state = "ready";
  root.classList.add("js-ready");
  // Tests and scripts can read the player's state; the page itself never depends on it.
  window.spinewisePlayer = {
    get state() {
      return player.state;
    },
    get sessionId() {
      return reporter.id;
    },
    items,
  };
})();
