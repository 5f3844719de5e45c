"""Do the signed-in pages keep their query count and their time as one person's history grows?

Run from the project root:  .venv/bin/python bench/datascale.py [--people 2000] [--rounds 15]

In a throwaway data folder (SQLite), with the real content loaded, it makes one person enrolled in
the six-week program and `--people` others with a week of sessions each (`--people 100000` for the
issue's full size; the inserts then take a few minutes). The person's history is then grown to 1x,
10x and 100x, where 100x is ten years of daily sessions (three items each) and a sitting of the
test battery every week. At each size every page is asked once cold (Django's cache emptied, so
charts are drawn), `--rounds` times warm (made afresh: the whole-page cache emptied before each, as
for a page this worker does not keep), `--rounds` times after a write (the person's data stamp
changed before each, as a write of theirs that is not a session or a sitting does) and `--rounds` times kept
(answered from the whole-page cache), in-process through Django's test client; it prints the query
count of a page made afresh, the cold time, the warm median and its ratio to 1x (target: within
1.2), the median after a write and its ratio to 1x, and the kept median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEN_YEARS = 3650
SCALES = (1, 10, 100)
# (test, side) -> a value; the battery as a sitting records it.
RESULTS = {
    ("fingertip-to-floor", ""): 25.0,
    ("side-bending-fingertip-slide", "left"): 15.0,
    ("side-bending-fingertip-slide", "right"): 15.0,
    ("five-times-sit-to-stand", ""): 14.0,
    ("trunk-flexor-endurance", ""): 70.0,
    ("side-bridge-hold", "left"): 40.0,
    ("side-bridge-hold", "right"): 50.0,
    ("trunk-extensor-endurance", ""): 60.0,
}


def setup(folder: Path) -> None:
    os.environ.update(
        SPINEWISE_DATA_DIR=str(folder),
        SPINEWISE_SECRET_KEY="bench-only-secret-key-datascale-0123456789abcdef",
        SPINEWISE_CONTENT_DIR=str(ROOT / "src" / "spinewise" / "content"),
        DJANGO_SETTINGS_MODULE="spinewise.settings",
    )
    for key in ("DATABASE_URL", "SPINEWISE_CACHE_URL"):
        os.environ.pop(key, None)
    sys.path[:0] = [str(ROOT / "src")]
    import django

    django.setup()
    from django.conf import settings

    # The test client renders without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = ["*"]
    from spinewise.bootstrap import prepare

    prepare()


def sessions_for(user: Any, days: range, now: datetime) -> None:
    from history_data import add_items

    from spinewise.training.models import Session

    made = Session.objects.bulk_create(
        Session(
            user=user,
            source="web",
            routine_name="Morning release",
            prescription={"total_seconds": 600, "position_changes": 0, "relaxed": [], "items": []},
            started_at=now - timedelta(days=d, hours=2),
            finished_at=now - timedelta(days=d, hours=2) + timedelta(minutes=12),
            status="partial" if d % 9 == 0 else "complete",
            pain_before=3 + d % 4,
            worst_pain_during=3 + d % 4,
            pain_after=2 + d % 3,
        )
        for d in days
    )
    add_items(made, batch_size=2000)


def sittings_for(user: Any, days: range, now: datetime) -> None:
    from spinewise.assessments.models import Assessment, HomeTest, TestResult

    tests = {t.slug: t for t in HomeTest.objects.all()}
    weekly = [d for d in days if d % 7 == 3]
    made = Assessment.objects.bulk_create(
        Assessment(
            user=user, taken_at=now - timedelta(days=d, hours=3), kind="check", pain_now=3, stiffness=4
        )
        for d in weekly
    )
    TestResult.objects.bulk_create(
        TestResult(assessment=a, test=tests[slug], side=side, value=value + (a.pk % 5))
        for a in made
        for (slug, side), value in RESULTS.items()
        if slug in tests
    )


def others(count: int, now: datetime) -> None:
    """Everyone else: an account and a week of sessions each, in large inserts."""
    from django.contrib.auth.models import User

    from spinewise.training.models import Session

    batch = 5000
    for start in range(0, count, batch):
        users = User.objects.bulk_create(
            User(username=f"other{n}@example.com", email=f"other{n}@example.com", password="!")
            for n in range(start, min(count, start + batch))
        )
        Session.objects.bulk_create(
            (
                Session(
                    user=u,
                    source="web",
                    routine_name="Morning release",
                    prescription={"items": []},
                    started_at=now - timedelta(days=d, hours=1),
                    finished_at=now - timedelta(days=d),
                    status="complete",
                    pain_before=4,
                    pain_after=3,
                )
                for u in users
                for d in range(7)
            ),
            batch_size=5000,
        )


def member(now: datetime) -> tuple[Any, Any, str]:
    """The person: safety check passed, enrolled two weeks ago with lifetime access, pain given today."""
    from django.test import Client

    from spinewise.accounts.services import create_account
    from spinewise.programs.access import grant
    from spinewise.programs.models import Enrolment, Program
    from spinewise.programs.services import local_today, plan_for
    from spinewise.programs.workouts import record_pain_now
    from spinewise.safety.models import Screening

    user = create_account("bench@example.com", "a-long-bench-password")
    Screening.objects.create(user=user, source="web", answers={}, urgency=0)
    program = Program.objects.get(slug="six-week-lower-back")
    grant(user, program)
    start = (now - timedelta(days=14)).date()
    enrolment = Enrolment.objects.create(user=user, program=program, start_date=start, weekdays=[0, 2, 4])
    record_pain_now(user, 3)
    upcoming = plan_for(enrolment, local_today(user)).next_workout
    client = Client()
    client.force_login(user)
    player = f"/programs/current/workouts/{upcoming.number}/play/" if upcoming else ""
    return user, client, player


def measure(client: Any, user: Any, url: str, rounds: int) -> tuple[int, float, float, float, float]:
    """(queries, cold ms, warm ms, written ms, kept ms): warm pages are made afresh each time (the
    whole-page cache emptied before each request: a page not kept by this worker), written ones
    after a write of the person's that is not a session or a sitting (their data stamp changed,
    not their progress stamp), kept ones answered from the whole-page cache."""
    from django.core.cache import cache
    from django.db import connection

    from spinewise.accounts.stamps import touch
    from spinewise.web.pagecache import pages

    cache.clear()
    pages.clear()
    started = time.perf_counter()
    response = client.get(url)
    cold = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        sys.exit(f"{url}: status {response.status_code}\n{response.content[:500]!r}")
    seen: list[str] = []

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    pages.clear()
    with connection.execute_wrapper(counted):
        client.get(url)
    times = []
    for _ in range(rounds):
        pages.clear()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    written = []
    for _ in range(rounds):
        touch([user.pk], progress=False)
        started = time.perf_counter()
        client.get(url)
        written.append((time.perf_counter() - started) * 1000)
    kept = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(url)
        kept.append((time.perf_counter() - started) * 1000)
    return len(seen), cold, statistics.median(times), statistics.median(written), statistics.median(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--people", type=int, default=2000, help="other people in the database (issue: 100000)"
    )
    parser.add_argument("--rounds", type=int, default=15, help="warm requests a page and size")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="spinewise-datascale-") as tmp:
        setup(Path(tmp))
        from django.db import transaction

        now = datetime.now(UTC)
        started = time.perf_counter()
        with transaction.atomic():
            others(args.people, now)
            user, client, player = member(now)
        print(
            f"{args.people} other people with a week of sessions each: {time.perf_counter() - started:.1f} s"
        )
        pages = {
            "today": "/",
            "history": "/history/",
            "progress": "/progress/",
            "reports": "/progress/reports/",
        }
        if player:
            pages["player"] = player
        base: dict[str, float] = {}
        had = 0
        print(
            f"{'page':<10} {'size':>5} {'sessions':>8} {'queries':>7} {'cold ms':>8} {'warm ms':>8} {'ratio':>6}"
            f" {'written':>8} {'ratio':>6} {'kept ms':>8}"
        )
        for scale in SCALES:
            days = TEN_YEARS * scale // SCALES[-1]
            with transaction.atomic():
                sessions_for(user, range(had + 1, days + 1), now)
                sittings_for(user, range(had + 1, days + 1), now)
            had = days
            for name, url in pages.items():
                count, cold, warm, written, kept = measure(client, user, url, args.rounds)
                base.setdefault(name, warm)
                base.setdefault(name + " written", written)
                print(
                    f"{name:<10} {scale:>4}x {days:>8} {count:>7} {cold:>8.1f} {warm:>8.1f}"
                    f" {warm / base[name]:>6.2f} {written:>8.1f} {written / base[name + ' written']:>6.2f}"
                    f" {kept:>8.1f}"
                )


if __name__ == "__main__":
    main()
