"""Adapting a fixed routine to a person: small made-up libraries for each rule, and properties
over the real library that hold whatever easier and harder links the content gives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise.planning.adapt import LOWERED, AdaptedItem, FixedItem, NothingSafe, adapt
from spinewise.planning.assembly import assemble
from spinewise.planning.limits import Limit, broken_limit, main_direction
from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.vocabulary import (
    LEVELS,
    POSITION_GROUPS,
    Direction,
    Equipment,
    Level,
    Phase,
    Position,
    Preference,
    State,
    expand_avoided,
)
from tests.factories import make_spec, specs_from_content

NO_KNEELING = Profile(avoid=expand_avoided(["kneeling"]))
FLARE = Profile(state=State.FLARE_UP)


def spec(
    slug: str,
    *,
    name: str | None = None,
    easier: tuple[str, ...] = (),
    harder: tuple[str, ...] = (),
    position: Position = Position.SUPINE,
    equipment: frozenset[Equipment] = frozenset(),
    flare_up_ok: bool = True,
    difficulty: int = 1,
    direction: frozenset[Direction] = frozenset({Direction.NEUTRAL}),
    reps: tuple[int, int, int] = (5, 8, 10),
    sets: tuple[int, int, int] = (1, 2, 3),
) -> ExerciseSpec:
    """A move counted in reps, with its doses per level and its links to other versions."""
    base = make_spec(
        slug,
        position=position,
        equipment=equipment,
        flare_up_ok=flare_up_ok,
        difficulty=difficulty,
        direction=direction,
    )
    doses = {
        level: Dose(sets[i], reps=reps[i], rest_seconds=15 if sets[i] > 1 else 0)
        for i, level in enumerate(LEVELS)
    }
    return replace(base, name=name or slug, seconds_per_rep=3.0, doses=doses, easier=easier, harder=harder)


def library(*specs: ExerciseSpec) -> dict[str, ExerciseSpec]:
    return {s.slug: s for s in specs}


def routine(lib: Mapping[str, ExerciseSpec], *slugs: str, phase: Phase = Phase.MAIN) -> list[FixedItem]:
    return [FixedItem(lib[slug], phase) for slug in slugs]


def slugs(items: tuple[AdaptedItem, ...]) -> list[str]:
    return [item.exercise.slug for item in items]


# ---------------------------------------------------------------- what stays as it is


def test_a_routine_the_person_can_do_stays_as_it_is_with_its_own_doses() -> None:
    lib = library(spec("tilt"), spec("bridge"), spec("breathe"))
    own = Dose(2, reps=12, rest_seconds=10)
    items = [
        FixedItem(lib["breathe"], Phase.WARM_UP),
        FixedItem(lib["tilt"], Phase.MAIN, own),
        FixedItem(lib["bridge"], Phase.COOL_DOWN),
    ]
    adapted = adapt(items, lib, Profile(level=Level.INTERMEDIATE))
    assert adapted.items == (
        AdaptedItem(lib["breathe"], Phase.WARM_UP, lib["breathe"].dose(Level.INTERMEDIATE)),
        AdaptedItem(lib["tilt"], Phase.MAIN, own),
        AdaptedItem(lib["bridge"], Phase.COOL_DOWN, lib["bridge"].dose(Level.INTERMEDIATE)),
    )
    assert adapted.changes == () and adapted.notes == ()


def test_the_adapted_items_are_what_assemble_takes() -> None:
    lib = library(spec("tilt"), spec("bridge", position=Position.QUADRUPED))
    adapted = adapt(routine(lib, "tilt", "bridge"), lib, Profile())
    built = assemble(adapted.items, adapted.notes)
    assert [item.slug for item in built.items] == ["tilt", "bridge"]
    assert built.position_changes == 1


# ---------------------------------------------------------------- swaps


def test_a_move_in_an_avoided_position_is_swapped_for_its_easier_version_and_says_why() -> None:
    lib = library(
        spec("cat-cow", name="Cat-Cow", position=Position.QUADRUPED, easier=("seated-cat-cow",)),
        spec("seated-cat-cow", name="Seated Cat-Cow", position=Position.SEATED_CHAIR),
    )
    adapted = adapt(routine(lib, "cat-cow", phase=Phase.WARM_UP), lib, NO_KNEELING)
    assert adapted.items == (
        AdaptedItem(lib["seated-cat-cow"], Phase.WARM_UP, lib["seated-cat-cow"].dose(Level.BEGINNER)),
    )
    assert adapted.notes == (
        "Cat-Cow: swapped for Seated Cat-Cow, because it starts on hands and knees, which you avoid.",
    )
    (change,) = adapted.changes
    assert (change.slug, change.limit, change.replacement) == ("cat-cow", Limit.POSITION, "seated-cat-cow")


def test_a_swapped_in_version_takes_its_own_dose_for_the_persons_level() -> None:
    lib = library(
        spec("plank", position=Position.PRONE, easier=("wall-plank",)),
        spec("wall-plank", position=Position.WALL, reps=(6, 9, 12)),
    )
    items = [FixedItem(lib["plank"], Phase.MAIN, Dose(3, reps=20))]
    adapted = adapt(items, lib, Profile(level=Level.ADVANCED, avoid=frozenset({Position.PRONE})))
    assert adapted.items[0].dose == lib["wall-plank"].dose(Level.ADVANCED)


def test_easier_versions_are_searched_breadth_first_in_the_order_they_are_listed() -> None:
    lib = library(
        spec("hard", easier=("middle-a", "middle-b"), position=Position.PRONE),
        spec("middle-a", easier=("easiest",), position=Position.PRONE),
        spec("middle-b", position=Position.WALL),
        spec("easiest", position=Position.WALL),
    )
    avoid_prone = Profile(avoid=frozenset({Position.PRONE}))
    # One step easier (middle-b) beats two steps easier (easiest), though middle-a is listed first.
    assert slugs(adapt(routine(lib, "hard"), lib, avoid_prone).items) == ["middle-b"]
    # Both one step easier and possible: the first listed.
    lib["middle-a"] = replace(lib["middle-a"], position=Position.STANDING)
    assert slugs(adapt(routine(lib, "hard"), lib, avoid_prone).items) == ["middle-a"]


def test_the_search_goes_on_through_an_easier_version_that_does_not_fit() -> None:
    lib = library(
        spec("plank", position=Position.PRONE, easier=("knee-plank",), flare_up_ok=False),
        spec("knee-plank", position=Position.PRONE, easier=("wall-plank",), flare_up_ok=False),
        spec("wall-plank", position=Position.WALL),
    )
    adapted = adapt(routine(lib, "plank"), lib, FLARE)
    assert slugs(adapted.items) == ["wall-plank"]
    assert adapted.notes == (
        "plank: swapped for wall-plank, because it is not gentle enough for a flare-up day.",
    )


def test_a_link_named_only_by_the_other_move_counts() -> None:
    lib = library(
        spec("knee-to-chest", harder=("double-knee-to-chest",)),
        spec("double-knee-to-chest", equipment=frozenset({Equipment.STRAP})),
    )
    adapted = adapt(routine(lib, "double-knee-to-chest"), lib, Profile())
    assert slugs(adapted.items) == ["knee-to-chest"]
    assert adapted.notes == (
        "double-knee-to-chest: swapped for knee-to-chest, because it needs a strap, which you do not have.",
    )


def test_a_harder_version_only_when_no_easier_fits_and_only_within_the_level() -> None:
    lib = library(
        spec(
            "move",
            equipment=frozenset({Equipment.BAND}),
            easier=("easier-move",),
            harder=("too-hard", "harder-move"),
        ),
        spec("easier-move", equipment=frozenset({Equipment.BENCH})),
        spec("too-hard", difficulty=3),
        spec("harder-move", difficulty=2),
    )
    assert slugs(adapt(routine(lib, "move"), lib, Profile()).items) == ["harder-move"]
    # An intermediate may take the first listed.
    assert slugs(adapt(routine(lib, "move"), lib, Profile(level=Level.INTERMEDIATE)).items) == ["too-hard"]
    # With a bench the easier one wins.
    with_bench = Profile(equipment=frozenset({Equipment.BENCH}))
    assert slugs(adapt(routine(lib, "move"), lib, with_bench).items) == ["easier-move"]


def test_never_a_harder_version_on_a_flare_up_day() -> None:
    lib = library(spec("move", flare_up_ok=False, harder=("harder-move",)), spec("harder-move"), spec("rest"))
    adapted = adapt(routine(lib, "move", "rest"), lib, FLARE)
    assert slugs(adapted.items) == ["rest"]
    assert adapted.notes == (
        "move: left out, because it is not gentle enough for a flare-up day, and it has no gentler"
        " version you can do.",
    )


def test_a_swap_never_repeats_a_move_already_in_the_routine() -> None:
    lib = library(
        spec("kneeling-a", position=Position.KNEELING, easier=("seated", "standing")),
        spec("kneeling-b", position=Position.KNEELING, easier=("seated",)),
        spec("seated"),
        spec("standing", position=Position.STANDING),
    )
    # "seated" is in the routine already (after the swaps): the next version, or nothing.
    adapted = adapt(routine(lib, "kneeling-a", "kneeling-b", "seated"), lib, NO_KNEELING)
    assert slugs(adapted.items) == ["standing", "seated"]
    assert adapted.notes[1] == (
        "kneeling-b: left out, because it starts kneeling, which you avoid, and it has no other version"
        " you can do."
    )
    # Two moves wanting the same version: the first takes it.
    adapted = adapt(routine(lib, "kneeling-b", "kneeling-a"), lib, NO_KNEELING)
    assert slugs(adapted.items) == ["seated", "standing"]


def test_a_move_mainly_in_the_direction_to_avoid_is_swapped_for_a_version_that_is_not() -> None:
    flexion, both = frozenset({Direction.FLEXION}), frozenset({Direction.FLEXION, Direction.EXTENSION})
    lib = library(
        spec("forward-bend", name="Seated Forward Bend", direction=flexion, easier=("curl", "rock")),
        spec("curl", direction=flexion),
        spec("rock", direction=both),
    )
    adapted = adapt(routine(lib, "forward-bend"), lib, Profile(prefer=Preference.EXTENSION))
    assert slugs(adapted.items) == ["rock"]
    assert adapted.changes[0].limit is Limit.DIRECTION
    assert adapted.notes == (
        "Seated Forward Bend: swapped for rock, because it mainly bends your back in flexion, the"
        " direction you asked to avoid.",
    )


def test_every_missing_piece_of_equipment_is_named() -> None:
    lib = library(spec("rows", equipment=frozenset({Equipment.BENCH, Equipment.BAND})), spec("rest"))
    adapted = adapt(routine(lib, "rows", "rest"), lib, Profile(equipment=frozenset({Equipment.CHAIR})))
    assert adapted.notes == (
        "rows: left out, because it needs a resistance band and a bench, which you do not have, and it"
        " has no other version you can do.",
    )


# ---------------------------------------------------------------- a flare-up day's doses


def test_a_flare_up_day_lowers_every_dose_to_the_beginners_and_says_so_once() -> None:
    lib = library(
        spec("tilt", reps=(5, 8, 10), sets=(1, 2, 3)), spec("bridge", reps=(6, 10, 12), sets=(2, 3, 3))
    )
    items = [
        FixedItem(lib["tilt"], Phase.MAIN),
        FixedItem(lib["bridge"], Phase.MAIN, Dose(3, reps=12, rest_seconds=30)),
    ]
    adapted = adapt(items, lib, Profile(level=Level.ADVANCED, state=State.FLARE_UP))
    assert [item.dose for item in adapted.items] == [
        lib["tilt"].dose(Level.BEGINNER),
        lib["bridge"].dose(Level.BEGINNER),
    ]
    assert adapted.notes == (LOWERED,)


def test_a_flare_up_dose_is_never_above_the_items_own() -> None:
    lib = library(spec("tilt", reps=(8, 10, 12), sets=(2, 3, 3)))
    own = Dose(3, reps=4, rest_seconds=20)
    adapted = adapt([FixedItem(lib["tilt"], Phase.MAIN, own)], lib, FLARE)
    # Fewer sets of the beginner's, fewer reps of the item's own.
    assert adapted.items[0].dose == Dose(2, reps=4, rest_seconds=15)
    gentle = Dose(1, reps=3)
    adapted = adapt([FixedItem(lib["tilt"], Phase.MAIN, gentle)], lib, FLARE)
    assert adapted.items[0].dose == gentle
    assert adapted.notes == ()


def test_a_flare_up_dose_in_another_measure_takes_the_shorter_of_the_two() -> None:
    lib = library(spec("tilt", reps=(10, 12, 15)))  # 10 reps of 3 s: 30 s
    short, long = Dose(1, hold_seconds=20), Dose(1, hold_seconds=45)
    assert adapt([FixedItem(lib["tilt"], Phase.MAIN, short)], lib, FLARE).items[0].dose == short
    assert adapt([FixedItem(lib["tilt"], Phase.MAIN, long)], lib, FLARE).items[0].dose == Dose(1, reps=10)


def test_a_beginner_on_a_flare_up_day_at_the_beginner_dose_gets_no_dose_note() -> None:
    lib = library(spec("tilt"))
    assert adapt(routine(lib, "tilt"), lib, FLARE).notes == ()


def test_a_gentler_version_on_a_flare_up_day_takes_the_beginner_dose() -> None:
    lib = library(spec("bird-dog", flare_up_ok=False, easier=("single-limb",)), spec("single-limb"))
    adapted = adapt(routine(lib, "bird-dog"), lib, Profile(level=Level.ADVANCED, state=State.FLARE_UP))
    assert adapted.items == (
        AdaptedItem(lib["single-limb"], Phase.MAIN, lib["single-limb"].dose(Level.BEGINNER)),
    )


# ---------------------------------------------------------------- nothing left


def test_nothing_left_is_an_error_naming_each_reason() -> None:
    lib = library(
        spec("curl", name="Jefferson Curl", flare_up_ok=False),
        spec("roll", name="Foam Roll Glutes", equipment=frozenset({Equipment.FOAM_ROLLER})),
    )
    with pytest.raises(NothingSafe) as caught:
        adapt(routine(lib, "curl", "roll"), lib, FLARE)
    assert str(caught.value) == (
        "Nothing in this routine is left that you can do safely today: Jefferson Curl, because it is not"
        " gentle enough for a flare-up day; Foam Roll Glutes, because it needs a foam roller, which you"
        " do not have. A planned routine can choose other exercises for you."
    )


def test_an_empty_routine_is_an_error() -> None:
    with pytest.raises(NothingSafe, match="no exercises"):
        adapt([], {}, Profile())


# ---------------------------------------------------------------- the real library


LIBRARY: dict[str, ExerciseSpec] = {s.slug: s for s in specs_from_content()}
SLUGS = sorted(LIBRARY)

profiles = st.builds(
    Profile,
    level=st.sampled_from(LEVELS),
    equipment=st.frozensets(st.sampled_from(list(Equipment))),
    avoid=st.lists(st.sampled_from([*POSITION_GROUPS, *(p.value for p in Position)]), max_size=4).map(
        expand_avoided
    ),
    state=st.sampled_from(list(State)),
    prefer=st.sampled_from([None, *Preference]),
)
routines = st.lists(
    st.tuples(st.sampled_from(SLUGS), st.sampled_from(list(Phase)), st.booleans()),
    min_size=1,
    max_size=10,
    unique_by=lambda t: t[0],
)


def reachable(start: str, found: str) -> bool:
    """`found` is an easier or harder version of `start`, a chain of links away (either side)."""
    seen, frontier = {start}, [start]
    while frontier:
        slug = frontier.pop()
        for other in LIBRARY.values():
            near = (*LIBRARY[slug].easier, *LIBRARY[slug].harder)
            if (other.slug in near or slug in (*other.easier, *other.harder)) and other.slug not in seen:
                if other.slug == found:
                    return True
                seen.add(other.slug)
                frontier.append(other.slug)
    return False


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(routines, profiles)
def test_any_real_routine_adapted_keeps_every_limit_and_accounts_for_every_item(
    picked: list[tuple[str, Phase, bool]], profile: Profile
) -> None:
    items = [
        FixedItem(LIBRARY[slug], phase, LIBRARY[slug].dose(Level.ADVANCED) if own else None)
        for slug, phase, own in picked
    ]
    try:
        adapted = adapt(items, LIBRARY, profile)
    except NothingSafe as error:
        assert all(broken_limit(item.exercise, profile) is not None for item in items)
        for item in items:
            assert item.exercise.name in str(error)
        return
    out = slugs(adapted.items)
    # Every item is there, swapped with a note, or left out with a note; nothing repeats.
    assert len(out) == len(set(out))
    conflicting = [item for item in items if broken_limit(item.exercise, profile) is not None]
    assert [change.slug for change in adapted.changes] == [item.exercise.slug for item in conflicting]
    assert len(out) == len(items) - sum(change.replacement is None for change in adapted.changes)
    for done in adapted.items:
        assert broken_limit(done.exercise, profile) is None, done.exercise.slug
        if profile.prefer is not None:
            assert main_direction(done.exercise) != Direction(
                "flexion" if profile.prefer == Preference.EXTENSION else "extension"
            )
    for change in adapted.changes:
        if change.replacement is not None:
            assert reachable(change.slug, change.replacement)
            assert "swapped for" in change.note
        else:
            assert "left out" in change.note
    # The authors' order and phases stand.
    kept_phases = {item.exercise.slug: item.phase for item in items}
    for change in adapted.changes:
        if change.replacement is not None:
            kept_phases[change.replacement] = kept_phases[change.slug]
    assert [item.phase for item in adapted.items] == [kept_phases[s] for s in out]
    if profile.state == State.FLARE_UP:
        for done in adapted.items:
            beginner = done.exercise.dose(Level.BEGINNER)
            assert done.exercise.flare_up_ok
            assert done.dose.sets <= beginner.sets
            if done.dose.kind == beginner.kind:
                assert done.dose.amount <= beginner.amount
