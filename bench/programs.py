"""How long a program's pages take to work out: the schedule, a workout with the pain rule, the calendar.

Run from the project root:  .venv/bin/python bench/programs.py [--runs 200]

Uses a throwaway SQLite database in a temporary folder, migrated and loaded with the real content.
One person follows the six-week program with lifetime access, a year into their history
(365 sessions, 17 program workouts done, two pauses). Prints the median and 95th percentile of
`plan_for` (the schedule), `prepare` (a workout through the pain rule) and the .ics file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]


def timed(label: str, runs: int, work: Callable[[], object]) -> None:
    work()  # warm caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"{label:<38} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms   peak {peak / 1024:8.1f} KiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="spinewise-bench-")
    os.environ["SPINEWISE_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    from spinewise.bootstrap import prepare as bootstrap

    bootstrap()

    from history_data import add_items

    from spinewise.accounts.services import create_account
    from spinewise.programs.access import grant
    from spinewise.programs.ics import calendar
    from spinewise.programs.models import Enrolment, Pause, Program, ProgramSession
    from spinewise.programs.services import plan_for
    from spinewise.programs.workouts import prepare, record_pain_now
    from spinewise.safety.models import Screening
    from spinewise.training.models import Session

    user = create_account("bench@example.com", "a-long-bench-password")
    Screening.objects.create(user=user, source="web", answers={}, urgency=0)
    program = Program.objects.get(slug="six-week-lower-back")
    grant(user, program)
    now = datetime.now(UTC)
    start = (now - timedelta(days=40)).date()
    enrolment = Enrolment.objects.create(user=user, program=program, start_date=start, weekdays=[0, 2, 4])
    Pause.objects.create(
        enrolment=enrolment, start=start + timedelta(days=3), end=start + timedelta(days=5), reason="chosen"
    )
    Pause.objects.create(
        enrolment=enrolment, start=start + timedelta(days=9), end=start + timedelta(days=10), reason="chosen"
    )
    sessions = Session.objects.bulk_create(
        Session(
            user=user,
            source="web",
            routine_name="bench",
            prescription={},
            started_at=now - timedelta(days=n, hours=1),
            finished_at=now - timedelta(days=n),
            status="complete",
            pain_before=3,
            worst_pain_during=4,
            pain_after=2,
        )
        for n in range(1, 366)
    )
    add_items(sessions)
    ProgramSession.objects.bulk_create(
        ProgramSession(
            session=s, enrolment=enrolment, number=n + 1, dose_week=1 + n // 3, decision="progress"
        )
        for n, s in enumerate(sessions[:17])
    )
    record_pain_now(user, 3)
    today = now.date()
    plan = plan_for(enrolment, today)
    print(f"six-week program, a year of history ({len(sessions)} sessions), {args.runs} runs each")
    timed("schedule (plan_for)", args.runs, lambda: plan_for(enrolment, today))
    timed("workout 18 through the pain rule", args.runs, lambda: prepare(user, plan, 18))
    timed(
        "calendar file (.ics, 18 events)",
        args.runs,
        lambda: calendar(plan, time_zone="Europe/London", reminder=None, base_url="http://x/"),
    )


if __name__ == "__main__":
    main()
