"""Small figures for the figure tests: a valid one, and helpers to break it one way at a time."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from spinewise.figures import FigureSpec

ROOT = Path(__file__).resolve().parent.parent
# Figures live in their exercise files (`figure:`); the figure commands read both kinds of file.
FIGURES = ROOT / "src" / "spinewise" / "content" / "exercises"
EXERCISES = ROOT / "src" / "spinewise" / "content" / "exercises"

# Hands and knees, arching and rounding: the figure every other helper starts from.
QUADRUPED: dict[str, Any] = {
    "view": "side",
    "seconds": 6,
    "free": ["tilt", "both.hip", "both.shoulder"],
    "keyframes": [
        {
            "at": 0,
            "say": "the back arches",
            "pelvis": {"tilt": 92},
            "lumbar": -18,
            "thoracic": -8,
            "neck": -24,
            "both": {"hip": 88, "knee": 90, "ankle": -75, "shoulder": 80, "elbow": 0, "wrist": 85},
            "contacts": {
                "near.hand": "floor",
                "far.hand": "floor",
                "near.knee": "floor",
                "far.knee": "floor",
                "near.instep": "floor",
                "far.instep": "floor",
            },
        },
        {
            "at": 0.5,
            "say": "the back rounds",
            "pelvis": {"tilt": 52},
            "lumbar": 22,
            "thoracic": 22,
            "neck": 34,
            "both": {"hip": 56, "shoulder": 100},
            "contacts": {
                "near.hand": "floor",
                "far.hand": "floor",
                "near.knee": "floor",
                "far.knee": "floor",
                "near.instep": "floor",
                "far.instep": "floor",
            },
        },
    ],
}

# Standing still with the feet on the floor, for checks that need a simple body.
STANDING: dict[str, Any] = {
    "view": "side",
    "keyframes": [
        {"at": 0, "contacts": {"near.foot": "floor", "far.foot": "floor"}},
        {"at": 0.5, "contacts": {"near.foot": "floor", "far.foot": "floor"}},
    ],
}


def figure(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `base` with top-level fields replaced."""
    data = copy.deepcopy(base)
    data.update(changes)
    return data


def spec(data: dict[str, Any]) -> FigureSpec:
    return FigureSpec.model_validate(data)


def broken(base: dict[str, Any], index: int, **angles: Any) -> dict[str, Any]:
    """A deep copy of `base` with angles of one keyframe replaced (limb dicts merged)."""
    data = copy.deepcopy(base)
    key = data["keyframes"][index]
    for name, value in angles.items():
        if isinstance(value, dict):
            key.setdefault(name, {}).update(value)
        else:
            key[name] = value
    return data


def undrawn(slug: str = "superman") -> Any:
    """An exercise without a figure, as one added in the admin would be (content files all have one)."""
    from spinewise.library.models import Exercise

    exercise = Exercise.objects.get(slug=slug)
    for field in ("figure_svg", "figure_css", "figure_still", "figure_view", "figure_hash"):
        setattr(exercise, field, "")
    exercise.save()  # as the admin saves: the content version changes with it
    return exercise
