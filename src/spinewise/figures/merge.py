"""Move each content/figures/<slug>.yaml into its exercise file as a `figure:` block.

The block is appended at the end of the exercise file, which stays byte for byte as it was above
it; a figure merged before (the last block of the file) is replaced. Comments and anchors in the
figure survive, indented under `figure:`. The separate file is deleted once the merged exercise
file reads back to the same figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_BLOCK = re.compile(r"^figure:[^\n]*\n(?:(?:[ \t]+[^\n]*|[ \t]*)(?:\n|$))*\Z", re.M)


@dataclass
class MergeReport:
    merged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def without_figure(text: str) -> tuple[str, bool]:
    """The exercise file's text without a trailing `figure:` block, and whether it had one."""
    found = _BLOCK.search(text)
    if found is None:
        return text, False
    return text[: found.start()].rstrip("\n") + "\n", True


def as_block(figure_text: str) -> str:
    lines = figure_text.rstrip("\n").split("\n")
    return "figure:\n" + "".join(f"  {line}\n" if line.strip() else "\n" for line in lines)


def _load(text: str) -> Any:
    return yaml.safe_load(text)


def merge_one(figure: Path, exercise: Path, report: MergeReport) -> None:
    slug = figure.stem
    figure_text = figure.read_text(encoding="utf-8")
    try:
        wanted = _load(figure_text)
    except yaml.YAMLError as exc:
        report.problems.append(f"{figure.name}: not valid YAML, left where it is: {exc}")
        return
    if not isinstance(wanted, dict):
        report.problems.append(
            f"{figure.name}: expected the figure's fields at the top level, left where it is"
        )
        return
    original = exercise.read_text(encoding="utf-8")
    base, had = without_figure(original if original.endswith("\n") else original + "\n")
    if had is False and re.search(r"^figure:", base, re.M):
        report.problems.append(
            f"{exercise.name}: {slug}: has a `figure:` block that is not the last one; move it by hand"
        )
        return
    merged = base + as_block(figure_text)
    try:
        data = _load(merged)
    except yaml.YAMLError as exc:
        report.problems.append(f"{exercise.name}: {slug}: the merged file would not be valid YAML: {exc}")
        return
    if not isinstance(data, dict) or data.get("figure") != wanted:
        report.problems.append(
            f"{exercise.name}: {slug}: the merged file would not read back the same figure"
        )
        return
    exercise.write_text(merged, encoding="utf-8")
    figure.unlink()
    (report.replaced if had else report.merged).append(slug)


def merge(figures: Path, exercises: Path) -> MergeReport:
    report = MergeReport()
    for figure in sorted(figures.glob("*.yaml")):
        if figure.name.startswith("_"):
            continue
        exercise = exercises / figure.name
        if not exercise.is_file():
            report.problems.append(f"{figure.name}: no exercise file {exercise}, left where it is")
            continue
        merge_one(figure, exercise, report)
    return report
