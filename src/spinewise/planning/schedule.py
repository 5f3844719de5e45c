"""When a program's workouts fall, when its weeks unlock, and streaks. Pure Python, dates only.

Week N unlocks on the start date + 7 x (N - 1) days. A week's workouts fall on the person's
chosen weekdays inside that week's seven days, so every week keeps the same rhythm. A pause
moves every date on or after its first day by the days it lasted; while a pause is still on,
it lasts until tomorrow at least, so nothing falls due during it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# The week starts on Monday (Python's weekday 0) everywhere: profiles, enrolment, calendars.
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Pause:
    start: date
    end: date | None = None  # the day the person resumed; None while still paused

    def days(self, today: date) -> int:
        end = self.end if self.end is not None else max(today + timedelta(days=1), self.start)
        return max(0, (end - self.start).days)


def shifted(day: date, pauses: Iterable[Pause], today: date) -> date:
    """A planned day moved by every pause that began on or before it (as moved by the earlier ones)."""
    offset = 0
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start <= day + timedelta(days=offset):
            offset += pause.days(today)
    return day + timedelta(days=offset)


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled workout: its number from 1, its week, and its date after pauses."""

    number: int
    week: int
    index: int  # 0-based place in its week
    planned: date
    unlocks: date


def week_start(start: date, week: int) -> date:
    return start + timedelta(days=7 * (week - 1))


def schedule(
    start: date,
    weekdays: Sequence[int],
    weeks: int,
    per_week: int,
    pauses: Sequence[Pause] = (),
    today: date | None = None,
) -> list[Slot]:
    """Every workout's date, `per_week` of them in each of `weeks` weeks.

    `weekdays` are Python weekday numbers (Monday 0); there must be exactly `per_week` of them.
    """
    days = sorted(set(weekdays))
    if len(days) != per_week or any(not 0 <= d <= 6 for d in days):
        raise ValueError(f"choose {per_week} different weekdays (Monday 0 to Sunday 6)")
    today = today or start
    slots: list[Slot] = []
    for week in range(1, weeks + 1):
        first = week_start(start, week)
        unlocks = shifted(first, pauses, today)
        in_week = sorted(first + timedelta(days=(d - first.weekday()) % 7) for d in days)
        for index, planned in enumerate(in_week):
            slots.append(
                Slot(
                    number=len(slots) + 1,
                    week=week,
                    index=index,
                    planned=shifted(planned, pauses, today),
                    unlocks=unlocks,
                )
            )
    return slots


def parse_weekdays(names: Iterable[str]) -> list[int]:
    return sorted({WEEKDAY_NAMES.index(name) for name in names})


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    best: int


def streak(workouts: Sequence[tuple[date, bool]], today: date) -> Streak:
    """Scheduled workouts done in a row: (planned date, done) pairs in any order.

    A workout done late counts once it is done; one not done yet breaks the run only after
    its day has passed; rest days are not workouts, so they never break it. One done ahead
    of its date counts too.
    """
    ordered = sorted(workouts, key=lambda w: w[0])
    best = run = 0
    for planned, done in ordered:
        if done:
            run += 1
            best = max(best, run)
        elif planned < today:
            run = 0
    # The current run ends at the latest workout that counts: today's not-yet-done workout and
    # later ones neither add to it nor break it.
    return Streak(current=run, best=best)
