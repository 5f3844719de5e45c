"""Candidates and scoring: what each move that passed the hard limits is worth to a request.

Each move becomes an `Option` carrying everything the request makes of it (tier, weight, dose
range, coverage bits, its other versions). The home positions and the scorer then rank options
against the routine as it stands. The hard limits themselves are in `limits`.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spinewise.planning.dosing import DoseRange, dose_range
from spinewise.planning.limits import OPPOSITE, core_hold, linked_variants
from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.ordering import COOL, PHASES, POSITION_INDEX, ROLL, WARM, Stages, route
from spinewise.planning.vocabulary import (
    COVERAGE_GROUPS,
    Category,
    Focus,
    Level,
    Phase,
    Position,
    State,
    Target,
)

# How much each focus wants of each category.
FOCUS_WEIGHTS: dict[Focus, dict[Category, float]] = {
    Focus.BALANCED: {Category.MOBILITY: 1.0, Category.STRETCH: 1.0, Category.STRENGTH: 1.0},
    Focus.RELIEF: {Category.MOBILITY: 1.3, Category.STRETCH: 1.3, Category.STRENGTH: 0.3},
    Focus.MOBILITY: {Category.MOBILITY: 1.6, Category.STRETCH: 1.1, Category.STRENGTH: 0.4},
    Focus.STRENGTH: {Category.MOBILITY: 0.7, Category.STRETCH: 0.5, Category.STRENGTH: 2.0},
}
STATE_WEIGHTS: dict[State, dict[Category, float]] = {
    State.FINE: {},
    # A stiff day favours moving and lengthening over loading.
    State.STIFF: {Category.MOBILITY: 1.5, Category.STRETCH: 1.3, Category.STRENGTH: 0.4},
    # Only gentle moves pass the hard limit; of those, easy movement calms a bad day best.
    State.FLARE_UP: {Category.MOBILITY: 1.3, Category.STRENGTH: 0.5},
}
# What suits each phase: a warm-up moves the joints (holds and loading come later), the main
# part loads and moves, a cool-down lengthens and settles.
PHASE_FIT: dict[Phase, dict[Category, float]] = {
    Phase.WARM_UP: {Category.MOBILITY: 1.0, Category.STRETCH: 0.3, Category.STRENGTH: 0.15},
    Phase.MAIN: {Category.MOBILITY: 0.9, Category.STRETCH: 0.7, Category.STRENGTH: 1.2},
    Phase.COOL_DOWN: {Category.MOBILITY: 0.6, Category.STRETCH: 1.3, Category.STRENGTH: 0.1},
}
# Moves meant only for the ends of a session (breathing, lying prone) settle a cool-down best.
SETTLING_BONUS = 2.0
MAX_DIFFICULTY: dict[Level, int] = {Level.BEGINNER: 2, Level.INTERMEDIATE: 3, Level.ADVANCED: 3}
TARGET_DIFFICULTY: dict[Level, float] = {Level.BEGINNER: 1.0, Level.INTERMEDIATE: 2.0, Level.ADVANCED: 2.6}
# Seeded variety: each move's weight is scaled by a factor drawn from this range.
JITTER = (0.7, 1.4)
# Getting up and down is what makes a short routine tiresome: a move that adds no transition
# is worth far more than one that adds 10 s, and one that adds 20 s (floor <-> standing) less.
POSITION_FACTORS: tuple[tuple[int, float], ...] = ((0, 2.0), (10, 0.45), (20, 0.25))
FAR_POSITION_FACTOR = 0.12
# A position outside the home positions is only for filling time the home ones cannot.
AWAY_FACTOR = 0.2
MAX_HOME_POSITIONS = 4
# Home positions pay for their transitions: one 10 s change costs a 9-minute routine about a
# quarter of its appeal and a 30-minute one under a tenth (the penalty scales with the time).
HOME_TRANSITION_SCALE = 0.06
HOME_MISSING_PHASE = 0.6
HOME_MISSING_GROUP = 0.35
# A move beyond the level (tier 1) loses to any other; it only fills time.
TIER_FACTORS: tuple[float, ...] = (1.0, 0.05)
# Each new target a move works, and each coverage group it adds, makes it more attractive.
FRESH_TARGET_BONUS = 0.15
COVERAGE_BONUS = 1.6
# A routine visiting n positions needs n - 1 changes; each return to a position left
# earlier adds one. At most this many returns (e.g. supine -> seated -> supine is one).
MAX_RETURNS = 3

GROUP_NAMES: tuple[str, ...] = tuple(COVERAGE_GROUPS)
_TARGET_BIT: dict[Target, int] = {t: 1 << i for i, t in enumerate(Target)}
_NO_VARIANTS: frozenset[str] = frozenset()


@dataclass(slots=True)
class Option:
    """A move that passed the hard limits, with what this request makes of it."""

    spec: ExerciseSpec
    position: Position
    category: Category
    range: DoseRange
    weight: float  # focus, state, preference, difficulty, tier and the seeded jitter
    tier: int
    groups: int  # bit i: covers GROUP_NAMES[i]
    targets: int  # bit per Target
    variants: frozenset[str]  # easier and harder versions, linked either way
    settling: bool  # suits only the ends of a session
    roomy: int  # seconds at a dose part way up its range, for budgeting
    least: int  # seconds at the lowest dose of its range
    fit: float  # weight x how well it suits its best phase, for choosing home positions
    phases: int  # bit per phase it suits
    appetite: float  # how much the focus and the day want its category
    hold: int  # FRONT_HOLD, SIDE_HOLD or 0

    @property
    def gentle(self) -> bool:
        return self.spec.flare_up_ok

    @property
    def slug(self) -> str:
        return self.spec.slug


@dataclass(slots=True)
class Pick:
    """An option placed in the routine: its phase, its stage and its current dose."""

    option: Option
    phase: Phase
    stage: int
    dose: Dose
    seconds: int
    score: float

    @property
    def spec(self) -> ExerciseSpec:
        return self.option.spec

    def set_dose(self, dose: Dose) -> None:
        self.dose = dose
        self.seconds = dose.seconds(self.option.spec.seconds_per_rep)


def place_at_base(option: Option, stage: int, phase: Phase, score: float) -> Pick:
    base = option.range.base
    return Pick(option, phase, stage, base, base.seconds(option.spec.seconds_per_rep), score)


def coverage_bits(spec: ExerciseSpec) -> int:
    """Bit i set when the move works the coverage group GROUP_NAMES[i]."""
    return sum(1 << i for i, name in enumerate(GROUP_NAMES) if spec.targets & COVERAGE_GROUPS[name])


def _position_factor(extra_seconds: int) -> float:
    for seconds, factor in POSITION_FACTORS:
        if extra_seconds <= seconds:
            return factor
    return FAR_POSITION_FACTOR


def _roomy_seconds(rng: DoseRange, seconds_per_rep: float | None) -> int:
    """Seconds at an amount halfway from the level's own to the top of its range."""
    base = rng.base
    return base.with_amount(base.amount + (rng.amount_hi - base.amount) // 2).seconds(seconds_per_rep)


def _least_seconds(rng: DoseRange, seconds_per_rep: float | None) -> int:
    base = rng.base
    dose = Dose(
        rng.sets_lo,
        rng.amount_lo if base.kind == "reps" else None,
        rng.amount_lo if base.kind == "hold" else None,
        rng.amount_lo if base.kind == "duration" else None,
        base.per_side,
        base.rest_seconds,
    )
    return dose.seconds(seconds_per_rep)


@dataclass(frozen=True, slots=True)
class _Static:
    """What a move is at a level, whoever asks: worked out once per library object."""

    range: DoseRange
    groups: int
    targets: int
    settling: bool
    roomy: int
    least: int
    phase_fit: float
    phases: int
    hold: int


# (slug, level, flare-up) -> (the spec it was computed from, its static data). The spec is
# kept and compared by identity, so a changed or reloaded library is never served stale data.
STATIC_CACHE: dict[tuple[str, Level, bool], tuple[ExerciseSpec, _Static]] = {}
_STATIC_LIMIT = 4096


def _static(spec: ExerciseSpec, level: Level, fixed: bool) -> _Static:
    key = (spec.slug, level, fixed)
    hit = STATIC_CACHE.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    rng = dose_range(spec, level, fixed=fixed)
    static = _Static(
        range=rng,
        groups=coverage_bits(spec),
        targets=sum(_TARGET_BIT[t] for t in spec.targets),
        # Moves meant only for the ends of a session: breathing, lying prone.
        settling=spec.category != Category.STRENGTH and Phase.MAIN not in spec.phases,
        roomy=_roomy_seconds(rng, spec.seconds_per_rep),
        least=_least_seconds(rng, spec.seconds_per_rep),
        phase_fit=max((PHASE_FIT[phase].get(spec.category, 1.0) for phase in spec.phases), default=0.0),
        phases=sum(1 << i for i, phase in enumerate(PHASES) if phase in spec.phases),
        hold=core_hold(spec, level),
    )
    if len(STATIC_CACHE) >= _STATIC_LIMIT:
        STATIC_CACHE.clear()
    STATIC_CACHE[key] = (spec, static)
    return static


def build_options(
    pool: list[ExerciseSpec], profile: Profile, level: Level, flare: bool, rng: random.Random
) -> list[Option]:
    """Every move in `pool` (sorted by slug, within the hard limits) as an option for this request."""
    max_difficulty = MAX_DIFFICULTY[level]
    linked = linked_variants(pool)
    opposite = OPPOSITE[profile.prefer] if profile.prefer is not None else None
    focus = FOCUS_WEIGHTS[profile.focus]
    state = STATE_WEIGHTS[profile.state]
    out = []
    for spec in pool:  # sorted by slug, so each move gets the same jitter for the same seed
        jitter = rng.uniform(*JITTER)
        tier = 1 if spec.difficulty > max_difficulty else 0
        appetite = focus.get(spec.category, 1.0) * state.get(spec.category, 1.0)
        weight = appetite
        if profile.prefer is not None:
            if profile.prefer.value in spec.direction:
                weight *= 1.8
            if opposite in spec.direction:
                weight *= 0.4
        weight *= max(0.3, 1.0 - 0.3 * abs(spec.difficulty - TARGET_DIFFICULTY[level]))
        weight *= TIER_FACTORS[tier] * jitter
        static = _static(spec, level, flare)
        out.append(
            Option(
                spec=spec,
                position=spec.position,
                category=spec.category,
                range=static.range,
                weight=weight,
                tier=tier,
                groups=static.groups,
                targets=static.targets,
                variants=linked.get(spec.slug, _NO_VARIANTS),
                settling=static.settling,
                roomy=static.roomy,
                least=static.least,
                fit=weight * static.phase_fit,
                phases=static.phases,
                appetite=appetite,
                hold=static.hold,
            )
        )
    return out


def choose_home(
    options: Sequence[Option], core_tier: int, target: int, need_coverage: bool
) -> frozenset[Position]:
    """The one to four start positions the routine lives in: those whose moves can fill the
    time, suit every phase and work hips, lumbar spine and core at the least cost in getting
    up and down. This keeps a 9-minute floor routine on the floor, in one or two positions."""
    content = [o for o in options if o.tier <= core_tier and o.category != Category.FOAM_ROLLING]
    # Per position: (appeal, seconds) best first, and which phases and groups it offers.
    fills: dict[Position, list[tuple[float, int]]] = {}
    phases: dict[Position, int] = {}
    groups: dict[Position, int] = {}
    coverable = 0
    for option in content:
        fills.setdefault(option.position, []).append((option.fit, option.roomy))
        phases[option.position] = phases.get(option.position, 0) | option.phases
        groups[option.position] = groups.get(option.position, 0) | option.groups
        coverable |= option.groups
    for items in fills.values():
        items.sort(reverse=True)
    need = 0.9 * target
    scale = HOME_TRANSITION_SCALE * target

    def quality(home: frozenset[Position]) -> float:
        ordered = sorted(home, key=POSITION_INDEX.__getitem__)
        items = (
            fills[ordered[0]]
            if len(ordered) == 1
            else sorted(itertools.chain.from_iterable(fills[p] for p in ordered), reverse=True)
        )
        value = filled = 0.0
        for fit, seconds in items:
            take = min(seconds, need - filled)
            value += fit * take
            filled += take
            if filled >= need:
                break
        # Average appeal of the time filled, times the share filled: running short costs twice.
        value = value / need * (filled / need)
        offered = covered = 0
        for p in ordered:
            offered |= phases[p]
            covered |= groups[p]
        value *= HOME_MISSING_PHASE ** (len(PHASES) - offered.bit_count())
        if need_coverage:
            value *= HOME_MISSING_GROUP ** (coverable & ~covered).bit_count()
        return value * math.exp(-route((home,))[0] / scale)

    candidates = sorted(fills, key=POSITION_INDEX.__getitem__)
    if not candidates:
        return frozenset()
    home: frozenset[Position] = frozenset()
    score = 0.0
    while len(home) < MAX_HOME_POSITIONS:
        scored = [(quality(home | {p}), -POSITION_INDEX[p], p) for p in candidates if p not in home]
        if not scored:
            break
        value, _index, position = max(scored)
        if home and value <= score:
            break
        home, score = home | {position}, value
    return home


def stages_of(picks: Iterable[Pick]) -> Stages:
    sets: tuple[set[Position], ...] = (set(), set(), set(), set())
    for p in picks:
        sets[p.stage].add(p.option.position)
    return tuple(frozenset(s) for s in sets)


def settle_in(picks: Sequence[Pick]) -> Position | None:
    """Where the routine should end: the position of its best settling cool-down move."""
    settling = [p for p in picks if p.stage == COOL and p.option.settling]
    if not settling:
        return None
    return max(settling, key=lambda p: (p.score, p.option.slug)).option.position


def gentleness(pick: Pick) -> tuple[bool, int, str]:
    """Sorts the gentlest move first: safe on a flare-up day, then the least difficult."""
    return (not pick.option.gentle, pick.spec.difficulty, pick.spec.slug)


def open_in(picks: Sequence[Pick]) -> Position | None:
    """Where the warm-up (after any foam rolling) should open: where its gentlest move is."""
    warm = [p for p in picks if p.stage == WARM]
    if not warm:
        return None
    return min(warm, key=gentleness).option.position


Scorer = Callable[[Option, int, Phase], float]


def scorer(picks: Sequence[Pick], home: frozenset[Position], need_coverage: bool) -> Scorer:
    """A scoring function for the routine as it stands (place factors cached per call): the
    focus, the day, how well a move suits the phase, what it adds, and the transition time it
    adds given the positions already in the routine."""
    stages = stages_of(picks)
    finish = settle_in(picks)
    base_cost = route(stages, finish)[0]
    positions = frozenset().union(*stages)
    worked = covered = 0
    for p in picks:
        worked |= p.option.targets
        covered |= p.option.groups
    cache: dict[tuple[Position, int], float] = {}

    def place(position: Position, stage: int) -> float:
        key = (position, stage)
        factor = cache.get(key)
        if factor is None:
            if position in stages[stage]:
                factor = POSITION_FACTORS[0][1]
            else:
                grown = tuple(s | {position} if i == stage else s for i, s in enumerate(stages))
                cost, changes, _path = route(grown, finish)
                # Coming back to a position already left is what makes people get up and
                # down again and again: never more than MAX_RETURNS times in a routine.
                if changes > len(positions | {position}) - 1 + MAX_RETURNS:
                    factor = 0.0
                else:
                    factor = _position_factor(cost - base_cost)
            if position not in home and stage != ROLL:
                factor *= AWAY_FACTOR
            cache[key] = factor
        return factor

    def score(option: Option, stage: int, phase: Phase) -> float:
        value = option.weight * place(option.position, stage)
        if stage != ROLL:
            value *= PHASE_FIT[phase].get(option.category, 1.0)
        if option.settling and phase == Phase.COOL_DOWN:
            value *= SETTLING_BONUS
        value *= 1.0 + FRESH_TARGET_BONUS * (option.targets & ~worked).bit_count()
        if need_coverage:
            value *= COVERAGE_BONUS ** (option.groups & ~covered).bit_count()
        return value

    return score
