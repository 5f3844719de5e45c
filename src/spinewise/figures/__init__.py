"""Generated exercise figures: body model, kinematics, checks and SVG. Pure Python, no Django.

The calls the rest of the project needs:

    from spinewise.figures import FigureSpec, render_figure, render_library, contact_sheet

`render_figure(slug, name, spec)` returns the animated SVG, the still, the accessible description
and the problems the checks found. AUTHORING.md explains how to write a figure.

Integration, in a few calls:
- content schema: `figure: FigureSpec | None = None` on the exercise file; the content checker
  reports `render_figure(slug, name, spec).problems` (each names exercise, moment and joint);
- pages and the player: `.svg` inline (rendered once per content version); a pause button sets
  `data-paused` on the svg or any ancestor; with reduced motion it starts paused and `data-play`
  on the svg plays it;
- PDF and thumbnails: `.still` (or `.svg`: print draws its first frame);
- review: `contact_sheet(render_library(items))`.
"""

from spinewise.figures.checks import Problem
from spinewise.figures.files import FigureFileError, parse_figure, read_figure
from spinewise.figures.render import RenderedFigure, describe, prefix_for, render_figure, render_library
from spinewise.figures.schema import FigureSpec
from spinewise.figures.sheet import contact_sheet

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
