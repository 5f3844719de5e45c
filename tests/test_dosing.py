"""Dose arithmetic: a dose's estimated time, and how far a level's dose may move (worked numbers)."""

from __future__ import annotations

import pytest

from spinewise.planning.dosing import dose_range
from spinewise.planning.model import Dose, ExerciseSpec
from spinewise.planning.vocabulary import Category, Level, Phase, Position, Target

B, INT, A = Level.BEGINNER, Level.INTERMEDIATE, Level.ADVANCED


def spec(
    beginner: Dose, intermediate: Dose, advanced: Dose, seconds_per_rep: float | None = 5.0
) -> ExerciseSpec:
    return ExerciseSpec(
        slug="worked-example",
        name="Worked example",
        category=Category.MOBILITY,
        position=Position.SUPINE,
        equipment=frozenset(),
        targets=frozenset({Target.LUMBAR_SPINE}),
        direction=frozenset(),
        phases=frozenset({Phase.MAIN}),
        flare_up_ok=True,
        difficulty=1,
        seconds_per_rep=seconds_per_rep,
        doses={B: beginner, INT: intermediate, A: advanced},
    )


# Pelvic-tilt-like: 1 x 5, then 2 x 8 and 3 x 10 with 15 s rests.
REPS = spec(Dose(1, reps=5), Dose(2, reps=8, rest_seconds=15), Dose(3, reps=10, rest_seconds=15))
# Knee-to-chest-like: holds of 15, 30 and 60 s per side, one set each.
HOLDS = spec(
    Dose(1, hold_seconds=15, per_side=True),
    Dose(1, hold_seconds=30, per_side=True),
    Dose(1, hold_seconds=60, per_side=True),
    seconds_per_rep=None,
)
# Cat-cow-like: reps up to intermediate, then two minutes of continuous work.
MIXED = spec(Dose(1, reps=5), Dose(2, reps=10, rest_seconds=15), Dose(1, duration_seconds=120))


# ---------------------------------------------------------------- time of a dose


def test_it_times_reps_as_reps_x_seconds_per_rep_x_sides_x_sets_plus_rests() -> None:
    # 8 reps x 5 s x 2 sides x 2 sets = 160 s, plus one 15 s rest between the 2 sets.
    assert Dose(2, reps=8, per_side=True, rest_seconds=15).seconds(5.0) == 175


def test_it_times_holds_and_durations_as_the_seconds_x_sides_x_sets_plus_rests() -> None:
    assert Dose(1, hold_seconds=30, per_side=True).seconds(None) == 60
    assert Dose(3, hold_seconds=10, rest_seconds=20).seconds(None) == 3 * 10 + 2 * 20
    assert Dose(1, duration_seconds=120).seconds(None) == 120


def test_it_rounds_a_fractional_estimate_up() -> None:
    # 3 reps x 2.5 s = 7.5 s -> 8 s.
    assert Dose(1, reps=3).seconds(2.5) == 8


# ---------------------------------------------------------------- ranges


def test_a_beginner_may_drop_a_quarter_and_rise_halfway_to_intermediate() -> None:
    r = dose_range(REPS, B)
    # No level below: 3/4 of 5 is 3.75 -> 4 reps. Halfway to intermediate's 8: (5 + 8) // 2 = 6.
    assert (r.amount_lo, r.amount_hi, r.step) == (4, 6, 1)
    # One set fewer (never below 1); one more, as intermediate has 2.
    assert (r.sets_lo, r.sets_hi) == (1, 2)


def test_intermediate_reaches_down_to_beginner_and_halfway_up_to_advanced() -> None:
    r = dose_range(REPS, INT)
    assert (r.amount_lo, r.amount_hi) == (5, 9)  # (8 + 10) // 2 = 9
    assert (r.sets_lo, r.sets_hi) == (1, 3)


def test_advanced_never_goes_above_its_own_dose() -> None:
    r = dose_range(REPS, A)
    assert (r.amount_lo, r.amount_hi) == (8, 10)
    assert (r.sets_lo, r.sets_hi) == (2, 3)


def test_holds_move_in_five_second_steps() -> None:
    beginner = dose_range(HOLDS, B)
    # 3/4 of 15 s = 11.25 -> 12 s; halfway to 30 s -> 22 s.
    assert (beginner.amount_lo, beginner.amount_hi, beginner.step) == (12, 22, 5)
    assert (beginner.sets_lo, beginner.sets_hi) == (1, 1)  # no level has a second set
    assert (dose_range(HOLDS, INT).amount_lo, dose_range(HOLDS, INT).amount_hi) == (15, 45)
    assert (dose_range(HOLDS, A).amount_lo, dose_range(HOLDS, A).amount_hi) == (30, 60)


def test_a_neighbour_measured_another_way_does_not_count() -> None:
    # Advanced is 120 s of continuous work; intermediate counts reps, so it sets no floor:
    # the advanced amount may drop a quarter (90 s) and the sets stay as they are.
    advanced = dose_range(MIXED, A)
    assert (advanced.amount_lo, advanced.amount_hi, advanced.step) == (90, 120, 10)
    assert (advanced.sets_lo, advanced.sets_hi) == (1, 1)
    # Intermediate has no comparable level above, so it never rises above its own 10 reps.
    intermediate = dose_range(MIXED, INT)
    assert (intermediate.amount_lo, intermediate.amount_hi) == (5, 10)
    assert (intermediate.sets_lo, intermediate.sets_hi) == (1, 2)


def test_a_flare_up_day_keeps_the_amount_and_allows_one_more_set_at_most() -> None:
    r = dose_range(REPS, B, fixed=True)
    assert (r.amount_lo, r.amount_hi) == (5, 5)
    assert (r.sets_lo, r.sets_hi) == (1, 2)


@pytest.mark.parametrize(
    ("dose", "step"),
    [
        (Dose(1, reps=12), 1),
        (Dose(1, hold_seconds=8), 1),
        (Dose(1, hold_seconds=10), 5),  # nobody is asked to hold for 11 s
        (Dose(1, duration_seconds=20), 5),
        (Dose(1, duration_seconds=60), 10),
    ],
)
def test_the_step_is_the_smallest_change_worth_making(dose: Dose, step: int) -> None:
    assert dose_range(spec(dose, dose, dose), B).step == step


def test_every_range_holds_its_own_levels_dose() -> None:
    for example in (REPS, HOLDS, MIXED):
        for level in (B, INT, A):
            r = dose_range(example, level)
            assert r.amount_lo <= r.base.amount <= r.amount_hi
            assert r.sets_lo <= r.base.sets <= r.sets_hi
            assert r.sets_lo >= 1


def test_clamp_brings_a_dose_back_inside_the_range() -> None:
    r = dose_range(REPS, B)
    assert r.clamp(Dose(5, reps=20)) == Dose(2, reps=6)
    assert r.clamp(Dose(1, reps=1)) == Dose(1, reps=4)
