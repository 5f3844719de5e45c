"""The exercise figures in Chromium, as a person meets them: the exercise page's figure moves,
its button pauses it, reduced motion starts it paused, and the player's figure follows the
routine from exercise to exercise and side to side. The contact sheet is kept as a screenshot."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from spinewise.library.models import Exercise
from tests.e2e.conftest import ARTIFACTS, SCREENSHOT_TIMEOUT_MS, shot, sign_in
from tests.e2e.test_player import Reports
from tests.figure_data import undrawn

SEVEN = "/play/routine/seven-back-stretches/"  # Cat-Cow, Knee-to-Chest (per side), Child's Pose...

# Every animated group's rotation with the animations frozen at loop fraction t.
ANGLES_AT = """(t) => {
  for (const a of document.getAnimations()) {
    if (!(a.effect && a.effect.target instanceof SVGElement)) continue;
    a.pause();
    a.currentTime = t * a.effect.getTiming().duration;
  }
  const out = {};
  for (const g of document.querySelectorAll('[data-figure] svg g[class]')) {
    const name = g.getAttribute('class');
    if (!/-(\\d+|r)$/.test(name)) continue;
    const m = new DOMMatrix(getComputedStyle(g).transform);
    out[name] = Math.round(Math.atan2(m.b, m.a) * 1800 / Math.PI) / 10;
  }
  return out;
}"""
PLAY_STATES = """() => [...new Set([...document.querySelectorAll('[data-figure] svg g[class]')]
  .filter((g) => /-\\d+$/.test(g.getAttribute('class')))
  .map((g) => getComputedStyle(g).animationPlayState))]"""
PLAY_STATE_IS = """(want) => {
  const states = [...new Set([...document.querySelectorAll('[data-figure] svg g[class]')]
    .filter((g) => /-\\d+$/.test(g.getAttribute('class')))
    .map((g) => getComputedStyle(g).animationPlayState))];
  return states.length === 1 && states[0] === want;
}"""


def wait_play_state(page: Page, want: str) -> None:
    """Every animated joint of the figure reaches `want` (the style applies a frame after the click)."""
    page.wait_for_function(PLAY_STATE_IS, arg=want)
    assert page.evaluate(PLAY_STATES) == [want]


RUNNING = """() => document.getAnimations().filter((a) => a.effect && a.effect.target instanceof SVGElement
  && a.playState === 'running').length"""


def test_the_exercise_page_figure_moves_and_its_button_pauses_it(page: Page) -> None:
    page.goto("/exercises/cat-cow/")
    toggle = page.locator("[data-figure-toggle]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Pause")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(RUNNING) > 5
    wait_play_state(page, "running")
    shot(page, "figure-exercise-page")

    toggle.click()
    expect(toggle).to_have_text("Play")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    wait_play_state(page, "paused")
    toggle.click()
    expect(toggle).to_have_text("Pause")
    wait_play_state(page, "running")

    # The joints really turn: at two moments of the loop the same joints stand differently.
    early, late = page.evaluate(ANGLES_AT, 0.05), page.evaluate(ANGLES_AT, 0.5)
    assert early.keys() == late.keys() and len(early) > 5
    assert sum(1 for name in early if abs(early[name] - late[name]) > 5) >= 3, (early, late)


def test_reduced_motion_starts_the_figure_paused_and_play_still_plays_it(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto("/exercises/bridge/")
    toggle = page.locator("[data-figure-toggle]")

    expect(toggle).to_have_text("Play")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    wait_play_state(page, "paused")
    assert page.evaluate(RUNNING) == 0

    toggle.click()
    expect(toggle).to_have_text("Pause")
    wait_play_state(page, "running")
    assert page.evaluate(RUNNING) > 3


def player_figure(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => { const box = document.getElementById('player-figure');
          const svg = box.querySelector('svg');
          return {hidden: box.hidden, slug: box.dataset.figureSlug, mirrored: box.classList.contains('is-mirrored'),
                  svg: svg ? svg.getAttribute('class') : null,
                  transform: svg ? getComputedStyle(svg).transform : null,
                  css: [...document.querySelectorAll('link[data-figure-css]')].map((l) => l.getAttribute('href'))}; }"""
    )
    return result


