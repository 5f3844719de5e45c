/* Animated exercise figures: a Pause/Play button beside each one (WCAG 2.2.2), and, for the
 * player, swapping the figure as the routine moves from exercise to exercise and side to side.
 *
 * A figure is a container with `data-figure` holding the inline SVG and a button with
 * `data-figure-toggle`. The SVG's own stylesheet (linked, never inline: the pages run under a
 * strict Content-Security-Policy) pauses it when an ancestor has `data-paused`, and, for people
 * who ask for reduced motion, until the SVG has `data-play`.
 */

const reduced = window.matchMedia("(prefers-reduced-motion: reduce)");

/** Whether figures start still: the person asked their system for reduced motion. */
export function startsPaused() {
  return reduced.matches;
}

function drawState(box, playing) {
  const svg = box.querySelector("svg");
  box.toggleAttribute("data-paused", !playing);
  if (svg) svg.toggleAttribute("data-play", playing);
  const button = box.querySelector("[data-figure-toggle]");
  if (button) {
    button.textContent = playing ? gettext("Pause") : gettext("Play");
    button.setAttribute("aria-pressed", String(!playing));
    button.setAttribute("aria-label", playing ? gettext("Pause the animation") : gettext("Play the animation"));
  }
}

/** Whether the figure in `box` is moving. */
export function isPlaying(box) {
  return !box.hasAttribute("data-paused");
}

/** Play or pause the figure in `box`, and say so on its button. */
export function setPlaying(box, playing) {
  drawState(box, playing);
}

/** Wire one figure's button; the figure starts paused for reduced motion. Safe to call twice. */
export function bind(box) {
  if (box.dataset.figureBound) return;
  box.dataset.figureBound = "1";
  const button = box.querySelector("[data-figure-toggle]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", () => drawState(box, !isPlaying(box)));
  }
  drawState(box, !startsPaused());
}

/** Link a figure's stylesheet once per page (the player adds them as exercises come up). */
export function linkStylesheet(href) {
  if (!href) return;
  for (const link of document.querySelectorAll('link[rel="stylesheet"][data-figure-css]')) {
    if (link.getAttribute("href") === href) return;
  }
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  link.dataset.figureCss = "";
  document.head.append(link);
}

/**
 * Show `figure` ({slug, svg, css, view} or null) in `box`, mirrored for the person's left side.
 * The art is replaced only when the exercise changes, so a side switch does not restart the loop;
 * whether it plays carries over from one exercise to the next.
 */
export function showFigure(box, figure, mirrored) {
  const art = box.querySelector("[data-figure-art]");
  if (!figure || !figure.svg) {
    box.hidden = true;
    if (art) art.replaceChildren();
    box.dataset.figureSlug = "";
    return;
  }
  box.hidden = false;
  linkStylesheet(figure.css);
  if (art && box.dataset.figureSlug !== figure.slug) {
    art.innerHTML = figure.svg;
    box.dataset.figureSlug = figure.slug;
    drawState(box, isPlaying(box));
  }
  box.classList.toggle("is-mirrored", Boolean(mirrored));
  box.dataset.side = mirrored ? "left" : "right";
}

for (const box of document.querySelectorAll("[data-figure]")) bind(box);
