"""How fast the figure library renders, and how small each figure is.

Run from the project root:  .venv/bin/python bench/figures.py [--runs 5]

Every figure in content/exercises (or --folder) is rendered `runs` times (solve, sample, write the animated SVG
and the still; the checks are timed apart, since a build runs them once per content version).
Times are CPU time of this process (`time.process_time`), so other work on a shared machine
does not inflate them. Aim: the whole library (about 80 figures) under 2 s on one core, and
every animated figure under 8 KB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]

from spinewise.figures.files import exercise_name, figure_files, read_figure  # noqa: E402
from spinewise.figures.render import render_figure  # noqa: E402

AIM_LIBRARY_S = 2.0
LIBRARY_SIZE = 80
AIM_GZIP = 8 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    # Figures live in their exercise files; a folder of figure files being written works too.
    parser.add_argument("--folder", default=str(ROOT / "src" / "spinewise" / "content" / "exercises"))
    args = parser.parse_args()
    folder = Path(args.folder)
    items = [
        (p.stem, exercise_name(p.stem, ROOT / "src" / "spinewise" / "content" / "exercises"), read_figure(p))
        for p in figure_files(folder)
    ]
    if not items:
        print(f"no figures in {folder}")
        return 1

    render: dict[str, list[float]] = {slug: [] for slug, _, _ in items}
    checked: dict[str, list[float]] = {slug: [] for slug, _, _ in items}
    sizes: dict[str, tuple[int, int, int]] = {}
    for _ in range(args.runs):
        for slug, name, spec in items:
            start = time.process_time()
            fig = render_figure(slug, name, spec, checks=False)
            render[slug].append(time.process_time() - start)
            start = time.process_time()
            render_figure(slug, name, spec, checks=True)
            checked[slug].append(time.process_time() - start)
            sizes[slug] = (len(fig.svg), fig.gzipped, len(gzip.compress(fig.still.encode(), 9)))

    print(f"{len(items)} figures, {args.runs} runs each, median CPU time\n")
    print(f"{'figure':30} {'render ms':>9} {'+checks ms':>10} {'svg B':>7} {'gzip B':>7} {'still gz B':>10}")
    for slug, _, _ in items:
        raw, gz, still = sizes[slug]
        print(
            f"{slug:30} {statistics.median(render[slug]) * 1000:>9.1f}"
            f" {statistics.median(checked[slug]) * 1000:>10.1f} {raw:>7} {gz:>7} {still:>10}"
        )
    per_figure = statistics.mean(statistics.median(times) for times in render.values())
    per_checked = statistics.mean(statistics.median(times) for times in checked.values())
    library = per_figure * len(items)
    projected = per_figure * LIBRARY_SIZE
    largest = max(gz for _, gz, _ in sizes.values())
    print(f"\nper figure: {per_figure * 1000:.1f} ms to render, {per_checked * 1000:.1f} ms with the checks")
    print(
        f"this library ({len(items)}): {library:.2f} s; projected for {LIBRARY_SIZE} figures: {projected:.2f} s"
    )
    print(f"largest animated figure: {largest} B gzipped (aim: under {AIM_GZIP} B)")
    ok = projected < AIM_LIBRARY_S and largest < AIM_GZIP
    print(
        f"\n{'within' if ok else 'OUTSIDE'} the aims ({AIM_LIBRARY_S} s for {LIBRARY_SIZE} figures, {AIM_GZIP} B gzipped)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
