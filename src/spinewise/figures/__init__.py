"""Generated exercise figures: body model, kinematics, checks and SVG. Pure Python, no Django.

The calls the rest of the project needs:

    from spinewise.figures import FigureSpec, render_figure, render_library, contact_sheet

`render_figure(slug, name, spec)` returns the animated SVG markup and its stylesheet apart
(`.svg`, `.css`; `.standalone` joins them for a file), the still (`.still`, no CSS at all), the
accessible description and the problems the checks found. AUTHORING.md explains how to write one.

How the app uses them:
- content: `figure: FigureSpec | None` on the exercise file (`library.schema.ExerciseFile`); the
  content checker reports every problem (exercise, keyframe, joint); `merge` moves figure files in;
- the loader draws each figure once per content and renderer version and stores it on the row;
- pages and the player: the markup inline (classes and SVG attributes only, so a strict CSP
  allows it) and the stylesheet linked at a hashed URL; a pause button sets `data-paused` on an
  ancestor; with reduced motion it starts paused and `data-play` on the svg plays it;
- stills for thumbnails, tables and print; `contact_sheet(render_library(items))` for review.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spinewise.figures.checks import Problem
    from spinewise.figures.files import FigureFileError, parse_figure, read_figure
    from spinewise.figures.render import RenderedFigure, describe, prefix_for, render_figure, render_library
    from spinewise.figures.schema import FigureSpec
    from spinewise.figures.sheet import contact_sheet

# Each name is imported from its module on first use (PEP 562): reading an exercise file needs only
# the schema, and every command and web process would otherwise import the whole renderer.
_HOME = {
    "Problem": "checks",
    "FigureFileError": "files",
    "parse_figure": "files",
    "read_figure": "files",
    "RenderedFigure": "render",
    "describe": "render",
    "prefix_for": "render",
    "render_figure": "render",
    "render_library": "render",
    "FigureSpec": "schema",
    "contact_sheet": "sheet",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FigureFileError",
    "FigureSpec",
    "Problem",
    "RenderedFigure",
    "contact_sheet",
    "describe",
    "parse_figure",
    "prefix_for",
    "read_figure",
    "render_figure",
    "render_library",
]
