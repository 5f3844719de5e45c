"""The rules a therapist would expect of a planned routine, one by one, on small made-up
libraries and on the real one: one version of a move, no strength work on a flare-up day, the
directional preference, a gentle opening for relief, the fewest position changes, core holds."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import pytest

from spinewise.planning.limits import linked_variants, main_direction
from spinewise.planning.model import ExerciseSpec, Profile, Routine
from spinewise.planning.ordering import Stages, route
from spinewise.planning.planner import Unplannable, eligible, plan_routine
from spinewise.planning.vocabulary import (
    Category,
    Direction,
    Equipment,
    Focus,
    Level,
    Phase,
    Position,
    Preference,
    State,
    Target,
    expand_avoided,
)
from tests.factories import make_spec

SEEDS = range(8)
ALL_PHASES = frozenset(Phase)
WARM_UP = frozenset({Phase.WARM_UP})
MAIN = frozenset({Phase.MAIN})
F, E, N, R, S = (
    Direction.FLEXION,
    Direction.EXTENSION,
    Direction.NEUTRAL,
    Direction.ROTATION,
    Direction.SIDE_BENDING,
)


def plan(library: list[ExerciseSpec], profile: Profile, minutes: int = 9, seed: int = 1) -> Routine:
    return plan_routine(library, profile, minutes, seed)


def hold(slug: str, *, position: Position, side: bool = False, difficulty: int = 1) -> ExerciseSpec:
    """A core hold: a strength move held still; a side one works the obliques."""
    targets = {Target.OBLIQUES, Target.CORE} if side else {Target.CORE}
    return make_spec(
        slug,
        category=Category.STRENGTH,
        position=position,
        targets=frozenset(targets),
        difficulty=difficulty,
        hold=20,
    )


# ---------------------------------------------------------------- one version of a move


@pytest.mark.parametrize("written_on", ["harder move", "easier move", "both"])
def test_a_move_and_its_own_easier_version_never_share_a_routine(written_on: str) -> None:
    hard = make_spec("hard-move", phases=ALL_PHASES, hold=60)
    easy = make_spec("easy-move", phases=ALL_PHASES, hold=60)
    if written_on in ("harder move", "both"):
        hard = replace(hard, easier=("easy-move",))
    if written_on in ("easier move", "both"):
        easy = replace(easy, harder=("hard-move",))
    library = [hard, easy, make_spec("other-move", phases=ALL_PHASES, hold=60)]
    for seed in SEEDS:
        # Ten minutes would take all three, but only two may go together.
        routine = plan(library, Profile(), 10, seed)
        assert not {"hard-move", "easy-move"} <= set(routine.slugs), routine.slugs
        assert len(routine.items) == 2
        assert any("shorter" in sentence for sentence in routine.relaxed)


def test_variant_links_count_both_ways_and_one_step_only() -> None:
    a = replace(make_spec("a"), harder=("b",))
    b = replace(make_spec("b"), harder=("c",))
    c = make_spec("c")
    assert linked_variants([a, b, c]) == {
        "a": frozenset({"b"}),
        "b": frozenset({"a", "c"}),
        "c": frozenset({"b"}),
    }


def test_a_move_two_steps_apart_may_share_a_routine() -> None:
    """Easy and hard are both versions of the middle one, not of each other."""
    easy = replace(make_spec("easy", phases=ALL_PHASES, hold=60), harder=("middle",))
    middle = replace(make_spec("middle", phases=ALL_PHASES, hold=60), harder=("hard",))
    hard = make_spec("hard", phases=ALL_PHASES, hold=60)
    together = {tuple(sorted(plan([easy, middle, hard], Profile(), 10, seed).slugs)) for seed in SEEDS}
    assert together <= {("easy", "hard"), ("middle",)}
    assert ("easy", "hard") in together


def test_the_real_library_never_gives_a_move_with_its_own_version(library_specs: list[ExerciseSpec]) -> None:
    profiles = [
        Profile(level=Level.ADVANCED, equipment=frozenset(Equipment)),
        Profile(avoid=expand_avoided(["floor"]), equipment=frozenset({Equipment.CHAIR, Equipment.BENCH})),
        Profile(state=State.FLARE_UP, focus=Focus.STRENGTH),
    ]
    for profile in profiles:
        for seed in SEEDS:
            routine = plan(library_specs, profile, 30, seed)
            for x, y in combinations(routine.items, 2):
                assert y.slug not in (*x.exercise.easier, *x.exercise.harder), (x.slug, y.slug)
                assert x.slug not in (*y.exercise.easier, *y.exercise.harder), (x.slug, y.slug)


# ---------------------------------------------------------------- strength on a flare-up day


def test_a_strength_focus_on_a_flare_up_day_is_a_relief_routine_and_says_so(
    library_specs: list[ExerciseSpec],
) -> None:
    for seed in SEEDS:
        strength = plan(library_specs, Profile(focus=Focus.STRENGTH, state=State.FLARE_UP), 12, seed)
        relief = plan(library_specs, Profile(focus=Focus.RELIEF, state=State.FLARE_UP), 12, seed)
        assert strength.items == relief.items
        assert strength.relaxed == (
            "Strength work waits for a better day: on a flare-up day this routine aims to ease your"
            " back instead.",
            *relief.relaxed,
        )


def test_a_strength_focus_on_a_stiff_day_stays_a_strength_routine(library_specs: list[ExerciseSpec]) -> None:
    routine = plan(library_specs, Profile(focus=Focus.STRENGTH, state=State.STIFF), 12)
    assert not any("Strength work waits" in sentence for sentence in routine.relaxed)
    assert any(item.exercise.category == Category.STRENGTH for item in routine.items)


# ---------------------------------------------------------------- directional preference


@pytest.mark.parametrize(
    ("directions", "main"),
    [
        ({F}, F),
        ({E}, E),
        ({F, S}, F),  # a child's pose reaching to the side still rounds the back
        ({F, R}, F),
        ({E, R}, E),  # scorpion: a backward bend with a twist
        ({F, E}, None),  # Cat-Cow
        ({N, F}, None),  # supine marching: the hips flex, the spine stays still
        ({N, E}, None),
        ({N}, None),
        ({R}, None),
        ({S, R}, None),
        (set(), None),
    ],
)
def test_a_moves_main_direction(directions: set[Direction], main: Direction | None) -> None:
    assert main_direction(make_spec("move", direction=frozenset(directions))) == main


def test_an_extension_preference_leaves_out_every_move_that_mainly_flexes(
    library_specs: list[ExerciseSpec],
) -> None:
    seen: set[str] = set()
    for seed in SEEDS:
        routine = plan(library_specs, Profile(prefer=Preference.EXTENSION), 15, seed)
        assert not [i.slug for i in routine.items if main_direction(i.exercise) == F]
        seen |= set(routine.slugs)
    # Moves that bend both ways stay in.
    assert seen & {"cat-cow", "pelvic-tilts", "seated-cat-cow", "spinal-wave"}


def test_a_flexion_preference_leaves_out_every_move_that_mainly_extends(
    library_specs: list[ExerciseSpec],
) -> None:
    for seed in SEEDS:
        routine = plan(library_specs, Profile(prefer=Preference.FLEXION), 15, seed)
        assert not [i.slug for i in routine.items if main_direction(i.exercise) == E]
        assert not {"sphinx", "prone-press-up", "cobra-pose", "standing-back-extension"} & set(routine.slugs)


def test_a_group_only_moves_in_the_direction_to_avoid_work_is_named_with_the_reason() -> None:
    library = [
        make_spec("low-back", targets=frozenset({Target.LUMBAR_SPINE}), phases=ALL_PHASES, hold=60),
        make_spec("hip-opener", targets=frozenset({Target.HIPS}), phases=ALL_PHASES, hold=60),
        make_spec("crunch", targets=frozenset({Target.CORE}), direction=frozenset({F}), hold=60),
    ]
    routine = plan(library, Profile(prefer=Preference.EXTENSION), 8)
    assert "crunch" not in routine.slugs
    assert (
        "The only exercises that fit your choices and work the core mainly bend your back in flexion,"
        " the direction you asked to avoid, so this routine leaves the core out."
    ) in routine.relaxed


def test_eligible_holds_the_directional_limit(library_specs: list[ExerciseSpec]) -> None:
    slugs = {s.slug for s in eligible(library_specs, Profile(prefer=Preference.EXTENSION))}
    assert "childs-pose" not in slugs and "knee-to-chest" not in slugs
    assert "cat-cow" in slugs and "sphinx" in slugs


def test_unplannable_names_every_limit_that_could_be_why() -> None:
    library = [make_spec("curl", direction=frozenset({F}), flare_up_ok=False)]
    with pytest.raises(Unplannable) as caught:
        plan(library, Profile(state=State.FLARE_UP, prefer=Preference.EXTENSION))
    assert str(caught.value) == (
        "No exercise in the library fits: every one needs equipment you do not have, starts in a"
        " position you avoid, is too demanding for a flare-up day, or mainly bends your back in"
        " flexion, the direction you asked to avoid."
    )


# ---------------------------------------------------------------- a gentle opening for relief


def relief_library() -> list[ExerciseSpec]:
    """Brisk moves on the back fill every phase; the only gentle warm-up is standing."""
    brisk = [
        make_spec(
            f"brisk-{i}",
            phases=ALL_PHASES,
            flare_up_ok=False,
            targets=frozenset({target}),
            hold=45,
        )
        for i, target in enumerate([Target.LUMBAR_SPINE, Target.HIPS, Target.CORE, Target.GLUTES])
    ]
    sway = make_spec("standing-sway", position=Position.STANDING, phases=WARM_UP, hold=30)
    return [*brisk, sway]


def test_a_relief_routine_opens_with_a_gentle_move_even_at_the_price_of_getting_up() -> None:
    for seed in SEEDS:
        routine = plan(relief_library(), Profile(focus=Focus.RELIEF), 9, seed)
        assert routine.slugs[0] == "standing-sway"
        assert [i.slug for i in routine.items if i.phase == Phase.WARM_UP] == ["standing-sway"]


def test_a_balanced_routine_may_warm_up_briskly() -> None:
    for seed in SEEDS:
        routine = plan(relief_library(), Profile(), 9, seed)
        assert any(not i.exercise.flare_up_ok for i in routine.items if i.phase == Phase.WARM_UP)


def test_a_relief_warm_up_puts_the_least_difficult_move_first_whatever_its_kind() -> None:
    library = [
        make_spec("rocking", category=Category.MOBILITY, phases=WARM_UP, difficulty=2, hold=30),
        make_spec("lengthen", category=Category.STRETCH, phases=WARM_UP, difficulty=1, hold=30),
        make_spec("main-one", phases=MAIN, hold=90),
        make_spec("main-two", phases=MAIN, hold=90),
    ]
    for seed in SEEDS:
        routine = plan(library, Profile(focus=Focus.RELIEF, level=Level.INTERMEDIATE), 6, seed)
        assert routine.slugs[:2] == ["lengthen", "rocking"]


@pytest.mark.parametrize(
    "profile",
    [
        Profile(focus=Focus.RELIEF),
        Profile(focus=Focus.RELIEF, level=Level.INTERMEDIATE),
        Profile(focus=Focus.RELIEF, avoid=expand_avoided(["floor"])),
        Profile(focus=Focus.RELIEF, state=State.STIFF, avoid=expand_avoided(["kneeling"])),
        Profile(focus=Focus.RELIEF, equipment=frozenset({Equipment.FOAM_ROLLER})),
    ],
)
def test_a_relief_routine_from_the_real_library_warms_up_only_with_gentle_moves(
    library_specs: list[ExerciseSpec], profile: Profile
) -> None:
    for minutes in (5, 9, 20):
        for seed in SEEDS:
            routine = plan(library_specs, profile, minutes, seed)
            moves = [i for i in routine.items if i.exercise.category != Category.FOAM_ROLLING]
            assert moves[0].phase == Phase.WARM_UP
            warm_up = [i for i in moves if i.phase == Phase.WARM_UP]
            assert all(i.exercise.flare_up_ok for i in warm_up), routine.slugs


# ---------------------------------------------------------------- fewest position changes


def test_the_cool_down_ends_lying_still_only_when_that_costs_no_change() -> None:
    supine, prone = Position.SUPINE, Position.PRONE
    # Main ends on the back: ending the cool-down on the back too would cost a second change.
    cost, changes, path = route(
        (frozenset(), frozenset(), frozenset({supine}), frozenset({supine, prone})), supine
    )
    assert (changes, path[-1]) == (1, (supine, prone))
    assert cost == 10
    # Main ends face down: the cool-down can turn over and end on the back for free.
    _cost, changes, path = route(
        (frozenset(), frozenset(), frozenset({prone}), frozenset({supine, prone})), supine
    )
    assert (changes, path[-1]) == (1, (prone, supine))


def test_the_warm_up_opens_where_its_gentlest_move_is_when_that_costs_nothing() -> None:
    supine, prone = Position.SUPINE, Position.PRONE
    stages: Stages = (frozenset(), frozenset({supine, prone}), frozenset(), frozenset())
    assert route(stages, None, prone)[2][1] == (prone, supine)
    assert route(stages, None, supine)[2][1] == (supine, prone)
    # Not when main would then need another change.
    stages = (frozenset(), frozenset({supine, prone}), frozenset({prone}), frozenset())
    assert route(stages, None, prone)[:2] == (10, 1)
    assert route(stages, None, prone)[2][1] == (supine, prone)


def test_a_stage_with_many_positions_still_takes_the_fewest_changes() -> None:
    many = frozenset(Position) - {Position.WALL}
    stages: Stages = (frozenset(), frozenset({Position.STANDING}), many, frozenset({Position.SUPINE}))
    _cost, changes, path = route(stages)
    # Nine positions in main: eight changes inside, none to enter it or to leave it.
    assert changes == 8
    assert path[2][0] == Position.STANDING and path[2][-1] == Position.SUPINE


# ---------------------------------------------------------------- core holds


def is_hold(spec: ExerciseSpec) -> bool:
    return spec.category == Category.STRENGTH and spec.doses[Level.BEGINNER].hold_seconds is not None


def test_a_strength_routine_keeps_a_core_hold_even_away_from_its_positions() -> None:
    supine_moves = [
        make_spec(f"supine-{i}", category=category, phases=phases, hold=40)
        for i, (category, phases) in enumerate(
            [
                (Category.MOBILITY, ALL_PHASES),
                (Category.STRENGTH, MAIN),
                (Category.STRENGTH, MAIN),
                (Category.STRETCH, ALL_PHASES),
            ]
        )
    ]
    library = [*supine_moves, hold("front-hold", position=Position.PRONE)]
    for seed in SEEDS:
        routine = plan(library, Profile(focus=Focus.STRENGTH), 6, seed)
        assert "front-hold" in routine.slugs


@pytest.mark.parametrize("minutes", [5, 9])
def test_a_short_strength_routine_keeps_one_core_hold(
    library_specs: list[ExerciseSpec], minutes: int
) -> None:
    for seed in SEEDS:
        routine = plan(library_specs, Profile(focus=Focus.STRENGTH), minutes, seed)
        assert any(is_hold(i.exercise) for i in routine.items), routine.slugs


@pytest.mark.parametrize("minutes", [10, 15, 30])
def test_a_strength_routine_from_ten_minutes_keeps_a_plank_and_a_side_plank(
    library_specs: list[ExerciseSpec], minutes: int
) -> None:
    for seed in SEEDS:
        routine = plan(library_specs, Profile(focus=Focus.STRENGTH, level=Level.INTERMEDIATE), minutes, seed)
        holds = [i.exercise for i in routine.items if is_hold(i.exercise)]
        assert any(Target.OBLIQUES in s.targets for s in holds), routine.slugs
        assert any(Target.OBLIQUES not in s.targets for s in holds), routine.slugs


def test_off_the_floor_the_core_hold_is_against_the_wall(library_specs: list[ExerciseSpec]) -> None:
    for seed in SEEDS:
        routine = plan(
            library_specs, Profile(focus=Focus.STRENGTH, avoid=expand_avoided(["floor"])), 12, seed
        )
        assert "wall-plank" in routine.slugs


def test_no_core_hold_the_person_can_do_means_none_and_no_fuss(library_specs: list[ExerciseSpec]) -> None:
    # Planks are on the floor, at the wall or on a bench; none of those is possible here.
    profile = Profile(focus=Focus.STRENGTH, avoid=expand_avoided(["floor", "wall"]))
    routine = plan(library_specs, profile, 12)
    assert routine.items
    assert not any(
        is_hold(i.exercise) and "core" in {t.value for t in i.exercise.targets} for i in routine.items
    )


def test_only_a_strength_routine_is_made_to_take_a_core_hold() -> None:
    library = [
        make_spec("supine-move", phases=ALL_PHASES, targets=frozenset({Target.CORE}), hold=150),
        make_spec("supine-stretch", category=Category.STRETCH, phases=ALL_PHASES, hold=150),
        hold("front-hold", position=Position.PRONE),
    ]
    for seed in SEEDS:
        assert "front-hold" not in plan(library, Profile(), 5, seed).slugs
        assert "front-hold" in plan(library, Profile(focus=Focus.STRENGTH), 5, seed).slugs
