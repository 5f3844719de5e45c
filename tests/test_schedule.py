"""Program dates, weekly unlocking and pauses, and streaks: pure date arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spinewise.planning.schedule import Pause, schedule, shifted, streak

WED = date(2026, 11, 25)  # a Wednesday
MON_WED_FRI = [0, 2, 4]


def test_it_puts_each_week_on_the_chosen_weekdays_from_the_start_date() -> None:
    slots = schedule(WED, MON_WED_FRI, weeks=2, per_week=3)
    assert [s.planned for s in slots] == [
        date(2026, 11, 25),  # Wed
        date(2026, 11, 27),  # Fri
        date(2026, 11, 30),  # Mon
        date(2026, 12, 2),
        date(2026, 12, 4),
        date(2026, 12, 7),
    ]
    assert [s.number for s in slots] == [1, 2, 3, 4, 5, 6]
    assert [s.week for s in slots] == [1, 1, 1, 2, 2, 2]


def test_it_unlocks_week_n_on_start_plus_seven_times_n_minus_one() -> None:
    slots = schedule(WED, MON_WED_FRI, weeks=6, per_week=3)
    for slot in slots:
        assert slot.unlocks == WED + timedelta(days=7 * (slot.week - 1))
        assert slot.unlocks <= slot.planned < slot.unlocks + timedelta(days=7)


def test_a_finished_pause_moves_every_later_date_and_unlock_by_its_length() -> None:
    pause = Pause(date(2026, 12, 1), date(2026, 12, 6))  # five days
    before = schedule(WED, MON_WED_FRI, weeks=3, per_week=3)
    after = schedule(WED, MON_WED_FRI, weeks=3, per_week=3, pauses=[pause], today=date(2026, 12, 20))
    for old, new in zip(before, after, strict=True):
        expected = old.planned + timedelta(days=5) if old.planned >= pause.start else old.planned
        assert new.planned == expected
    # Week 2 began on 2 December, after the pause started: it opens five days later.
    assert after[3].unlocks == date(2026, 12, 7)
    # Week 1 opened before the pause: unchanged.
    assert after[0].unlocks == WED


def test_an_open_pause_keeps_everything_after_it_beyond_today() -> None:
    pause = Pause(date(2026, 12, 1))
    today = date(2026, 12, 10)
    slots = schedule(WED, MON_WED_FRI, weeks=3, per_week=3, pauses=[pause], today=today)
    for slot in slots:
        if slot.number <= 3:  # before the pause: untouched
            assert slot.planned < pause.start
        else:
            assert slot.planned > today


def test_two_pauses_add_up_and_the_second_counts_from_the_moved_dates() -> None:
    first = Pause(date(2026, 11, 26), date(2026, 11, 28))  # 2 days
    second = Pause(date(2026, 12, 3), date(2026, 12, 4))  # 1 day
    day = date(2026, 12, 2)
    # 2 Dec moves to 4 Dec with the first pause; the second began (3 Dec) before that, so +1.
    assert shifted(day, [second, first], today=date(2026, 12, 31)) == date(2026, 12, 5)


def test_a_pause_ended_the_day_it_began_moves_nothing() -> None:
    assert shifted(
        date(2026, 12, 2), [Pause(date(2026, 12, 1), date(2026, 12, 1))], date(2026, 12, 9)
    ) == date(2026, 12, 2)


def test_it_needs_exactly_as_many_weekdays_as_workouts_a_week() -> None:
    with pytest.raises(ValueError, match="choose 3 different weekdays"):
        schedule(WED, [0, 2], weeks=1, per_week=3)


def test_a_daily_program_falls_on_every_day() -> None:
    slots = schedule(WED, range(7), weeks=4, per_week=7)
    assert [s.planned for s in slots] == [WED + timedelta(days=n) for n in range(28)]


# ---------------------------------------------------------------- streaks

D = date(2026, 12, 1)


def day(n: int) -> date:
    return D + timedelta(days=n)


def test_a_streak_counts_workouts_done_in_a_row() -> None:
    got = streak([(day(0), True), (day(2), True), (day(4), True)], today=day(5))
    assert (got.current, got.best) == (3, 3)


def test_a_missed_workout_breaks_it_once_its_day_has_passed() -> None:
    got = streak([(day(0), True), (day(2), False), (day(4), True)], today=day(5))
    assert (got.current, got.best) == (1, 1)


def test_todays_workout_not_done_yet_does_not_break_it() -> None:
    got = streak([(day(0), True), (day(2), True), (day(4), False)], today=day(4))
    assert (got.current, got.best) == (2, 2)


def test_a_late_workout_counts_once_it_is_done() -> None:
    # Workout 2 was missed on day 2 and done late on day 3: the run is whole again.
    got = streak([(day(0), True), (day(2), True), (day(4), True)], today=day(6))
    assert got.current == 3


def test_rest_days_never_break_it_and_the_best_run_is_kept() -> None:
    history = [(day(0), True), (day(7), True), (day(14), False), (day(21), True), (day(28), True)]
    got = streak(history, today=day(29))
    assert (got.current, got.best) == (2, 2)
    assert streak([], today=D) == streak([(day(3), False)], today=D)
