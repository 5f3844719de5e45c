/* The page's parts the player reads and writes (ids from training/player.html), and its 0-10 scales. */

const $ = (id) => document.getElementById(id);

export function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

/** The number chosen on a 0-10 scale of the page, or null. */
export function radioValue(root, name) {
  const checked = root.querySelector(`input[name="${name}"]:checked`);
  return checked ? Number(checked.value) : null;
}

/** Show (or, with "", clear) the message under one of the page's 0-10 scales. */
export function showFieldError(id, message) {
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

/** The page's parts the player writes to, by id (see training/player.html). */
export function findElements() {
  return {
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
    figure: $("player-figure"),
    reps: $("reps"),
    repCounter: $("rep-counter"),
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
    itemNote: $("item-note"),
    cautions: $("cautions"),
    howTo: $("how-to"),
    end: $("player-end"),
    endSummary: $("end-summary"),
    endForm: $("end-form"),
    notes: $("notes"),
    save: $("save-button"),
    saveError: $("save-error"),
    saved: $("saved"),
    announcer: $("announcer"),
  };
}
