/* Cues that reach a person on the floor: a beep, a buzz (or a flash), spoken words; and the screen kept on.
 *
 * iOS keeps audio and speech silent until they first start inside a tap: `unlock()` is called
 * from the Start tap for that reason. Every cue is a nicety; none may break the player.
 */

import { WORK } from "./routine.js";

const SPEECH_KEY = "spinewise.speech";
const noop = () => {};

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

export const sound = {
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

export const haptics = {
  // Desktop browsers have navigator.vibrate but no motor: only touch devices are trusted to buzz.
  canVibrate:
    typeof navigator.vibrate === "function" &&
    Boolean(window.matchMedia) &&
    window.matchMedia("(pointer: coarse)").matches,
  target: null, // the element that flashes where nothing buzzes
  flashTimer: 0,

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
    this.flash();
  },

  flash() {
    // No vibration here (iOS, desktops): a brief change of colour, seen from the floor.
    const target = this.target;
    if (!target) return;
    target.classList.add("flash");
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => target.classList.remove("flash"), 350);
  },
};

export const speech = {
  supported: "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function",
  on: false,

  /** The "Spoken cues" checkbox: hidden where there is no speech, remembered where there is. */
  init(toggle, announce) {
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
      if (this.on) this.say(gettext("Spoken cues on."));
      else window.speechSynthesis.cancel();
      announce(this.on ? gettext("Spoken cues on.") : gettext("Spoken cues off."));
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

  /** A voice of the page's language ("es" finds "es-ES"), when the browser has one. */
  voiceFor(lang) {
    const primary = lang.toLowerCase().split("-")[0];
    return (window.speechSynthesis.getVoices() || []).find((v) => (v.lang || "").toLowerCase().startsWith(primary));
  },

  say(text) {
    if (!this.supported || !this.on || !text) return;
    try {
      window.speechSynthesis.cancel(); // the newest cue matters, not a queue of old ones
      const u = new SpeechSynthesisUtterance(text);
      u.lang = document.documentElement.lang || "en";
      const voice = this.voiceFor(u.lang);
      if (voice) u.voice = voice;
      window.speechSynthesis.speak(u);
    } catch (e) {
      /* speech is a nicety */
    }
  },
};

export const wake = {
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
