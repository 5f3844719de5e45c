"""The desk-mode schedule (pure): working hours and days, time zones and daylight saving, snooze, skip.

Each test stops the clock (time-machine) and asks for the next breaks from "now", as the web
reminder, the settings page and the calendar feed do.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from spinewise.breaks.schedule import (
    DeskHours,
    break_seed,
    current_slot,
    day_slots,
    is_slot,
    next_break,
    next_breaks,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday 25 November 2026 (London is on GMT, UTC+0; New York on EST, UTC-5).
WEDNESDAY = datetime(2026, 11, 25, tzinfo=UTC)


def at(day: datetime, hh: int, mm: int = 0, zone: ZoneInfo = LONDON) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=zone).astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)


def test_breaks_fall_every_interval_after_the_start_and_before_the_end() -> None:
    hours = DeskHours(start=time(9, 0), end=time(17, 0), every=60, time_zone="Europe/London")
    slots = day_slots(hours, WEDNESDAY.date())
    assert [s.astimezone(LONDON).strftime("%H:%M") for s in slots] == [
        "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00",
    ]  # fmt: skip
    every_45 = DeskHours(start=time(9, 0), end=time(12, 0), every=45, time_zone="Europe/London")
    assert [s.astimezone(LONDON).strftime("%H:%M") for s in day_slots(every_45, WEDNESDAY.date())] == [
        "09:45", "10:30", "11:15",
    ]  # fmt: skip


def test_before_work_the_first_break_is_an_interval_after_the_start() -> None:
    hours = DeskHours(every=30, time_zone="Europe/London")
    with time_machine.travel(at(WEDNESDAY, 7, 12), tick=False):
        assert next_break(hours, now()) == at(WEDNESDAY, 9, 30)


def test_during_work_the_next_break_is_the_next_slot() -> None:
    hours = DeskHours(every=90, time_zone="Europe/London")
    with time_machine.travel(at(WEDNESDAY, 11, 59), tick=False):
        # 10:30, 12:00, 13:30, 15:00, 16:30
        assert next_breaks(hours, now(), 3) == [at(WEDNESDAY, 12), at(WEDNESDAY, 13, 30), at(WEDNESDAY, 15)]
    with time_machine.travel(at(WEDNESDAY, 12), tick=False):
        assert next_break(hours, now()) == at(WEDNESDAY, 13, 30)  # strictly after now


def test_after_work_the_next_break_is_on_the_next_working_day() -> None:
    hours = DeskHours(every=60, time_zone="Europe/London")
    with time_machine.travel(at(WEDNESDAY, 16, 30), tick=False):
        assert next_break(hours, now()) == at(WEDNESDAY + timedelta(days=1), 10)


def test_weekends_and_days_off_have_no_breaks() -> None:
    friday = WEDNESDAY + timedelta(days=2)
    monday = WEDNESDAY + timedelta(days=5)
    with time_machine.travel(at(friday, 17), tick=False):
        assert next_break(DeskHours(time_zone="Europe/London"), now()) == at(monday, 10)
    # Working only on Tuesdays and Thursdays.
    hours = DeskHours(days=frozenset({1, 3}), time_zone="Europe/London")
    with time_machine.travel(at(WEDNESDAY, 10, 30), tick=False):
        assert next_break(hours, now()) == at(WEDNESDAY + timedelta(days=1), 10)


def test_times_are_wall_clock_times_in_the_persons_zone() -> None:
    hours = DeskHours(every=60, time_zone="America/New_York")
    with time_machine.travel(at(WEDNESDAY, 12, zone=LONDON), tick=False):  # 07:00 in New York
        upcoming = next_break(hours, now())
    assert upcoming == at(WEDNESDAY, 10, zone=NEW_YORK)
    assert upcoming == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_a_late_evening_in_a_zone_ahead_of_utc_is_already_the_next_day_there() -> None:
    hours = DeskHours(every=60, time_zone="Asia/Tokyo", days=frozenset({3}))  # Thursdays only
    # Wednesday 23:30 UTC is Thursday 08:30 in Tokyo: Thursday's first break is 10:00 Tokyo time.
    with time_machine.travel(datetime(2026, 11, 25, 23, 30, tzinfo=UTC), tick=False):
        assert next_break(hours, now()) == datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


def test_a_break_keeps_its_wall_time_across_the_daylight_saving_change() -> None:
    hours = DeskHours(every=60, time_zone="Europe/London", days=frozenset(range(7)))
    # Clocks go forward in London on Sunday 29 March 2026.
    saturday = datetime(2026, 3, 28, tzinfo=UTC)
    sunday = datetime(2026, 3, 29, tzinfo=UTC)
    with time_machine.travel(at(saturday, 16, 30), tick=False):
        upcoming = next_breaks(hours, now(), 2)
    assert [u.astimezone(LONDON).strftime("%a %H:%M") for u in upcoming] == ["Sun 10:00", "Sun 11:00"]
    assert upcoming[0] == datetime(2026, 3, 29, 9, 0, tzinfo=UTC)  # 10:00 BST is 09:00 UTC
    assert at(saturday, 10) == datetime(2026, 3, 28, 10, 0, tzinfo=UTC)  # 10:00 GMT the day before
    assert upcoming[0] == at(sunday, 10)


def test_a_wall_time_in_the_spring_gap_moves_past_it() -> None:
    # London's clocks jump from 01:00 to 02:00 on 29 March 2026: 01:30 does not exist that day.
    hours = DeskHours(
        start=time(0, 30), end=time(3, 0), every=60, time_zone="Europe/London", days=frozenset({6})
    )
    slots = day_slots(hours, datetime(2026, 3, 29).date())
    # 01:30 is read as 02:30 BST, the same moment as the 02:30 break: one break, none an hour early.
    assert [s.astimezone(LONDON).strftime("%H:%M %Z") for s in slots] == ["02:30 BST"]
    assert slots == [datetime(2026, 3, 29, 1, 30, tzinfo=UTC)]


def test_a_snooze_puts_the_break_off_and_later_slots_follow() -> None:
    with time_machine.travel(at(WEDNESDAY, 10, 0) + timedelta(seconds=5), tick=False):
        hours = DeskHours(every=60, time_zone="Europe/London", snoozed_until=now() + timedelta(minutes=10))
        assert next_breaks(hours, now(), 2) == [
            at(WEDNESDAY, 10, 10) + timedelta(seconds=5),
            at(WEDNESDAY, 11),
        ]
    # Once the snooze has passed it is forgotten.
    with time_machine.travel(at(WEDNESDAY, 10, 30), tick=False):
        assert next_break(hours, now()) == at(WEDNESDAY, 11)


def test_a_snooze_past_a_slot_passes_over_that_slot() -> None:
    with time_machine.travel(at(WEDNESDAY, 10, 55), tick=False):
        hours = DeskHours(every=60, time_zone="Europe/London", snoozed_until=at(WEDNESDAY, 11, 5))
        assert next_breaks(hours, now(), 2) == [at(WEDNESDAY, 11, 5), at(WEDNESDAY, 12)]


def test_a_skipped_slot_is_left_out() -> None:
    hours = DeskHours(every=60, time_zone="Europe/London", skipped=frozenset({at(WEDNESDAY, 11)}))
    with time_machine.travel(at(WEDNESDAY, 10, 30), tick=False):
        assert next_breaks(hours, now(), 2) == [at(WEDNESDAY, 12), at(WEDNESDAY, 13)]


def test_the_current_slot_is_the_one_just_rung() -> None:
    hours = DeskHours(every=60, time_zone="Europe/London")
    with time_machine.travel(at(WEDNESDAY, 11, 4), tick=False):
        assert current_slot(hours, now(), timedelta(minutes=60)) == at(WEDNESDAY, 11)
    with time_machine.travel(at(WEDNESDAY, 9, 30), tick=False):
        assert current_slot(hours, now(), timedelta(minutes=60)) is None  # before the first break
    assert is_slot(hours, at(WEDNESDAY, 11))
    assert not is_slot(hours, at(WEDNESDAY, 11, 30))
    assert not is_slot(hours, at(WEDNESDAY + timedelta(days=3), 11))  # a Saturday


def test_each_break_has_its_own_seed() -> None:
    seeds = {break_seed(at(WEDNESDAY, h)) for h in range(10, 17)}
    assert len(seeds) == 7


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"every": 20}, "every must be one of 30, 45, 60, 90"),
        ({"start": time(17), "end": time(9)}, "end after they start"),
        ({"days": frozenset()}, "at least one"),
        ({"days": frozenset({7})}, "weekday numbers"),
    ],
)
def test_impossible_hours_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DeskHours(**kwargs)  # type: ignore[arg-type]


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_break(DeskHours(), datetime(2026, 11, 25, 9))
