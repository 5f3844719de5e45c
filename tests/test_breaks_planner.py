"""A movement break's routine: the same planner, 1-3 minutes, standing or a chair only, within the
person's limits, and varied from one break to the next."""

from __future__ import annotations

import pytest

from spinewise.planning.model import ExerciseSpec
from spinewise.planning.planner import plan_break
from spinewise.planning.request import PlanningRequest, RequestRefused, Trouble
from spinewise.planning.vocabulary import Equipment, Focus, Level, Position, State

DESK = (Position.STANDING, Position.SEATED_CHAIR)


def desk_request(**kwargs: object) -> PlanningRequest:
    base: dict[str, object] = {"positions": DESK, "equipment": (Equipment.CHAIR,), "focus": Focus.MOBILITY}
    return PlanningRequest(**{**base, **kwargs})  # type: ignore[arg-type]


def test_allowed_positions_avoid_every_other_one() -> None:
    request = desk_request(avoid=("standing",))
    assert request.avoided() == frozenset(Position) - {Position.SEATED_CHAIR}
    assert PlanningRequest().avoided() == frozenset()  # no positions given: any


def test_avoiding_every_allowed_position_is_refused() -> None:
    with pytest.raises(RequestRefused) as refused:
        desk_request(avoid=("standing", "seated-chair"))
    assert refused.value.problems[0].trouble == Trouble.EVERY_POSITION


@pytest.mark.parametrize("minutes", [1, 2, 3])
def test_a_break_is_short_and_stays_off_the_floor(library_specs: list[ExerciseSpec], minutes: int) -> None:
    for seed in range(20):
        routine = plan_break(library_specs, desk_request().profile(), minutes, 29_000_000 + seed)
        assert routine.items
        assert {i.exercise.position for i in routine.items} <= set(DESK)
        # Within the planner's tolerance, or it says why it is longer.
        assert routine.total_seconds <= minutes * 60 * 1.1 or routine.relaxed


def test_a_break_lasts_one_to_three_minutes(library_specs: list[ExerciseSpec]) -> None:
    for minutes in (0, 4, 5):
        with pytest.raises(ValueError, match="1 to 3 minutes"):
            plan_break(library_specs, desk_request().profile(), minutes, 1)


def test_doses_come_from_the_library(library_specs: list[ExerciseSpec]) -> None:
    by_slug = {s.slug: s for s in library_specs}
    routine = plan_break(library_specs, desk_request().profile(), 2, 7)
    for item in routine.items:
        low = by_slug[item.exercise.slug].dose(Level.BEGINNER)
        # The planner moves doses within the level's range: same kind of dose as the library's.
        assert (item.dose.reps is None) == (low.reps is None)
        assert (item.dose.hold_seconds is None) == (low.hold_seconds is None)


def test_avoided_positions_and_equipment_are_honoured(library_specs: list[ExerciseSpec]) -> None:
    seated_only = desk_request(avoid=("standing",)).profile()
    for seed in range(10):
        routine = plan_break(library_specs, seated_only, 2, seed)
        assert {i.exercise.position for i in routine.items} == {Position.SEATED_CHAIR}
    standing_no_kit = PlanningRequest(positions=DESK, avoid=("seated-chair",), focus=Focus.MOBILITY).profile()
    for seed in range(10):
        routine = plan_break(library_specs, standing_no_kit, 2, seed)
        assert all(not i.exercise.equipment for i in routine.items)
        assert {i.exercise.position for i in routine.items} == {Position.STANDING}


def test_a_flare_up_day_keeps_only_gentle_moves(library_specs: list[ExerciseSpec]) -> None:
    profile = desk_request(state=State.FLARE_UP, level=Level.ADVANCED).profile()
    for seed in range(10):
        routine = plan_break(library_specs, profile, 2, seed)
        assert all(i.exercise.flare_up_ok for i in routine.items)


def test_consecutive_breaks_differ(library_specs: list[ExerciseSpec]) -> None:
    profile = desk_request().profile()
    recent: frozenset[str] = frozenset()
    for slot in range(8):
        routine = plan_break(library_specs, profile, 2, 29_000_000 + slot, recent)
        moves = frozenset(i.exercise.slug for i in routine.items)
        assert moves != recent
        recent = moves


def test_the_last_breaks_moves_are_passed_over_when_others_fit(library_specs: list[ExerciseSpec]) -> None:
    profile = desk_request().profile()
    first = plan_break(library_specs, profile, 2, 5)
    moves = frozenset(i.exercise.slug for i in first.items)
    again = plan_break(library_specs, profile, 2, 5, moves)
    assert again.items != first.items
    assert len(moves & {i.exercise.slug for i in again.items}) < len(moves)
