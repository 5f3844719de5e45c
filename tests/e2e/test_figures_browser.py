"""Chromium plays a figure exactly as the checks assume: each joint's rotation interpolated
linearly between its keyframes, the pelvis where the model puts it, paused on request."""

from __future__ import annotations

import itertools
import math
import re

from playwright.sync_api import Browser

from spinewise.figures import read_figure, render_figure
from spinewise.figures.motion import build
from spinewise.figures.tracks import animate, pose_at
from tests.e2e.conftest import ARTIFACTS
from tests.figure_data import FIGURES

FREEZE = """(t) => { for (const a of document.getAnimations()) { a.pause();
  a.currentTime = t * a.effect.getTiming().duration; } }"""
# Each animated group's computed rotation, and the pelvis group's origin in the SVG's own units.
READ = """() => {
  const svg = document.querySelector('svg');
  const toUser = svg.getScreenCTM().inverse();
  const out = {angles: {}, root: null};
  for (const g of svg.querySelectorAll('g[class]')) {
    const m = new DOMMatrix(getComputedStyle(g).transform);
    const name = g.getAttribute('class');
    if (!name.match(/-(\\d+|r)$/)) continue;
    out.angles[name] = Math.atan2(m.b, m.a) * 180 / Math.PI;
    if (name.endsWith('-r') && out.root === null) {
      const p = toUser.multiply(g.getScreenCTM());
      out.root = [p.e, p.f];
    }
  }
  return out;
}"""


def css_keyframes(svg: str) -> dict[str, list[tuple[float, float]]]:
    """Each @keyframes as (time in the loop, rotation in degrees), the loop's ends included."""
    out: dict[str, list[tuple[float, float]]] = {}
    for name, body in re.findall(r"@keyframes ([\w-]+)\{((?:[^{}]*\{[^{}]*\})*)\}", svg):
        keys: list[tuple[float, float]] = []
        for stops, angle in re.findall(r"([\d.,%]+)\{transform:[^}]*?rotate\((-?[\d.]+)deg\)\}", body):
            for stop in stops.split(","):
                keys.append((float(stop.rstrip("%")) / 100, float(angle)))
        out[name] = sorted(keys)
    return out


def at(keys: list[tuple[float, float]], t: float) -> float:
    for (t0, v0), (t1, v1) in itertools.pairwise(keys):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return keys[-1][1]


def test_chromium_draws_the_joint_angles_and_pelvis_the_model_computes(browser: Browser) -> None:
    spec = read_figure(FIGURES / "cat-cow.yaml")
    fig = render_figure("cat-cow", "Cat-Cow", spec)
    motion = build(spec, "cat-cow")
    anim = animate(motion)
    keyframes = css_keyframes(fig.css)
    page = browser.new_page(viewport={"width": 800, "height": 600})
    page.set_content(f'<!doctype html><body style="margin:0"><div style="width:800px">{fig.standalone}</div>')

    for t in (0.0, 0.23, 0.5, 0.81):
        page.evaluate(FREEZE, t)
        drawn = page.evaluate(READ)
        assert len(drawn["angles"]) >= 5
        for name, angle in drawn["angles"].items():
            assert math.isclose(angle, at(keyframes[name], t), abs_tol=0.05), (t, name)
        x, y = pose_at(motion, anim, t)[:2]
        assert math.isclose(drawn["root"][0], x, abs_tol=0.05) and math.isclose(
            drawn["root"][1], y, abs_tol=0.05
        )

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "figure-cat-cow-frozen.png"))
    page.close()


def test_a_paused_figure_holds_still_and_reduced_motion_starts_paused(browser: Browser) -> None:
    fig = render_figure("cat-cow", "Cat-Cow", read_figure(FIGURES / "cat-cow.yaml"))
    page = browser.new_page()
    page.set_content(f"<!doctype html><div data-paused>{fig.standalone}</div>")
    states = page.evaluate(
        "() => document.getAnimations().map(a => getComputedStyle(a.effect.target).animationPlayState)"
    )
    assert states and set(states) == {"paused"}
    page.close()

    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.set_content(f"<!doctype html><div>{fig.standalone}</div>")
    states = page.evaluate(
        "() => document.getAnimations().map(a => getComputedStyle(a.effect.target).animationPlayState)"
    )
    assert states and set(states) == {"paused"}
    page.evaluate("() => document.querySelector('svg').setAttribute('data-play', '')")
    states = page.evaluate(
        "() => document.getAnimations().map(a => getComputedStyle(a.effect.target).animationPlayState)"
    )
    assert set(states) == {"running"}
    context.close()
