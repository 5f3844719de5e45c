// The safety check, one short question per screen on a phone, with its progress.
// Progressive enhancement: without this script (or on a wider screen) every question is on one page,
// and the server checks the answers the same way either way. A follow-up question (data-follows)
// is shown only when every question it follows was answered "yes", as the server counts it.

const NARROW = "(max-width: 47.99rem)";

function progressWords(number, count) {
  return interpolate(gettext("Question %(number)s of %(count)s"), { number: number, count: count }, true);
}

function setUp(form) {
  const questions = [...form.querySelectorAll("fieldset.question")];
  const groups = [...form.querySelectorAll("fieldset.question-group")];
  const submit = form.querySelector("[data-testid=screening-submit]");
  const submitRow = submit ? submit.closest(".actions") : null;
  if (!questions.length || !submit || !submitRow) return;

  const said = (key) => form.querySelector(`input[name="${key}"][value="yes"]`)?.checked === true;
  const asked = (fieldset) => (fieldset.dataset.follows || "").split(" ").filter(Boolean).every(said);
  const answered = (fieldset) => fieldset.querySelector("input:checked") !== null;
  const list = () => questions.filter(asked);

  const status = document.createElement("p");
  status.className = "screening-progress";
  status.dataset.testid = "screening-progress";
  const words = document.createElement("span");
  words.setAttribute("aria-live", "polite");
  const bar = document.createElement("progress");
  bar.setAttribute("aria-hidden", "true");
  status.append(words, bar);
  form.querySelector(".question-group")?.before(status);

  const missing = document.createElement("p");
  missing.className = "errors";
  missing.setAttribute("role", "alert");
  missing.hidden = true;
  missing.textContent = gettext("Please answer yes or no.");

  const buttons = document.createElement("p");
  buttons.className = "step-buttons";
  const back = document.createElement("button");
  back.type = "button";
  back.className = "secondary";
  back.textContent = gettext("Back");
  back.dataset.testid = "step-back";
  const next = document.createElement("button");
  next.type = "button";
  next.textContent = gettext("Next question");
  next.dataset.testid = "step-next";
  buttons.append(back, next);
  submitRow.before(buttons);

  // After the server found a missing answer, start at the first one it named.
  const firstError = questions.findIndex((q) => q.hasAttribute("data-error"));
  let current = firstError >= 0 ? questions[firstError] : questions[0];

  function show(focus) {
    const shown = list();
    if (!shown.includes(current)) current = shown.find((q) => questions.indexOf(q) > questions.indexOf(current)) || shown[shown.length - 1];
    const index = shown.indexOf(current);
    for (const q of questions) q.hidden = q !== current;
    for (const g of groups) g.hidden = !g.contains(current);
    words.textContent = progressWords(index + 1, shown.length);
    bar.max = shown.length;
    bar.value = index + 1;
    back.hidden = index === 0;
    const last = index === shown.length - 1;
    next.hidden = last;
    submitRow.hidden = !last;
    missing.hidden = true;
    current.querySelector(".choices")?.before(missing);
    if (focus) {
      current.tabIndex = -1;
      current.focus();
    }
  }

  function forward() {
    if (!answered(current)) {
      missing.hidden = false;
      current.querySelector("input")?.focus();
      return;
    }
    const shown = list();
    const index = shown.indexOf(current);
    if (index < shown.length - 1) current = shown[index + 1];
    show(true);
  }

  next.addEventListener("click", forward);
  back.addEventListener("click", () => {
    const shown = list();
    const index = shown.indexOf(current);
    if (index > 0) current = shown[index - 1];
    show(true);
  });
  // Enter on an answer goes to the next question rather than sending a half-answered form.
  form.addEventListener("submit", (event) => {
    if (!submitRow.hidden) return;
    event.preventDefault();
    forward();
  });
  form.addEventListener("change", () => {
    missing.hidden = true;
    const shown = list();
    words.textContent = progressWords(shown.indexOf(current) + 1, shown.length);
    bar.max = shown.length;
  });
  form.classList.add("stepping");
  show(false);
}

const form = document.querySelector("form[data-screening]");
if (form && window.matchMedia(NARROW).matches) setUp(form);
if (form) form.dataset.ready = "true"; // for the browser tests: the script has run