def test_the_player_figure_follows_the_routine_from_exercise_to_exercise_and_side_to_side(page: Page) -> None:
    undrawn("superman")  # as an exercise added in the admin without a figure would be
    sign_in(page, f"figure-{page.size_name}@example.com")  # type: ignore[attr-defined]
    reports = Reports(page)
    page.goto(f"{SEVEN}?speed=8")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "ready")
    if page.get_by_test_id("pain-before-2").count():
        page.get_by_test_id("pain-before-2").check()
    page.get_by_test_id("start").click()
    page.keyboard.press("n")  # past the lead-in

    expect(page.get_by_test_id("exercise-name")).to_have_text("Cat-Cow")
    figure = player_figure(page)
    cat_cow = Exercise.objects.get(slug="cat-cow")
    assert (figure["hidden"], figure["slug"], figure["mirrored"]) == (False, "cat-cow", False)
    assert figure["svg"].startswith("f-cat-cow") and figure["css"] == [cat_cow.figure_css_url()]
    assert page.evaluate(RUNNING) > 5  # its stylesheet came with it
    shot(page, "figure-player-cat-cow")

    # Pausing the figure carries over to the next exercise; Play starts it again.
    toggle = page.get_by_test_id("figure-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("n")  # skip Cat-Cow: Knee-to-Chest is coming
    expect(page.get_by_test_id("exercise-name")).to_have_text("Knee-to-Chest Stretch")
    expect(page.locator("#player-figure")).to_have_attribute("data-figure-slug", "knee-to-chest")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    wait_play_state(page, "paused")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")

    # A figure works the person's right side; for the left side it is mirrored.
    expect(page.get_by_test_id("phase-label")).to_contain_text("left side", timeout=20_000)
    drawn = page.locator("#player-figure svg")
    expect(drawn).to_have_css("transform", re.compile(r"^matrix\(-1, 0, 0, 1"))  # the flip has eased in
    first = player_figure(page)
    assert (first["slug"], first["mirrored"]) == ("knee-to-chest", True)
    assert first["transform"].startswith("matrix(-1, 0, 0, 1")
    shot(page, "figure-player-left-side")
    expect(page.get_by_test_id("phase-label")).to_contain_text("right side", timeout=20_000)
    expect(drawn).to_have_css("transform", "none")  # and back
    second = player_figure(page)
    assert (second["slug"], second["mirrored"], second["transform"]) == ("knee-to-chest", False, "none")

    # On to Child's Pose: its own figure, drawn the right way round again.
    expect(page.get_by_test_id("exercise-name")).to_have_text("Child's Pose", timeout=20_000)
    expect(page.locator("#player-figure")).to_have_attribute("data-figure-slug", "childs-pose")
    third = player_figure(page)
    assert third["mirrored"] is False and len(third["css"]) == 3

    # Superman has no figure here: the player shows none rather than a stale one.
    page.keyboard.press("n")
    page.keyboard.press("n")
    expect(page.get_by_test_id("exercise-name")).to_have_text("Superman")
    expect(page.locator("#player-figure")).to_be_hidden()
    # End and save, so no report is left to send when the page closes.
    page.get_by_test_id("stop").click()
    expect(page.get_by_test_id("stop")).to_have_text("Tap again to end")
    page.get_by_test_id("stop").click()
    page.get_by_test_id("worst-pain-2").check()
    page.get_by_test_id("pain-after-2").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    reports.settle()


def test_the_contact_sheet_shows_every_figure_side_by_side(page: Page) -> None:
    get_user_model().objects.create_superuser(
        f"staff-{page.size_name}", "s@example.com", "calm-river-stone-42"
    )  # type: ignore[attr-defined]
    page.goto("/admin/login/?next=/admin/library/exercise/")
    page.fill("input[name=username]", f"staff-{page.size_name}")  # type: ignore[attr-defined]
    page.fill("input[name=password]", "calm-river-stone-42")
    page.click("input[type=submit]")
    page.get_by_test_id("figures-sheet-link").click()

    drawn = Exercise.objects.exclude(figure_hash="").count()
    expect(page.locator(".figure-card")).to_have_count(drawn)
    # Every figure's own stylesheet is linked and loaded, and its animation runs.
    page.wait_for_function(
        "n => [...document.querySelectorAll('link[href*=\"/exercises/figures/\"]')]"
        ".filter((l) => l.sheet).length >= n",
        arg=drawn,
        timeout=30_000,
    )
    assert page.evaluate(RUNNING) > drawn
    page.evaluate(ANGLES_AT, 0.3)  # one moment of every loop, for a steady picture
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"figures-contact-sheet-{page.size_name}.png"),  # type: ignore[attr-defined]
        full_page=True,
        timeout=SCREENSHOT_TIMEOUT_MS,
    )
