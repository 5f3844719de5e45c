"""How long `spinewise routine --minutes 9 --json` takes against a bare `python -c pass`, and where it goes.

Run from the project root:  .venv/bin/python bench/cli_startup.py [--runs 10]

Uses a throwaway data folder, prepared by a first run (migrated, library loaded) and a second that
keeps the answer. Then three commands run in turn, `runs` times each: `python -c pass`, the repeated
request (replayed from the kept answer, spinewise.replay) and a fresh request (another --seed each
run, so always the full command: Django, typer, the planner). The medians and their ratios to
`python -c pass` are printed (aim: within 15x). Then, for the full command, one run under
`python -X importtime` (the slowest imports by package) and one with the start-up steps timed:
importing the command, Django's set-up, the migration check, the content check, the rest.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["routine", "--minutes", "9", "--json"]
AIM = 15.0

# Runs the real command with bootstrap's steps wrapped in timers; prints one "step seconds" line each.
PHASES = """
import sys, time
start = time.perf_counter()
import spinewise.cli as cli
imported = time.perf_counter()
import spinewise.bootstrap as b
spent = {}
def timed(name, fn):
    def wrapper(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    return wrapper
for name in ("setup_django", "check_content_folder", "migrate_if_needed", "create_cache_table", "load_content"):
    setattr(b, name, timed(name, getattr(b, name)))
sys.argv = ["spinewise", *sys.argv[1:]]
try:
    cli.app(standalone_mode=False)
finally:
    end = time.perf_counter()
    print("import spinewise.cli", imported - start, file=sys.stderr)
    for name, seconds in spent.items():
        print(name, seconds, file=sys.stderr)
    print("the command itself (plan, JSON)", end - imported - sum(spent.values()), file=sys.stderr)
"""


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds, and the CPU seconds the process used (steadier on a busy machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fresh(n: int) -> list[str]:
    """The request with a seed no other run used: never answered from a kept answer."""
    return ["routine", "--minutes", "9", "--seed", str(1000 + n), "--json"]


# The full command line without the console script's replay (what `spinewise` ran before it), to
# show what reading the key before and after a full run costs.
WITHOUT_REPLAY = "from spinewise.cli import main; main()"


def import_breakdown(python: str, env: dict[str, str], top: int) -> None:
    code = f"import sys; sys.argv = ['spinewise', *{COMMAND!r}]; from spinewise.cli import main; main()"
    done = subprocess.run(
        [python, "-X", "importtime", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    by_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|(\s*)(\S+)", line)
        if match:
            by_package[match.group(3).split(".")[0]] += int(match.group(1)) / 1000
    total = sum(by_package.values())
    print(f"\nthe full command's imports: {total:.0f} ms in all; by top-level package (self time):")
    for name, ms in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {name:<28}{ms:7.1f} ms")


def phase_breakdown(python: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [python, "-c", PHASES, *COMMAND], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    print("\nthe full command's start-up steps (one run):")
    for line in done.stderr.splitlines():
        name, _, seconds = line.rpartition(" ")
        try:
            print(f"  {name:<36}{float(seconds) * 1000:7.1f} ms")
        except ValueError:
            continue


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--top", type=int, default=15, help="how many packages to list")
    args = parser.parse_args()
    if not 1 <= args.runs <= 200:
        sys.exit("--runs 1..200")
    python = sys.executable
    spinewise = str(Path(python).parent / "spinewise")
    folder = tempfile.mkdtemp(prefix="spinewise-cli-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPINEWISE_") and k != "DATABASE_URL"}
    env.update(SPINEWISE_DATA_DIR=folder, SPINEWISE_CONTENT_DIR=str(ROOT / "src" / "spinewise" / "content"))
    try:
        first, _ = run([spinewise, *COMMAND], env)  # keeps nothing: there was no database before it
        run([spinewise, *COMMAND], env)  # keeps its answer
        bare: list[tuple[float, float]] = []
        replayed: list[tuple[float, float]] = []
        full: list[tuple[float, float]] = []
        unkept: list[tuple[float, float]] = []
        for n in range(args.runs):
            bare.append(run([python, "-c", "pass"], env))
            replayed.append(run([spinewise, *COMMAND], env))
            full.append(run([spinewise, *fresh(n)], env))
            unkept.append(run([python, "-c", WITHOUT_REPLAY, *fresh(args.runs + n)], env))
        kept = len(list((Path(folder) / "answers").glob("*.json")))
        print(f"first run (migrate and load into an empty folder): {first * 1000:.0f} ms")
        print(f"answers kept at the end: {kept} (the repeated request's, and each fresh one's)")
        print(f"{'':52}{'wall ms':>10}{'CPU ms':>10}")
        rows = (
            ("python -c pass", bare),
            (f"spinewise {' '.join(COMMAND)} (replayed)", replayed),
            ("spinewise routine --minutes 9 --seed N --json (fresh)", full),
            ("  the same through spinewise.cli:main (no replay)", unkept),
        )
        for label, samples in rows:
            print(
                f"{label:<52}{statistics.median(s[0] for s in samples) * 1000:10.1f}"
                f"{statistics.median(s[1] for s in samples) * 1000:10.1f}"
            )
        for what, samples in (("replayed", replayed), ("fresh", full), ("fresh, no replay", unkept)):
            for n, clock in enumerate(("wall-clock", "CPU")):
                ratio = statistics.median(s[n] for s in samples) / statistics.median(s[n] for s in bare)
                print(
                    f"ratio, {what} ({clock}): {ratio:.1f}x (aim: within {AIM:.0f}x),"
                    f" medians of {args.runs} interleaved runs"
                )
        import_breakdown(python, env, args.top)
        phase_breakdown(python, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
