"""Figures as files: a `figure:` block in an exercise file under content/exercises/, or, while
being written, a figure of its own under content/figures/<slug>.yaml (`merge` moves it in)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from spinewise.figures.schema import FigureSpec


class FigureFileError(Exception):
    """A figure file that cannot be read; each problem names the file, the exercise and the field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_figure(raw: object, label: str) -> FigureSpec:
    """Validate a `figure:` block, or raise FigureFileError naming `label` and the field."""
    try:
        return FigureSpec.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(part) for part in err["loc"]) or "(whole figure)"
            problems.append(f"{label}: figure field '{field}': {err['msg']}")
        raise FigureFileError(problems) from exc


_EXERCISE = re.compile(r"^slug:", re.M)
_FIGURE = re.compile(r"^figure:", re.M)


def is_exercise_file(text: str) -> bool:
    return bool(_EXERCISE.search(text))


def read_figure(path: Path) -> FigureSpec:
    """The figure in a figure file, or in an exercise file's `figure:` block."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FigureFileError([f"{path.name}: not valid YAML: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise FigureFileError([f"{path.name}: expected the figure's fields at the top level"])
    if "slug" in raw:
        if raw.get("figure") is None:
            raise FigureFileError([f"{path.name}: {path.stem}: field 'figure': the exercise has no figure"])
        return parse_figure(raw["figure"], f"{path.name}: {path.stem}")
    return parse_figure(raw, f"{path.name}: {path.stem}")


def figure_files(folder: Path) -> list[Path]:
    """The files in `folder` that hold a figure: every figure file, and exercise files with a figure."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_") or "." in path.stem:
            continue  # drafts, and translations (cat-cow.es.yaml) of an exercise's words
        text = path.read_text(encoding="utf-8")
        if not is_exercise_file(text) or _FIGURE.search(text):
            out.append(path)
    return out


def exercise_name(slug: str, exercises: Path | None) -> str:
    """The exercise's `name` from content/exercises/<slug>.yaml, or the slug in words."""
    if exercises is not None:
        path = exercises / f"{slug}.yaml"
        if path.is_file():
            try:
                raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError:
                raw = None
            if isinstance(raw, dict) and isinstance(raw.get("name"), str):
                return str(raw["name"])
    return slug.replace("-", " ").capitalize()
