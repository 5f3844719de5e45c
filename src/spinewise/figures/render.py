"""Render figures: the calls pages, the player, the PDF and the command line need."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spinewise.figures.checks import Problem, check_all, svg_problems
from spinewise.figures.motion import build
from spinewise.figures.schema import FigureSpec
from spinewise.figures.svg import Box, animated_svg, extent, frame, standalone, still_svg
from spinewise.figures.tracks import animate

VIEW_WORDS = {"side": "seen from the side", "front": "seen from the front", "end": "seen from above the head"}


@dataclass(frozen=True)
class RenderedFigure:
    slug: str
    name: str
    view: str
    svg: str  # animated markup: classes and presentation attributes, no <style>
    css: str  # its stylesheet: the @keyframes, the pause and reduced-motion rules
    still: str  # start faint, end solid, an arrow; no CSS at all
    description: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def standalone(self) -> str:
        """The animated figure as one file, its stylesheet inside."""
        return standalone(self.svg, self.css)

    @property
    def gzipped(self) -> int:
        """What the animated figure costs a page: markup and stylesheet, gzipped."""
        return len(gzip.compress(self.standalone.encode(), compresslevel=9))


@cache
def renderer_fingerprint() -> str:
    """A digest of the renderer's own code: stored figures are drawn again when it changes."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prefix_for(slug: str, *, still: bool = False) -> str:
    """Class and keyframe names start with this, so figures can share a page."""
    clean = re.sub(r"[^a-z0-9-]", "-", slug.lower())
    return ("s-" if still else "f-") + clean


def describe(spec: FigureSpec, name: str) -> str:
    """The accessible name: the author's `describe`, or the exercise, the view and the steps."""
    if spec.describe:
        return spec.describe
    steps = [key.say for key in spec.keyframes if key.say]
    text = f"{name}, {VIEW_WORDS[spec.view]}"
    if steps:
        text += ": " + ", then ".join(steps) + ", and again"
    return text + "."


def render_figure(slug: str, name: str, spec: FigureSpec, *, checks: bool = True) -> RenderedFigure:
    motion = build(spec, slug)
    anim = animate(motion)
    box: Box = frame(motion, extent(motion, anim))
    problems = check_all(motion, anim, box, slug) if checks else []
    if any(p.message.startswith(("is planted", "should touch")) for p in problems):
        # The keyframe reduction may have cut a corner; try again with tighter tolerances.
        anim = animate(motion, scale=0.25)
        box = frame(motion, extent(motion, anim))
        problems = check_all(motion, anim, box, slug)
    text = describe(spec, name)
    svg, css = animated_svg(motion, anim, prefix_for(slug), text, box)
    if checks:
        problems += svg_problems(css, slug)
    return RenderedFigure(
        slug=slug,
        name=name,
        view=spec.view,
        svg=svg,
        css=css,
        still=still_svg(motion, prefix_for(slug, still=True), text, box),
        description=text,
        problems=problems,
        warnings=motion.warnings,
    )


def render_library(
    items: Iterable[tuple[str, str, FigureSpec]], *, checks: bool = True
) -> list[RenderedFigure]:
    """Every figure of a library, given (slug, exercise name, figure) for each exercise."""
    return [render_figure(slug, name, spec, checks=checks) for slug, name, spec in items]
