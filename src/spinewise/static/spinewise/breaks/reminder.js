/* Desk mode's reminder while a spinewise tab is open: no push service, only this page's timer.
 *
 * The server says when the next break is (`next.json`: its own clock and the break's time), so a
 * wrong clock on this computer does not matter. The wait becomes a deadline on
 * `performance.now()`: a hidden tab's timers are throttled, but the check compares with the
 * deadline, so a late timer rings at most a little late, never a whole interval late; coming
 * back to the tab checks at once. At the break: a notification where the person allowed them
 * (asked only from a tap), and always the banner here, with a short beep when no notification
 * could be shown. "In 10 minutes" and "Skip this one" are one tap each and tell the server;
 * other open tabs hear of it through a BroadcastChannel. Player pages do not ring: a routine is
 * already under way.
 */

const CHECK_MS = 1000; // how often the deadline is looked at while waiting
const REFRESH_MS = 10 * 60 * 1000; // read the schedule again (changed in another tab or device)
const TAG = "spinewise-break";
const noop = () => {};

const root = document.getElementById("break-reminder");

const beeper = {
  ctx: null,
  /** Browsers keep audio silent until a tap: make the context on the first one on the page. */
  unlock() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx || this.ctx) return;
    try {
      this.ctx = new Ctx();
    } catch (e) {
      this.ctx = null;
    }
  },
  tone(freq, seconds, delay) {
    const ctx = this.ctx;
    if (!ctx) return;
    if (ctx.state === "suspended") ctx.resume().catch(noop);
    const t = ctx.currentTime + delay;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(freq, t);
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.3, t + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + seconds);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(t);
    osc.stop(t + seconds + 0.05);
  },
  ring() {
    try {
      [523, 659, 784].forEach((f, i) => this.tone(f, 0.2, i * 0.22));
      return Boolean(this.ctx);
    } catch (e) {
      return false; // sound is a nicety
    }
  },
};

function notify(takeUrl) {
  if (!("Notification" in window) || Notification.permission !== "granted") return false;
  try {
    const note = new Notification(gettext("Time to move"), {
      body: gettext("A short break on your feet or in your chair."),
      lang: document.documentElement.lang,
      tag: TAG,
    });
    note.addEventListener("click", () => {
      window.focus();
      window.location.assign(takeUrl);
    });
    return true;
  } catch (e) {
    return false; // some browsers allow notifications only from a service worker
  }
}

class Reminder {
  constructor(el) {
    this.el = el;
    this.urls = {
      next: el.dataset.nextUrl,
      snooze: el.dataset.snoozeUrl,
      skip: el.dataset.skipUrl,
      take: el.dataset.takeUrl,
    };
    const csrf = el.querySelector("input[name=csrfmiddlewaretoken]");
    this.csrf = csrf ? csrf.value : "";
    this.due = null; // performance.now() deadline of the next break
    this.next = null; // the break's time as the server gave it (ISO), sent back with a skip
    this.timer = 0;
    this.error = el.querySelector("[data-break-error]");
    this.channel = "BroadcastChannel" in window ? new BroadcastChannel(TAG) : null;
  }

  start() {
    this.el.querySelector("[data-break-snooze]").addEventListener("click", () => this.answer("snooze"));
    this.el.querySelector("[data-break-skip]").addEventListener("click", () => this.answer("skip"));
    this.el.querySelector("[data-break-take]").addEventListener("click", () => this.hide());
    document.addEventListener("pointerdown", () => beeper.unlock(), { once: true, capture: true });
    document.addEventListener("keydown", () => beeper.unlock(), { once: true, capture: true });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.check();
    });
    if (this.channel) {
      this.channel.addEventListener("message", (event) => {
        if (event.data && event.data.kind === "schedule") {
          this.hide();
          this.schedule(event.data.state);
        }
      });
    }
    this.load();
  }

  async load() {
    try {
      const response = await fetch(this.urls.next, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      this.schedule(await response.json());
    } catch (e) {
      this.retryLater();
    }
  }

  retryLater() {
    clearTimeout(this.timer);
    this.due = null;
    this.timer = setTimeout(() => this.load(), REFRESH_MS);
  }

  schedule(state) {
    clearTimeout(this.timer);
    this.el.dataset.enabled = state.enabled ? "on" : "off";
    if (!state.enabled || !state.next) {
      this.due = null;
      this.next = null;
      this.el.dataset.state = "off";
      return;
    }
    const wait = Date.parse(state.next) - Date.parse(state.now);
    this.next = state.next;
    this.due = performance.now() + Math.max(0, wait);
    this.refreshAt = performance.now() + REFRESH_MS;
    if (this.el.dataset.state !== "ringing") this.el.dataset.state = "waiting";
    this.el.dataset.next = state.next;
    this.check();
  }

  check() {
    clearTimeout(this.timer);
    if (this.due === null) return;
    const now = performance.now();
    if (now >= this.due) {
      this.due = null;
      this.ring();
      return;
    }
    if (now >= this.refreshAt) {
      this.load();
      return;
    }
    this.timer = setTimeout(() => this.check(), Math.min(CHECK_MS, this.due - now));
  }

  ring() {
    this.el.hidden = false;
    this.el.dataset.state = "ringing";
    const notified = notify(this.urls.take);
    this.el.dataset.alerted = notified ? "notification" : beeper.ring() ? "sound" : "banner";
  }

  hide() {
    this.el.hidden = true;
    if (this.error) this.error.hidden = true;
  }

  async answer(kind) {
    const body = new URLSearchParams();
    if (kind === "skip" && this.next) body.set("due", this.next);
    try {
      const response = await fetch(kind === "snooze" ? this.urls.snooze : this.urls.skip, {
        method: "POST",
        credentials: "same-origin",
        redirect: "error",
        headers: { Accept: "application/json", "X-CSRFToken": this.csrf },
        body,
      });
      const state = await response.json();
      if (!response.ok) throw new Error((state.errors || []).join(" ") || String(response.status));
      this.hide();
      this.el.dataset.state = "waiting";
      this.el.dataset.answered = kind;
      this.schedule(state);
      if (this.channel) this.channel.postMessage({ kind: "schedule", state });
    } catch (e) {
      if (this.error) {
        this.error.textContent = interpolate(
          gettext("That did not reach spinewise (%(reason)s). Try again in a moment."),
          { reason: e.message },
          true,
        );
        this.error.hidden = false;
      }
    }
  }
}

if (root && !document.body.classList.contains("player-page")) {
  new Reminder(root).start();
}
