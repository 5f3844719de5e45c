"""Week-by-week growth, the pain-monitoring rule and directional preference: pure functions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.progression import (
    Ceiling,
    Decision,
    LastSession,
    Step,
    directional_preference,
    dose_week,
    ease,
    grow,
    growth,
    judge,
    progressed,
)
from spinewise.planning.vocabulary import LEVELS, Direction, Equipment, Level, Position, Preference
from tests.factories import make_spec

CEILING = Ceiling(reps=15, hold_seconds=45, duration_seconds=120, sets=3)
STEPS = [
    Step(week=2, reps=2, hold_seconds=5),
    Step(week=3, reps=1, hold_seconds=5, sets=1),
    Step(week=4, harder=True),
    Step(week=5, reps=2, hold_seconds=5),
    Step(week=6, reps=2, hold_seconds=5),
]
PERSON = Profile(level=Level.BEGINNER)


def spec(slug: str, dose: Dose, **fields: object) -> ExerciseSpec:
    return replace(make_spec(slug), doses={level: dose for level in LEVELS}, **fields)  # type: ignore[arg-type]


BRIDGE = spec("bridge", Dose(sets=1, reps=8), harder=("single-leg-bridge",))
SINGLE = spec("single-leg-bridge", Dose(sets=2, reps=6, per_side=True), difficulty=3)
HOLD = spec("hold", Dose(sets=1, hold_seconds=20))
LIBRARY = {s.slug: s for s in (BRIDGE, SINGLE, HOLD)}


# ---------------------------------------------------------------- the progression table


@pytest.mark.parametrize(
    ("week", "reps", "sets"),
    [(1, 8, 1), (2, 10, 1), (3, 11, 2)],
)
def test_reps_and_sets_grow_by_the_weeks_steps(week: int, reps: int, sets: int) -> None:
    exercise, dose = progressed(BRIDGE, None, Level.BEGINNER, week, STEPS, CEILING, LIBRARY, PERSON)
    assert exercise is BRIDGE
    assert (dose.reps, dose.sets) == (reps, sets)


@pytest.mark.parametrize(("week", "hold"), [(1, 20), (2, 25), (3, 30), (4, 30), (5, 35), (6, 40)])
def test_holds_grow_five_seconds_a_step(week: int, hold: int) -> None:
    _, dose = progressed(HOLD, None, Level.BEGINNER, week, STEPS, CEILING, LIBRARY, PERSON)
    assert dose.hold_seconds == hold


def test_a_harder_step_moves_to_the_harder_variant_from_its_own_dose_then_grows_again() -> None:
    exercise, dose = progressed(BRIDGE, None, Level.BEGINNER, 4, STEPS, CEILING, LIBRARY, PERSON)
    assert exercise is SINGLE
    assert (dose.sets, dose.reps, dose.per_side) == (2, 6, True)
    _, week6 = progressed(BRIDGE, None, Level.BEGINNER, 6, STEPS, CEILING, LIBRARY, PERSON)
    assert week6.reps == 6 + 2 + 2


def test_no_harder_variant_the_person_can_do_keeps_the_exercise_and_its_growth() -> None:
    banded = replace(SINGLE, equipment=frozenset({Equipment.BAND}))
    library = {**LIBRARY, "single-leg-bridge": banded}
    exercise, dose = progressed(BRIDGE, None, Level.BEGINNER, 4, STEPS, CEILING, library, PERSON)
    assert exercise is BRIDGE
    assert dose.reps == 8 + 2 + 1


def test_doses_never_pass_the_ceiling_and_a_seed_dose_above_it_is_kept() -> None:
    big = growth([Step(week=2, reps=10, hold_seconds=30, sets=1), Step(week=3, reps=10, sets=1)], 6)
    assert grow(Dose(sets=1, reps=8), big, CEILING) == Dose(sets=3, reps=15)
    assert grow(Dose(sets=4, reps=20), big, CEILING) == Dose(sets=4, reps=20)


def test_an_items_own_dose_is_where_growth_starts() -> None:
    _, dose = progressed(BRIDGE, Dose(sets=1, reps=5), Level.BEGINNER, 2, STEPS, CEILING, LIBRARY, PERSON)
    assert dose.reps == 7


# ---------------------------------------------------------------- the pain rule


def last(
    before: int | None = 2, worst: int | None = 3, after: int | None = 2, **marks: tuple[str, ...]
) -> LastSession:
    return LastSession(before, worst, after, **marks)


def test_first_workout_goes_as_planned() -> None:
    assert judge(None, 3).decision == Decision.AS_PLANNED


def test_worst_pain_up_to_5_that_settled_progresses() -> None:
    verdict = judge(last(before=3, worst=5), pain_now=3)
    assert verdict.decision == Decision.PROGRESS
    assert verdict.settled is True
    assert "5/10" in verdict.reasons[0]


def test_worst_pain_above_5_holds() -> None:
    verdict = judge(last(before=2, worst=6), pain_now=2)
    assert verdict.decision == Decision.HOLD
    assert "6/10" in verdict.reasons[0]


def test_pain_not_settled_by_the_next_session_holds() -> None:
    verdict = judge(last(before=2, worst=4), pain_now=4)
    assert verdict.decision == Decision.HOLD
    assert verdict.settled is False
    assert "not settled" in " ".join(verdict.reasons)


def test_a_morning_check_in_that_had_not_settled_holds_even_when_pain_now_has() -> None:
    verdict = judge(last(before=2, worst=4), pain_now=2, morning_pain=4)
    assert verdict.decision == Decision.HOLD
    assert "the morning after" in verdict.reasons[0]


@pytest.mark.parametrize(
    ("worst", "now", "morning"),
    [(8, 2, None), (10, None, None), (3, 8, None), (3, 2, 9)],
)
def test_pain_of_8_or_more_pauses(worst: int, now: int | None, morning: int | None) -> None:
    verdict = judge(last(worst=worst), now, morning_pain=morning)
    assert verdict.decision == Decision.PAUSE
    assert "safety check" in verdict.reasons[0]


def test_a_new_red_flag_pauses_whatever_the_pain() -> None:
    assert judge(last(worst=0), 0, red_flag=True).decision == Decision.PAUSE


def test_no_pain_recorded_progresses_and_says_why() -> None:
    verdict = judge(last(before=None, worst=None, after=None), pain_now=None)
    assert verdict.decision == Decision.PROGRESS
    assert "No pain was recorded" in verdict.reasons[0]


@pytest.mark.parametrize(
    ("planned", "last_week", "decision", "expected"),
    [
        (1, None, Decision.AS_PLANNED, 1),
        (3, 2, Decision.PROGRESS, 3),
        (4, 2, Decision.PROGRESS, 3),  # catches up one week at a time
        (4, 2, Decision.HOLD, 2),
        (2, 3, Decision.HOLD, 2),  # a late earlier workout never goes past its own week
        (5, None, Decision.HOLD, 1),
    ],
)
def test_the_dose_week_follows_the_decision(
    planned: int, last_week: int | None, decision: Decision, expected: int
) -> None:
    assert dose_week(planned, last_week, decision) == expected


# ---------------------------------------------------------------- easing and direction

PRESS = spec(
    "press-up", Dose(sets=1, reps=10), direction=frozenset({Direction.EXTENSION}), easier=("sphinx",)
)
SPHINX = spec(
    "sphinx",
    Dose(sets=1, hold_seconds=30),
    direction=frozenset({Direction.EXTENSION}),
    position=Position.PRONE,
)
KNEES = spec("knees", Dose(sets=1, hold_seconds=30), direction=frozenset({Direction.FLEXION}))
CHILD = spec(
    "child", Dose(sets=1, hold_seconds=30), direction=frozenset({Direction.FLEXION}), easier=("knees",)
)
LIB = {s.slug: s for s in (PRESS, SPHINX, KNEES, CHILD, HOLD)}


def test_what_hurt_is_swapped_for_its_easier_variant_at_the_persons_level() -> None:
    eased = ease(
        [(PRESS, Dose(sets=2, reps=12)), (HOLD, Dose(sets=1, hold_seconds=20))],
        hurts=["press-up"],
        avoid_direction=None,
        level=Level.BEGINNER,
        library=LIB,
        profile=PERSON,
    )
    assert [s.slug for s, _ in eased.items] == ["sphinx", "hold"]
    assert eased.items[0][1] == SPHINX.dose(Level.BEGINNER)
    assert eased.swaps[0].to == "sphinx"
    assert "marked" in eased.swaps[0].why


def test_what_hurt_without_an_easier_variant_stays_flagged() -> None:
    eased = ease(
        [(HOLD, Dose(sets=1, hold_seconds=20))],
        hurts=["hold"],
        avoid_direction=None,
        level=Level.BEGINNER,
        library=LIB,
        profile=PERSON,
    )
    assert [s.slug for s, _ in eased.items] == ["hold"]
    assert eased.swaps[0].to is None
    assert "gently or skip" in eased.swaps[0].why


def sessions(pattern: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> list[LastSession]:
    return [last(hurts=h, helps=g) for h, g in pattern]


def test_extension_helping_while_flexion_hurts_in_2_of_3_sessions_is_a_preference() -> None:
    recent = sessions([(("knees",), ("press-up",)), ((), ()), (("child",), ("sphinx",))])
    pattern = directional_preference(recent, LIB)
    assert pattern is not None
    assert pattern.prefer == Preference.EXTENSION
    assert "2 of your last 3" in pattern.explain


def test_one_session_or_a_mixed_picture_is_not_a_preference() -> None:
    assert directional_preference(sessions([(("knees",), ("press-up",)), ((), ()), ((), ())]), LIB) is None
    mixed = sessions([(("knees",), ("press-up",)), (("press-up",), ("knees",)), (("knees",), ("sphinx",))])
    assert directional_preference(mixed, LIB) is None
    # Only the last three sessions count.
    old = sessions([((), ()), ((), ()), ((), ()), (("knees",), ("press-up",)), (("knees",), ("press-up",))])
    assert directional_preference(old, LIB) is None


def test_a_known_preference_eases_moves_of_the_other_direction() -> None:
    eased = ease(
        [(CHILD, Dose(sets=1, hold_seconds=30)), (PRESS, Dose(sets=1, reps=10))],
        hurts=[],
        avoid_direction=Preference.FLEXION,
        level=Level.BEGINNER,
        library=LIB,
        profile=PERSON,
    )
    # Child's only easier variant bends the same way: kept, flagged; extension is untouched.
    assert [s.slug for s, _ in eased.items] == ["child", "press-up"]
    assert "flexion" in eased.swaps[0].why
