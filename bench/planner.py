"""How fast the planner builds a routine, and how much memory one build takes.

Run from the project root:  .venv/bin/python bench/planner.py [--runs 1000]

The real library is read once from content/exercises (no Django, no database). Each request
is built `runs` times with seeds 0..runs-1, and the median and 95th percentile are printed.
Aim: under 2 ms median for a 9-minute and a 30-minute routine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.factories import specs_from_content  # noqa: E402

from spinewise.planning import candidates, ordering, planner  # noqa: E402
from spinewise.planning.model import ExerciseSpec, Profile  # noqa: E402
from spinewise.planning.vocabulary import Equipment, Level, State, expand_avoided  # noqa: E402

PROFILES: dict[str, Profile] = {
    "default (beginner, no equipment)": Profile(),
    "stiff, no kneeling": Profile(state=State.STIFF, avoid=expand_avoided(["kneeling"])),
    "intermediate, all equipment": Profile(level=Level.INTERMEDIATE, equipment=frozenset(Equipment)),
}
AIM_MS = 2.0


def clear_caches() -> None:
    candidates.STATIC_CACHE.clear()
    ordering.route.cache_clear()


def time_builds(library: list[ExerciseSpec], profile: Profile, minutes: int, runs: int) -> list[float]:
    out = []
    for seed in range(runs):
        start = time.perf_counter_ns()
        planner.plan_routine(library, profile, minutes, seed)
        out.append((time.perf_counter_ns() - start) / 1e6)
    return out


def peak_kib(library: list[ExerciseSpec], profile: Profile, minutes: int, *, cold: bool) -> float:
    if cold:
        clear_caches()
    tracemalloc.start()
    planner.plan_routine(library, profile, minutes, 1)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    runs = parser.parse_args().runs

    start = time.perf_counter()
    library = specs_from_content()
    print(f"library: {len(library)} exercises read in {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{runs} builds per line, seeds 0..{runs - 1}\n")
    print(f"{'profile':36} {'minutes':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    slow = False
    for name, profile in PROFILES.items():
        for minutes in (9, 30):
            times = time_builds(library, profile, minutes, runs)
            times.sort()
            median = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
            slow |= median >= AIM_MS
            print(f"{name:36} {minutes:>7} {median:>10.3f} {p95:>8.3f} {times[-1]:>8.3f}")

    print()
    for minutes in (9, 30):
        cold = peak_kib(library, Profile(), minutes, cold=True)
        warm = peak_kib(library, Profile(), minutes, cold=False)
        print(
            f"peak memory of one {minutes}-minute build:"
            f" {cold:.0f} KiB cold (empty caches), {warm:.0f} KiB warm"
        )
    print(f"\n{'SLOWER than' if slow else 'within'} the aim of {AIM_MS} ms median")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
