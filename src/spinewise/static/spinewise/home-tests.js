/* The home tests one at a time: the battery form becomes a screen per step, and each timed test gets
 * a stopwatch with the player's own sounds and vibrations (player/sound.js) and clock (player/clock.js).
 *
 * Without JavaScript the page stays one long form that works as it is. With it, the same form is
 * shown step by step (Back, Next, "Step 3 of 9"); nothing is sent until the last step's Save.
 * A `data-speed` above 1 on the form runs the stopwatches faster (tests and demos).
 */

import { Clock, TICK_MS } from "./player/clock.js";
import { haptics, sound } from "./player/sound.js";

const GET_READY_SECONDS = 3;

function secondsText(n) {
  return interpolate(ngettext("%(n)s second", "%(n)s seconds", n), { n: n }, true);
}

/** 75 -> "1:15"; 42 -> "42". */
function clockText(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  if (whole < 60) return String(whole);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

class Stopwatch {
  constructor(root, speed) {
    this.root = root;
    this.speed = speed;
    this.input = document.getElementById(root.dataset.for);
    this.max = Number(root.dataset.max) || 600;
    this.time = root.querySelector("[data-sw-time]");
    this.status = root.querySelector("[data-sw-status]");
    this.startButton = root.querySelector("[data-sw-start]");
    this.stopButton = root.querySelector("[data-sw-stop]");
    this.clock = null;
    this.timer = 0;
    this.going = false; // past the count of three
    this.lastTick = 0;
    this.startButton.addEventListener("click", () => this.start());
    this.stopButton.addEventListener("click", () => this.stop());
    root.hidden = false;
  }

  get running() {
    return this.clock !== null;
  }

  start() {
    if (this.running) return;
    sound.unlock(); // inside the tap: the only moment iOS lets audio start
    haptics.target = this.root;
    this.clock = new Clock(this.speed);
    this.going = false;
    this.lastTick = 0;
    this.root.dataset.state = "ready";
    this.startButton.hidden = true;
    this.stopButton.hidden = false;
    this.stopButton.focus();
    this.status.textContent = interpolate(
      ngettext(
        "Get into position: the timer starts in %(n)s second.",
        "Get into position: the timer starts in %(n)s seconds.",
        GET_READY_SECONDS,
      ),
      { n: GET_READY_SECONDS },
      true,
    );
    sound.cue("rest");
    haptics.cue("rest");
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  tick() {
    const seconds = this.clock.seconds();
    if (!this.going) {
      const left = GET_READY_SECONDS - seconds;
      if (left > 0) {
        this.time.textContent = String(Math.ceil(left));
        return;
      }
      this.going = true;
      this.root.dataset.state = "running";
      this.status.textContent = gettext("Go: the timer is running. Tap Stop when you stop.");
      sound.cue("hold");
      haptics.cue("hold");
    }
    const elapsed = seconds - GET_READY_SECONDS;
    this.time.textContent = clockText(elapsed);
    this.time.setAttribute("aria-label", secondsText(Math.floor(elapsed)));
    // A soft tick every ten seconds, to keep count with the eyes closed or the phone on the floor.
    const tens = Math.floor(elapsed / 10);
    if (tens > this.lastTick) {
      this.lastTick = tens;
      sound.tick();
    }
    if (elapsed >= this.max) this.stop();
  }

  stop() {
    if (!this.running) return;
    clearInterval(this.timer);
    const elapsed = this.going ? this.clock.seconds() - GET_READY_SECONDS : 0;
    this.clock = null;
    this.startButton.hidden = false;
    this.startButton.textContent = gettext("Time it again");
    this.stopButton.hidden = true;
    this.root.dataset.state = "stopped";
    sound.cue("end");
    haptics.cue("end");
    if (!this.going) {
      this.time.textContent = "0";
      this.status.textContent = gettext("Stopped before the start: nothing was filled in.");
      this.startButton.focus();
      return;
    }
    const value = Math.min(this.max, Math.max(1, Math.round(elapsed)));
    this.time.textContent = clockText(value);
    this.input.value = String(value);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.status.textContent = interpolate(
      ngettext(
        "Stopped at %(n)s second: filled in as your result. Change it if you need to.",
        "Stopped at %(n)s seconds: filled in as your result. Change it if you need to.",
        value,
      ),
      { n: value },
      true,
    );
    this.input.focus();
  }
}

class Steps {
  constructor(form) {
    this.form = form;
    this.steps = Array.from(form.querySelectorAll("[data-step]"));
    this.index = 0;
    this.progress = document.createElement("p");
    this.progress.className = "step-progress";
    this.progress.dataset.testid = "step-progress";
    this.progress.setAttribute("aria-live", "polite");
    form.prepend(this.progress);
    this.steps.forEach((step, i) => this.addNav(step, i));
    form.classList.add("stepped");
    // After a refused save, open the first step with something to fix.
    const wrong = this.steps.findIndex((step) => step.querySelector(".errors, [aria-invalid='true']"));
    this.show(wrong === -1 ? 0 : wrong, false);
  }

  title(step) {
    const heading = step.querySelector("h2, h3");
    return heading ? heading.textContent.trim() : "";
  }

  addNav(step, i) {
    const nav = document.createElement("p");
    nav.className = "actions step-nav";
    if (i > 0) {
      const back = document.createElement("button");
      back.type = "button";
      back.className = "secondary";
      back.textContent = gettext("Back");
      back.dataset.testid = "step-back";
      back.addEventListener("click", () => this.show(i - 1));
      nav.append(back);
    }
    if (i < this.steps.length - 1) {
      const next = document.createElement("button");
      next.type = "button";
      const isTest = step.classList.contains("test");
      next.textContent = isTest ? gettext("Next (or skip this test)") : gettext("Next");
      next.dataset.testid = "step-next";
      next.addEventListener("click", () => this.show(i + 1));
      nav.append(next);
    }
    step.append(nav);
  }

  show(index, focus = true) {
    this.index = index;
    this.steps.forEach((step, i) => {
      step.hidden = i !== index;
    });
    const step = this.steps[index];
    this.progress.textContent = interpolate(
      gettext("Step %(number)s of %(count)s: %(title)s"),
      { number: index + 1, count: this.steps.length, title: this.title(step) },
      true,
    );
    if (focus) {
      const heading = step.querySelector("h2, h3");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      this.form.scrollIntoView({ block: "start" });
    }
  }
}

function boot() {
  const form = document.getElementById("battery");
  if (!form) return;
  const speed = Math.min(Math.max(Number(form.dataset.speed) || 1, 1), 1000);
  form.querySelectorAll("[data-stopwatch]").forEach((root) => new Stopwatch(root, speed));
  new Steps(form);
}

boot();
