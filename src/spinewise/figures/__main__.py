"""Figures from the command line, without Django.

python -m spinewise.figures check [content/figures]
python -m spinewise.figures sheet content/figures out.html [--png out.png]
python -m spinewise.figures render content/figures/cat-cow.yaml out.svg [--still]
python -m spinewise.figures render content/figures/cat-cow.yaml out.png --at 0,0.25,0.5,0.75
python -m spinewise.figures merge content/figures content/exercises

A folder or file may hold figure files or exercise files with a `figure:` block.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spinewise.figures.body import LIMB_JOINTS, SIDES
from spinewise.figures.files import FigureFileError, exercise_name, figure_files, read_figure
from spinewise.figures.kinematics import CHANNEL_INDEX, X
from spinewise.figures.motion import build
from spinewise.figures.render import RenderedFigure, render_figure
from spinewise.figures.sheet import contact_sheet


def _exercises(folder: Path, given: str | None) -> Path | None:
    if given:
        return Path(given)
    guess = folder.resolve().parent / "exercises"
    return guess if guess.is_dir() else None


def _render_folder(folder: Path, exercises: Path | None) -> tuple[list[RenderedFigure], list[str]]:
    figures: list[RenderedFigure] = []
    errors: list[str] = []
    for path in figure_files(folder):
        try:
            spec = read_figure(path)
        except FigureFileError as err:
            errors.extend(err.problems)
            continue
        figures.append(render_figure(path.stem, exercise_name(path.stem, exercises), spec))
    return figures, errors


def _check(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    figures, errors = _render_folder(folder, _exercises(folder, args.exercises))
    for line in errors:
        print(line)
    for fig in figures:
        for problem in fig.problems:
            print(problem)
        for warning in fig.warnings:
            print(f"warning: {warning}")
    bad = len(errors) + sum(1 for fig in figures if not fig.ok)
    print(f"{len(figures) + len(errors)} figures checked, {bad} refused")
    return 1 if bad else 0


def _sheet(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    figures, errors = _render_folder(folder, _exercises(folder, args.exercises))
    for line in errors:
        print(line)
    html = contact_sheet(figures)
    Path(args.out).write_text(html, encoding="utf-8")
    if args.png:
        from spinewise.figures.preview import page_png

        page_png(html, Path(args.png), freeze_at=args.freeze)
    print(f"{len(figures)} figures written to {args.out}")
    return 1 if errors or any(not fig.ok for fig in figures) else 0


def _render(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        spec = read_figure(path)
    except FigureFileError as err:
        print("\n".join(err.problems))
        return 1
    name = exercise_name(path.stem, _exercises(path.parent, args.exercises))
    fig = render_figure(path.stem, name, spec)
    out = Path(args.out)
    if out.suffix == ".png":
        from spinewise.figures.preview import frames_png

        if args.still:
            frames_png(fig.still, [0.0], spec.seconds, out)
        else:
            times = [float(t) for t in args.at.split(",")]
            frames_png(fig.standalone, times, spec.seconds, out)
    else:
        out.write_text(fig.still if args.still else fig.standalone, encoding="utf-8")
    for problem in fig.problems:
        print(problem)
    for warning in fig.warnings:
        print(f"warning: {warning}")
    print(f"{out}: {fig.gzipped} bytes gzipped (animated), {len(fig.problems)} problems")
    return 0 if fig.ok else 1


def _pose(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        spec = read_figure(path)
    except FigureFileError as err:
        print("\n".join(err.problems))
        return 1
    motion = build(spec, path.stem)
    for i, (key, pose) in enumerate(zip(spec.keyframes, motion.solved, strict=True), start=1):
        print(f"keyframe {i} (at {key.at:g}):")
        print(f"    pelvis: {{x: {round(pose[X])}, tilt: {round(pose[CHANNEL_INDEX['tilt']])}}}")
        for name in ("lumbar", "thoracic", "neck"):
            print(f"    {name}: {round(pose[CHANNEL_INDEX[name]])}")
        for side in SIDES:
            joints = ", ".join(f"{j}: {round(pose[CHANNEL_INDEX[f'{side}.{j}']])}" for j in LIMB_JOINTS)
            print(f"    {side}: {{{joints}}}")
    for warning in motion.warnings:
        print(f"warning: {warning}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    from spinewise.figures.merge import merge

    report = merge(Path(args.figures), Path(args.exercises))
    for line in report.problems:
        print(line)
    print(
        f"{len(report.merged)} figures merged, {len(report.replaced)} replaced, {len(report.problems)} left out"
    )
    return 1 if report.problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spinewise.figures", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check every figure in a folder; exit 1 if any is refused")
    check.add_argument("folder", nargs="?", default="content/figures")
    check.add_argument("--exercises", help="folder of exercise YAML for the names (default: ../exercises)")
    check.set_defaults(run=_check)
    sheet = sub.add_parser("sheet", help="write the contact sheet (HTML) of every figure in a folder")
    sheet.add_argument("folder")
    sheet.add_argument("out")
    sheet.add_argument("--exercises")
    sheet.add_argument("--png", help="also save a screenshot (needs Chromium and Playwright)")
    sheet.add_argument(
        "--freeze", type=float, default=None, help="freeze the animations at this loop fraction"
    )
    sheet.set_defaults(run=_sheet)
    render = sub.add_parser("render", help="render one figure file to .svg, or to .png frames")
    render.add_argument("file")
    render.add_argument("out")
    render.add_argument("--still", action="store_true", help="the still (start faint, end solid, an arrow)")
    render.add_argument("--at", default="0,0.25,0.5,0.75", help="PNG only: loop fractions to show")
    render.add_argument("--exercises")
    render.set_defaults(run=_render)
    pose = sub.add_parser("pose", help="print each keyframe's angles as drawn, after the contact solver")
    pose.add_argument("file")
    pose.set_defaults(run=_pose)
    merge = sub.add_parser("merge", help="move each figure file into its exercise file as a `figure:` block")
    merge.add_argument("figures", nargs="?", default="content/figures")
    merge.add_argument("exercises", nargs="?", default="content/exercises")
    merge.set_defaults(run=_merge)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
