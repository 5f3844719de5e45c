"""The planner: library + profile + minutes + seed -> an ordered, timed routine.

Pure Python (no Django). The same input and seed always give the same routine: every choice
is seeded or broken by slug, never left to set or hash order.

How a routine is built:

1. Hard limits (`eligible`): equipment at hand, positions not avoided, only gentle moves on a
   flare-up day. Nothing left -> `Unplannable`.
2. Soft limits sort the rest into tiers: within the level and the directional preference
   (tier 0); above the level (tier 1, only ever used to fill time); moving only in the
   direction the person should avoid (tier 2, only when nothing else is left).
3. Home positions: the one to four start positions whose moves can fill the time, suit every
   phase and work hips, lumbar spine and core at the least cost in getting up and down. This
   is what keeps a 9-minute floor routine on the floor and in one or two positions.
4. Selection, phase by phase (foam rolling first when a roller is at hand), each move scored
   on the focus, the day, how well it suits the phase, what it adds, and the transition time
   it adds given the positions already in the routine. One version of a move per session
   (never both a move and its easier or harder variant while anything else is left). A thin
   warm-up or cool-down then takes the main moves that suit it better.
5. Coverage of hips, lumbar spine and core for routines of 8 minutes or more.
6. Time: doses move within `dose_range`, a little on every move before a lot on one, and more
   readily where the day wants the volume; moves are added or dropped when that is not enough.
7. Order: warm-up, main, cool-down, each grouped by position, the groups ordered for the
   cheapest transitions across the whole routine, ending where the settling move is.

Whatever cannot be met in full (time, coverage, level, direction) is said in `relaxed`.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spinewise.planning.dosing import DoseRange, dose_range
from spinewise.planning.model import Dose, ExerciseSpec, Profile, Routine, RoutineItem
from spinewise.planning.vocabulary import (
    COVERAGE_GROUPS,
    Category,
    Direction,
    Focus,
    Level,
    Phase,
    Position,
    Preference,
    State,
    Target,
    transition_seconds,
)

MIN_MINUTES = 5
MAX_MINUTES = 30
COVERAGE_FROM_SECONDS = 8 * 60
TOLERANCE = 0.10
# Time fitting aims well inside the promise, so rounding never pushes a routine out of it.
AIM = 0.03
DOSE_AIM = 0.015
PHASES: tuple[Phase, ...] = (Phase.WARM_UP, Phase.MAIN, Phase.COOL_DOWN)

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
# Share of the time for each phase, by focus; warm-up and cool-down take at most 5 minutes.
MAX_END_PHASE_SECONDS = 5 * 60
PHASE_SHARES: dict[Focus, tuple[float, float, float]] = {
    Focus.BALANCED: (0.25, 0.55, 0.20),
    Focus.RELIEF: (0.30, 0.40, 0.30),
    Focus.MOBILITY: (0.30, 0.50, 0.20),
    Focus.STRENGTH: (0.20, 0.65, 0.15),
}
MAX_DIFFICULTY: dict[Level, int] = {Level.BEGINNER: 2, Level.INTERMEDIATE: 3, Level.ADVANCED: 3}
TARGET_DIFFICULTY: dict[Level, float] = {Level.BEGINNER: 1.0, Level.INTERMEDIATE: 2.0, Level.ADVANCED: 2.6}
OPPOSITE: dict[Preference, Direction] = {
    Preference.FLEXION: Direction.EXTENSION,
    Preference.EXTENSION: Direction.FLEXION,
}
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
# An easier or harder version of a move already chosen adds little; the library has others.
VARIANT_FACTOR = 0.15
# A move beyond the level (tier 1) or in the direction to avoid (tier 2) loses to any other.
TIER_FACTORS: tuple[float, ...] = (1.0, 0.05, 0.01)
# Each new target a move works, and each coverage group it adds, makes it more attractive.
FRESH_TARGET_BONUS = 0.15
COVERAGE_BONUS = 1.6
# Foam rolling opens a routine when a roller is at hand: one move, two from this many seconds.
SECOND_ROLL_FROM_SECONDS = 15 * 60
# A routine visiting n positions needs n - 1 changes; each return to a position left
# earlier adds one. At most this many returns (e.g. supine -> seated -> supine is one).
MAX_RETURNS = 3
# The rest a strength move gets between sets when its level's dose has only one set.
STRENGTH_REST_SECONDS = 20

# Stages in the order they are done: foam rolling, the rest of the warm-up, main, cool-down.
_ROLL, _WARM, _MAIN, _COOL = 0, 1, 2, 3
_STAGE_OF_PHASE: dict[Phase, int] = {Phase.WARM_UP: _WARM, Phase.MAIN: _MAIN, Phase.COOL_DOWN: _COOL}
_POSITION_INDEX: dict[Position, int] = {p: i for i, p in enumerate(Position)}
_GROUP_NAMES: tuple[str, ...] = tuple(COVERAGE_GROUPS)
_TARGET_BIT: dict[Target, int] = {t: 1 << i for i, t in enumerate(Target)}
# Inside a position group, the order a therapist would use in each stage.
_CATEGORY_RANK: dict[int, dict[Category, int]] = {
    _ROLL: {},
    _WARM: {Category.MOBILITY: 0, Category.STRETCH: 1, Category.STRENGTH: 2},
    _MAIN: {Category.MOBILITY: 0, Category.STRENGTH: 1, Category.STRETCH: 2},
    _COOL: {Category.STRETCH: 0, Category.MOBILITY: 1, Category.STRENGTH: 2},
}

Stages = tuple[frozenset[Position], ...]
# Where an option may go: (stage, phase) pairs, best first when scores tie.
Where = Callable[["_Option"], Sequence[tuple[int, Phase]]]
RouteResult = tuple[int, int, tuple[tuple[Position, ...], ...]]


class Unplannable(ValueError):
    """No exercise at all fits the request's hard limits (equipment, positions, safety)."""


@dataclass(slots=True)
class _Option:
    """A move that passed the hard limits, with what this request makes of it."""

    spec: ExerciseSpec
    position: Position
    category: Category
    range: DoseRange
    weight: float  # focus, state, preference, difficulty, tier and the seeded jitter
    tier: int
    groups: int  # bit i: covers _GROUP_NAMES[i]
    targets: int  # bit per Target
    variants: frozenset[str]
    settling: bool  # suits only the ends of a session
    roomy: int  # seconds at a dose part way up its range, for budgeting
    least: int  # seconds at the lowest dose of its range
    fit: float  # weight x how well it suits its best phase, for choosing home positions
    phases: int  # bit per phase it suits
    appetite: float  # how much the focus and the day want its category

    @property
    def slug(self) -> str:
        return self.spec.slug


@dataclass(slots=True)
class _Pick:
    option: _Option
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


def validate_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES} (got {minutes})")


def eligible(library: Iterable[ExerciseSpec], profile: Profile) -> list[ExerciseSpec]:
    """The hard limits: equipment at hand, positions not avoided, gentle moves only on a flare-up."""
    out = []
    for spec in library:
        if not spec.equipment <= profile.equipment:
            continue
        if spec.position in profile.avoid:
            continue
        if profile.state == State.FLARE_UP and not spec.flare_up_ok:
            continue
        out.append(spec)
    return sorted(out, key=lambda s: s.slug)


def plan_routine(library: Sequence[ExerciseSpec], profile: Profile, minutes: int, seed: int) -> Routine:
    validate_minutes(minutes)
    pool = eligible(library, profile)
    if not pool:
        raise Unplannable(
            "No exercise in the library fits: every one needs equipment you do not have, "
            "starts in a position you avoid"
            + (", or is too demanding for a flare-up day." if profile.state == State.FLARE_UP else ".")
        )
    return _Planner(pool, profile, minutes, seed).plan()


def _covers(spec: ExerciseSpec, group: str) -> bool:
    return bool(spec.targets & COVERAGE_GROUPS[group])


def _position_factor(extra_seconds: int) -> float:
    for seconds, factor in POSITION_FACTORS:
        if extra_seconds <= seconds:
            return factor
    return FAR_POSITION_FACTOR


def _roomy_seconds(rng: DoseRange, seconds_per_rep: float | None) -> int:
    """Seconds at an amount halfway from the level's own to the top of its range."""
    base = rng.base
    return base.with_amount(base.amount + (rng.amount_hi - base.amount) // 2).seconds(seconds_per_rep)


@dataclass(frozen=True, slots=True)
class _Static:
    """What a move is at a level, whoever asks: worked out once per library object."""

    range: DoseRange
    groups: int
    targets: int
    variants: frozenset[str]
    settling: bool
    roomy: int
    least: int
    phase_fit: float
    phases: int


# (slug, level, flare-up) -> (the spec it was computed from, its static data). The spec is
# kept and compared by identity, so a changed or reloaded library is never served stale data.
_STATIC: dict[tuple[str, Level, bool], tuple[ExerciseSpec, _Static]] = {}
_STATIC_LIMIT = 4096


def _static(spec: ExerciseSpec, level: Level, fixed: bool) -> _Static:
    key = (spec.slug, level, fixed)
    hit = _STATIC.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    rng = dose_range(spec, level, fixed=fixed)
    static = _Static(
        range=rng,
        groups=sum(1 << i for i, name in enumerate(_GROUP_NAMES) if _covers(spec, name)),
        targets=sum(_TARGET_BIT[t] for t in spec.targets),
        variants=frozenset(spec.easier) | frozenset(spec.harder),
        # Moves meant only for the ends of a session: breathing, lying prone.
        settling=spec.category != Category.STRENGTH and Phase.MAIN not in spec.phases,
        roomy=_roomy_seconds(rng, spec.seconds_per_rep),
        least=_least_seconds(rng, spec.seconds_per_rep),
        phase_fit=max((PHASE_FIT[phase].get(spec.category, 1.0) for phase in spec.phases), default=0.0),
        phases=sum(1 << i for i, phase in enumerate(PHASES) if phase in spec.phases),
    )
    if len(_STATIC) >= _STATIC_LIMIT:
        _STATIC.clear()
    _STATIC[key] = (spec, static)
    return static


def _budgets(target: int, focus: Focus) -> dict[Phase, float]:
    """Seconds for each phase: the focus's shares, with warm-up and cool-down capped so a long
    routine spends its extra time on the main part rather than on ever more warming up."""
    warm, _main, cool = (target * share for share in PHASE_SHARES[focus])
    warm, cool = min(warm, MAX_END_PHASE_SECONDS), min(cool, MAX_END_PHASE_SECONDS)
    return {Phase.WARM_UP: warm, Phase.MAIN: target - warm - cool, Phase.COOL_DOWN: cool}


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


class _Planner:
    def __init__(self, pool: list[ExerciseSpec], profile: Profile, minutes: int, seed: int) -> None:
        self.profile = profile
        self.minutes = minutes
        self.target = minutes * 60
        self.flare = profile.state == State.FLARE_UP
        # A flare-up day doses everything at its gentlest, whatever the level.
        self.level = Level.BEGINNER if self.flare else profile.level
        self.need_coverage = self.target >= COVERAGE_FROM_SECONDS
        self.budgets = _budgets(self.target, profile.focus)
        self.relaxed: list[str] = []
        self.picks: list[_Pick] = []
        self.used: set[str] = set()
        self.dropped: set[str] = set()
        self.options = self._options(pool, random.Random(seed))
        self.core_tier, self.filler_tier = self._tiers()
        self.home = self._home()

    # -- candidates -------------------------------------------------------------------------

    def _options(self, pool: list[ExerciseSpec], rng: random.Random) -> list[_Option]:
        profile = self.profile
        max_difficulty = MAX_DIFFICULTY[self.level]
        opposite = OPPOSITE[profile.prefer] if profile.prefer is not None else None
        focus = FOCUS_WEIGHTS[profile.focus]
        state = STATE_WEIGHTS[profile.state]
        out = []
        for spec in pool:  # sorted by slug, so each move gets the same jitter for the same seed
            jitter = rng.uniform(*JITTER)
            if opposite is not None and spec.direction == frozenset({opposite}):
                tier = 2
            elif spec.difficulty > max_difficulty:
                tier = 1
            else:
                tier = 0
            appetite = focus.get(spec.category, 1.0) * state.get(spec.category, 1.0)
            weight = appetite
            if profile.prefer is not None:
                if profile.prefer.value in spec.direction:
                    weight *= 1.8
                if opposite in spec.direction:
                    weight *= 0.4
            weight *= max(0.3, 1.0 - 0.3 * abs(spec.difficulty - TARGET_DIFFICULTY[self.level]))
            weight *= TIER_FACTORS[tier] * jitter
            static = _static(spec, self.level, self.flare)
            out.append(
                _Option(
                    spec=spec,
                    position=spec.position,
                    category=spec.category,
                    range=static.range,
                    weight=weight,
                    tier=tier,
                    groups=static.groups,
                    targets=static.targets,
                    variants=static.variants,
                    settling=static.settling,
                    roomy=static.roomy,
                    least=static.least,
                    fit=weight * static.phase_fit,
                    phases=static.phases,
                    appetite=appetite,
                )
            )
        return out

    def _tiers(self) -> tuple[int, int]:
        """The highest tier for the routine's own moves, and for moves that only fill time.

        Moves above the level may fill time the others cannot; moves in the direction to avoid
        only when nothing else fits at all, because they may bring the pain on.
        """
        tiers = {o.tier for o in self.options}
        core = min(tiers)
        filler = 1 if min(tiers) <= 1 else 2
        if core == 2:
            assert self.profile.prefer is not None
            self.relaxed.append(
                f"Every exercise that fits your choices moves only in {OPPOSITE[self.profile.prefer].value},"
                " the direction you asked to avoid, so this routine uses some;"
                " stop any that bring your pain on."
            )
        return core, filler

    def _home(self) -> frozenset[Position]:
        """The start positions the routine lives in (see the module docstring, step 3)."""
        content = [
            o for o in self.options if o.tier <= self.core_tier and o.category != Category.FOAM_ROLLING
        ]
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
        need = 0.9 * self.target
        scale = HOME_TRANSITION_SCALE * self.target

        def quality(home: frozenset[Position]) -> float:
            ordered = sorted(home, key=_POSITION_INDEX.__getitem__)
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
            if self.need_coverage:
                value *= HOME_MISSING_GROUP ** (coverable & ~covered).bit_count()
            return value * math.exp(-_route((home,))[0] / scale)

        candidates = sorted(fills, key=_POSITION_INDEX.__getitem__)
        if not candidates:
            return frozenset()
        home: frozenset[Position] = frozenset()
        score = 0.0
        while len(home) < MAX_HOME_POSITIONS:
            options = [(quality(home | {p}), -_POSITION_INDEX[p], p) for p in candidates if p not in home]
            if not options:
                break
            value, _index, position = max(options)
            if home and value <= score:
                break
            home, score = home | {position}, value
        return home

    def _open(self, *, filler: bool) -> list[_Option]:
        """Options not used yet.

        The routine's own: within the core tier, in a home position, and not an easier or
        harder version of a move already in (one version of a move per session). For filling
        time the others cannot: any allowed tier, anywhere, variants too (scored down).
        """
        used = self.used
        if filler:
            return [o for o in self.options if o.tier <= self.filler_tier and o.slug not in used]
        return [
            o
            for o in self.options
            if o.tier <= self.core_tier
            and o.slug not in used
            and o.variants.isdisjoint(used)
            and (o.position in self.home or o.category == Category.FOAM_ROLLING)
        ]

    # -- state of the routine ------------------------------------------------------------------

    def _stages(self) -> Stages:
        sets: tuple[set[Position], ...] = (set(), set(), set(), set())
        for p in self.picks:
            sets[p.stage].add(p.option.position)
        return tuple(frozenset(s) for s in sets)

    def _covered(self) -> int:
        mask = 0
        for p in self.picks:
            mask |= p.option.groups
        return mask

    def _transitions(self) -> int:
        return _route(self._stages(), _settle_in(self.picks))[0]

    def _total(self) -> int:
        return sum(p.seconds for p in self.picks) + self._transitions()

    # -- scoring ---------------------------------------------------------------------------------

    def _scorer(self) -> Callable[[_Option, int, Phase], float]:
        """A scoring function for the routine as it stands (place factors cached per call)."""
        stages = self._stages()
        finish = _settle_in(self.picks)
        base_cost = _route(stages, finish)[0]
        positions = frozenset().union(*stages)
        worked = covered = 0
        for p in self.picks:
            worked |= p.option.targets
            covered |= p.option.groups
        used = self.used
        home = self.home
        need_coverage = self.need_coverage
        cache: dict[tuple[Position, int], float] = {}

        def place(position: Position, stage: int) -> float:
            key = (position, stage)
            factor = cache.get(key)
            if factor is None:
                if position in stages[stage]:
                    factor = POSITION_FACTORS[0][1]
                else:
                    grown = tuple(s | {position} if i == stage else s for i, s in enumerate(stages))
                    cost, changes, _path = _route(grown, finish)
                    # Coming back to a position already left is what makes people get up and
                    # down again and again: never more than MAX_RETURNS times in a routine.
                    if changes > len(positions | {position}) - 1 + MAX_RETURNS:
                        factor = 0.0
                    else:
                        factor = _position_factor(cost - base_cost)
                if position not in home and stage != _ROLL:
                    factor *= AWAY_FACTOR
                cache[key] = factor
            return factor

        def score(option: _Option, stage: int, phase: Phase) -> float:
            value = option.weight * place(option.position, stage)
            if stage != _ROLL:
                value *= PHASE_FIT[phase].get(option.category, 1.0)
            if option.settling and phase == Phase.COOL_DOWN:
                value *= SETTLING_BONUS
            value *= 1.0 + FRESH_TARGET_BONUS * (option.targets & ~worked).bit_count()
            if need_coverage:
                value *= COVERAGE_BONUS ** (option.groups & ~covered).bit_count()
            if option.variants and not option.variants.isdisjoint(used):
                value *= VARIANT_FACTOR
            return value

        return score

    def _best(self, options: Iterable[_Option], where: Where, *, balance: bool = False) -> _Pick | None:
        """The best-scoring option in the best of the places `where` allows it.

        `balance` favours phases still short of their share of the time (for fillers).
        """
        score = self._scorer()
        shortfall: dict[Phase, float] = {}
        if balance:
            spent = dict.fromkeys(PHASES, 0)
            for p in self.picks:
                spent[p.phase] += p.seconds
            shortfall = {
                ph: min(2.0, max(0.5, math.sqrt(self.budgets[ph] / max(spent[ph], 1)))) for ph in PHASES
            }
        best: tuple[float, str, _Option, int, Phase] | None = None
        for option in options:
            for stage, phase in where(option):
                value = score(option, stage, phase) * shortfall.get(phase, 1.0)
                if value <= 0.0:
                    continue
                # Highest score wins; a tie goes to the earlier slug (then the earlier phase).
                if best is None or value > best[0] or (value == best[0] and option.slug < best[1]):
                    best = (value, option.slug, option, stage, phase)
        if best is None:
            return None
        value, _slug, option, stage, phase = best
        base = option.range.base
        return _Pick(option, phase, stage, base, base.seconds(option.spec.seconds_per_rep), value)

    def _add(self, pick: _Pick) -> None:
        self.picks.append(pick)
        self.used.add(pick.option.slug)

    def _remove(self, pick: _Pick) -> None:
        self.picks.remove(pick)
        self.used.discard(pick.option.slug)
        self.dropped.add(pick.option.slug)

    # -- the steps -------------------------------------------------------------------------------

    def plan(self) -> Routine:
        self._roll()
        for phase in PHASES:
            self._fill(phase)
        self._rebalance()
        if self.need_coverage:
            self._ensure_coverage()
        self._fit_time()
        if not self.picks:
            self._last_resort()
        return self._finish()

    def _roll(self) -> None:
        """Foam rolling first, when a roller is at hand: it readies the tissue for what follows."""
        rolls = [o for o in self._open(filler=False) if o.category == Category.FOAM_ROLLING]
        wanted = 2 if self.target >= SECOND_ROLL_FROM_SECONDS else 1
        spent = 0
        for _ in range(min(wanted, len(rolls))):
            pick = self._best(
                (o for o in rolls if o.slug not in self.used),
                lambda o: [(_ROLL, Phase.WARM_UP)] if Phase.WARM_UP in o.spec.phases else [],
            )
            if pick is None or spent + pick.seconds > self.budgets[Phase.WARM_UP]:
                break
            self._add(pick)
            spent += pick.seconds

    def _fill(self, phase: Phase) -> None:
        stage = _STAGE_OF_PHASE[phase]

        here = [(stage, phase)]

        def where(option: _Option) -> Sequence[tuple[int, Phase]]:
            return here

        bit = 1 << PHASES.index(phase)
        options = [
            o for o in self._open(filler=False) if o.phases & bit and o.category != Category.FOAM_ROLLING
        ]
        budget = self.budgets[phase]
        # Budget with doses part way up their ranges, so fewer moves each get a fuller dose.
        spent = float(sum(p.option.roomy for p in self.picks if p.phase == phase))
        while spent < budget:
            room = budget - spent
            options = [o for o in options if o.slug not in self.used and o.variants.isdisjoint(self.used)]
            # A move that fits the room at an ordinary dose; else one that fits at its lightest;
            # an empty phase takes its best move whatever its size (time fitting trims it).
            pick = (
                self._best((o for o in options if o.roomy <= room * 1.3 + 15), where)
                or self._best((o for o in options if o.least <= room * 1.3 + 15), where)
                or (self._best(options, where) if spent == 0 else None)
            )
            if pick is None:
                return
            if phase != Phase.MAIN and spent >= 0.5 * budget and self._adds_transition(pick):
                # Half a warm-up or cool-down in one place is enough: fuller doses, or a move
                # elsewhere that needs no getting up, fill the rest (see _fit_time).
                return
            self._add(pick)
            spent += pick.option.roomy

    def _rebalance(self) -> None:
        """Give a thin warm-up or cool-down the main moves that suit it better.

        Main is filled before the cool-down and may take the stretches the cool-down needs
        (or, with few moves to choose from, the only gentle mobility move): a session still
        opens by moving and closes by lengthening. A move changes phase only where that adds
        no getting up, unless the phase would otherwise stay empty.
        """
        main_fit = PHASE_FIT[Phase.MAIN]
        for phase in (Phase.WARM_UP, Phase.COOL_DOWN):
            fit = PHASE_FIT[phase]
            while True:
                spent = sum(p.option.roomy for p in self.picks if p.phase == phase)
                main = [p for p in self.picks if p.phase == Phase.MAIN]
                if spent >= 0.6 * self.budgets[phase] or len(main) < 2:
                    break
                cost = self._transitions()
                best: tuple[tuple[bool, float, str], _Pick] | None = None
                for p in main:
                    category = p.option.category
                    if phase not in p.spec.phases or (
                        spent and fit.get(category, 1.0) <= main_fit.get(category, 1.0)
                    ):
                        continue
                    key = (
                        self._transitions_if(p, phase) <= cost,
                        fit.get(category, 1.0) * p.option.weight,
                        p.option.slug,
                    )
                    if best is None or key > best[0]:
                        best = (key, p)
                if best is None or (spent and not best[0][0]):
                    break
                best[1].phase, best[1].stage = phase, _STAGE_OF_PHASE[phase]

    def _transitions_if(self, pick: _Pick, phase: Phase) -> int:
        """The routine's transition seconds were `pick` moved to `phase`."""
        sets: tuple[set[Position], ...] = (set(), set(), set(), set())
        for p in self.picks:
            sets[_STAGE_OF_PHASE[phase] if p is pick else p.stage].add(p.option.position)
        return _route(tuple(frozenset(s) for s in sets), _settle_in(self.picks))[0]

    def _adds_transition(self, pick: _Pick) -> bool:
        stages = self._stages()
        if pick.option.position in stages[pick.stage]:
            return False
        finish = _settle_in(self.picks)
        grown = tuple(s | {pick.option.position} if i == pick.stage else s for i, s in enumerate(stages))
        return _route(grown, finish)[0] > _route(stages, finish)[0]

    def _ensure_coverage(self) -> None:
        for index, group in enumerate(_GROUP_NAMES):
            bit = 1 << index
            if self._covered() & bit:
                continue
            options = [o for o in self._open(filler=True) if o.groups & bit]
            if not options:
                name = group.replace("-", " ")
                if any(o.groups & bit for o in self.options) and self.profile.prefer is not None:
                    avoided = OPPOSITE[self.profile.prefer].value
                    self.relaxed.append(
                        f"The only exercises that fit your choices and work the {name} move in {avoided},"
                        f" the direction you asked to avoid, so this routine leaves the {name} out."
                    )
                else:
                    self.relaxed.append(
                        f"No exercise that fits your equipment, positions and today's state works the"
                        f" {name}, so this routine leaves it out."
                    )
                continue
            pick = self._best(options, self._where_best)
            if pick is None:
                # Only the bound on position changes stood in the way; coverage matters more.
                option = max(options, key=lambda o: (o.weight, o.slug))
                stage, phase = self._default_place(option)
                base = option.range.base
                pick = _Pick(
                    option, phase, stage, base, base.seconds(option.spec.seconds_per_rep), option.weight
                )
            # Make room: drop the weakest move of that phase that nothing else depends on.
            replaceable = [p for p in self.picks if p.phase == pick.phase and self._removable(p)]
            if replaceable:
                self._remove(min(replaceable, key=lambda p: (p.score, p.option.slug)))
            self._add(pick)

    @staticmethod
    def _default_place(option: _Option) -> tuple[int, Phase]:
        if option.category == Category.FOAM_ROLLING:
            return _ROLL, Phase.WARM_UP
        phases = option.spec.phases
        phase = Phase.MAIN if Phase.MAIN in phases else min(phases, key=PHASES.index)
        return _STAGE_OF_PHASE[phase], phase

    def _where_best(self, option: _Option) -> Sequence[tuple[int, Phase]]:
        """Main when the move suits it, else its own phase; foam rolling only as the opening."""
        if option.category == Category.FOAM_ROLLING and Phase.WARM_UP not in option.spec.phases:
            return ()
        if not option.spec.phases:
            return ()
        return (self._default_place(option),)

    def _removable(self, pick: _Pick) -> bool:
        if sum(1 for p in self.picks if p.phase == pick.phase) <= 1:
            return False
        if not self.need_coverage:
            return True
        others = 0
        for p in self.picks:
            if p is not pick:
                others |= p.option.groups
        return not pick.option.groups & ~others

    def _fit_time(self) -> None:
        """Move doses within their ranges; add or drop moves when that is not enough.

        The closest routine seen is kept, so a last move that overshoots never stays in.
        """
        aim = AIM * self.target
        closest: tuple[int, list[_Pick], list[Dose]] | None = None
        for _round in range(16):
            self._adjust_doses()
            gap = self.target - self._total()
            if closest is None or abs(gap) < closest[0]:
                closest = (abs(gap), list(self.picks), [p.dose for p in self.picks])
            if abs(gap) <= aim:
                return
            if gap > 0:
                # Only a move that can be dosed to fit the gap: a bigger one would just be dropped.
                options = [
                    o for o in self._open(filler=True) if o.slug not in self.dropped and o.least <= gap + aim
                ]
                pick = self._best(options, self._where_fill, balance=True)
                if pick is None:
                    break
                self._add(pick)
            else:
                removable = [p for p in self.picks if self._removable(p)]
                if not removable:
                    break
                self._remove(min(removable, key=lambda p: (p.score, p.option.slug)))
        assert closest is not None
        _gap, picks, doses = closest
        self.picks = picks
        self.used = {p.option.slug for p in picks}
        for pick, dose in zip(picks, doses, strict=True):
            pick.set_dose(dose)

    def _last_resort(self) -> None:
        """Never an empty routine: every move that fits is longer than the time asked for, so
        take the shortest at its lightest dose (the routine then says it is longer)."""
        options = [o for o in self._open(filler=True) if o.spec.phases]
        if not options:
            options = [o for o in self.options if o.spec.phases]
        option = min(options, key=lambda o: (o.tier, o.least, o.slug))
        stage, phase = self._default_place(option)
        base = option.range.base
        pick = _Pick(option, phase, stage, base, base.seconds(option.spec.seconds_per_rep), option.weight)
        pick.set_dose(min(_all_doses(pick), key=lambda d: d.seconds(option.spec.seconds_per_rep)))
        self._add(pick)

    def _where_fill(self, option: _Option) -> Sequence[tuple[int, Phase]]:
        """A filler may go in any phase it suits; the score picks the one that fits best."""
        if option.category == Category.FOAM_ROLLING:
            return self._where_best(option)
        return [(_STAGE_OF_PHASE[ph], ph) for ph in PHASES if ph in option.spec.phases]

    def _adjust_doses(self) -> None:
        """Unit steps on amounts and sets, a little on every move before a lot on one.

        Steps wait in a heap, least strain first (then the biggest). A step that overshoots
        now overshoots for the rest of this direction too (the gap only shrinks), so it is
        dropped for good; a move's next step is queued once its last one is taken.
        """
        picks = self.picks
        total = sum(p.seconds for p in picks) + self._transitions()
        tolerance = DOSE_AIM * self.target
        up: bool | None = None
        heap: list[tuple[float, int, int, int, int, Dose]] = []  # strain, -|delta|, index, kind, delta, dose
        overshoots = False

        def queue(index: int) -> None:
            for kind, (strain, delta, dose) in enumerate(_moves(picks[index], up=bool(up))):
                heapq.heappush(heap, (strain, -abs(delta), index, kind, delta, dose))

        while True:
            gap = self.target - total
            if abs(gap) <= tolerance:
                return
            if (gap > 0) != up:
                up = gap > 0
                heap.clear()
                overshoots = False
                for index in range(len(picks)):
                    queue(index)
            while heap:
                _strain, _size, index, _kind, delta, dose = heapq.heappop(heap)
                if abs(gap - delta) < abs(gap):
                    break
                overshoots = True
            else:
                # No single step helps, yet the gap may be wide: e.g. one set fewer overshoots
                # unless the reps go up too. Try whole doses, one move at a time.
                if overshoots and abs(gap) > AIM * self.target:
                    self._redose(total)
                return
            picks[index].set_dose(dose)
            total += delta
            # The pick's other queued step is now stale: drop it before queueing fresh ones.
            heap = [entry for entry in heap if entry[2] != index]
            heapq.heapify(heap)
            queue(index)

    def _redose(self, total: int) -> None:
        """Coordinate descent over every dose in range, closest to the target, then least strain."""
        tolerance = DOSE_AIM * self.target
        for _sweep in range(4):
            improved = False
            for pick in self.picks:
                rest = total - pick.seconds
                current = (
                    max(abs(self.target - total) - tolerance, 0.0),
                    _strain(pick.option, pick.dose),
                )
                best: tuple[tuple[float, float], Dose] | None = None
                for dose in _all_doses(pick):
                    seconds = dose.seconds(pick.option.spec.seconds_per_rep)
                    key = (
                        max(abs(self.target - rest - seconds) - tolerance, 0.0),
                        _strain(pick.option, dose),
                    )
                    if key < current and (best is None or key < best[0]):
                        best = (key, dose)
                if best is not None:
                    pick.set_dose(best[1])
                    total = rest + pick.seconds
                    improved = True
            if not improved:
                return

    def _finish(self) -> Routine:
        if any(p.option.tier == 1 for p in self.picks):
            self.relaxed.insert(
                0, "Few exercises at your level fit your choices, so some harder ones are included."
            )
        items, changes, transitions = _order(self.picks)
        total = sum(item.seconds for item in items) + transitions
        if abs(total - self.target) > TOLERANCE * self.target:
            about = max(1, round(total / 60))
            took = f"{about} minute{'s' if about != 1 else ''}"
            day = " on a flare-up day" if self.flare else ""
            if total < self.target:
                self.relaxed.append(
                    f"Only about {took} of exercises fit your choices{day}, so this routine is shorter"
                    f" than the {self.minutes} you asked for."
                )
            else:
                self.relaxed.append(
                    f"The shortest routine that fits your choices{day} takes about {took}, so it is"
                    f" longer than the {self.minutes} you asked for."
                )
        return Routine(tuple(items), total, changes, transitions, tuple(dict.fromkeys(self.relaxed)))


def _strain(option: _Option, dose: Dose) -> float:
    """How far a dose strays from the level's own: a set counts for far more than a rep.

    Extra volume is cheaper where the day wants it (a stiff day adds reps to mobility before
    a set of curl-ups) and cutting is cheaper where it does not.
    """
    base = option.range.base
    raw = abs(dose.amount - base.amount) / max(base.amount, 1) + abs(dose.sets - base.sets)
    above = dose.amount > base.amount or dose.sets > base.sets
    return raw / option.appetite if above else raw * option.appetite


def _all_doses(pick: _Pick) -> list[Dose]:
    """Every dose the range allows, in steps from the level's own amount."""
    rng = pick.option.range
    base = rng.base
    amounts = {base.amount}
    amount = base.amount - rng.step
    while amount >= rng.amount_lo:
        amounts.add(amount)
        amount -= rng.step
    amount = base.amount + rng.step
    while amount <= rng.amount_hi:
        amounts.add(amount)
        amount += rng.step
    rest = base.rest_seconds or (STRENGTH_REST_SECONDS if pick.option.category == Category.STRENGTH else 0)
    out = []
    for sets in range(rng.sets_lo, rng.sets_hi + 1):
        for amount in sorted(amounts):
            dose = base.with_amount(amount)
            out.append(
                Dose(
                    sets,
                    dose.reps,
                    dose.hold_seconds,
                    dose.duration_seconds,
                    dose.per_side,
                    rest if sets > 1 else base.rest_seconds,
                )
            )
    return out


def _moves(pick: _Pick, *, up: bool) -> list[tuple[float, int, Dose]]:
    """One step up (or down) in amount or in sets, within the range: (strain, seconds, dose)."""
    rng, dose = pick.option.range, pick.dose
    spr = pick.option.spec.seconds_per_rep
    sign = 1 if up else -1
    out = []
    amount = dose.amount + sign * rng.step
    if rng.amount_lo <= amount <= rng.amount_hi:
        out.append(dose.with_amount(amount))
    sets = dose.sets + sign
    if rng.sets_lo <= sets <= rng.sets_hi:
        # A strength move done in sets needs a pause between them.
        rest = dose.rest_seconds or (
            STRENGTH_REST_SECONDS if pick.option.category == Category.STRENGTH else 0
        )
        out.append(Dose(sets, dose.reps, dose.hold_seconds, dose.duration_seconds, dose.per_side, rest))
    return [(_strain(pick.option, d), d.seconds(spr) - pick.seconds, d) for d in out]


def _settle_in(picks: Sequence[_Pick]) -> Position | None:
    """Where the routine should end: the position of its best settling cool-down move."""
    settling = [p for p in picks if p.stage == _COOL and p.option.settling]
    if not settling:
        return None
    return max(settling, key=lambda p: (p.score, p.option.slug)).option.position


@lru_cache(maxsize=4096)
def _route(stages: Stages, finish: Position | None = None) -> RouteResult:
    """The cheapest way through each stage's positions, stages in order, ending at `finish`.

    Returns (transition seconds, position changes, each stage's position order). Within a
    stage every move in one position is done together. Ties go to fewer changes, then to the
    fixed order of the Position enumeration, so the result never depends on set order.
    """
    best: dict[Position | None, RouteResult] = {None: (0, 0, ())}
    last = len(stages) - 1
    for index, positions in enumerate(stages):
        ordered = sorted(positions, key=_POSITION_INDEX.__getitem__)
        if not ordered:
            best = {end: (cost, changes, (*path, ())) for end, (cost, changes, path) in best.items()}
            continue
        orders: Iterable[tuple[Position, ...]] = (
            itertools.permutations(ordered) if len(ordered) <= 6 else [tuple(ordered)]
        )
        if index == last and finish in positions:
            # Breathing or lying still closes a session; do not get up again after it.
            orders = [order for order in orders if order[-1] == finish] or [
                (*(p for p in ordered if p != finish), finish)
            ]
        nxt: dict[Position | None, RouteResult] = {}
        for order in orders:
            inner = sum(transition_seconds(a, b) for a, b in itertools.pairwise(order))
            for start, (cost, changes, path) in best.items():
                enter = transition_seconds(start, order[0]) if start is not None else 0
                candidate = (
                    cost + enter + inner,
                    changes + len(order) - 1 + (1 if enter else 0),
                    (*path, order),
                )
                end = order[-1]
                if end not in nxt or candidate[:2] < nxt[end][:2]:
                    nxt[end] = candidate
        best = nxt
    return min(best.values(), key=lambda v: v[:2])


def _order(picks: Sequence[_Pick]) -> tuple[list[RoutineItem], int, int]:
    """Stages in order, each grouped by position along the cheapest route."""
    stages: tuple[set[Position], ...] = (set(), set(), set(), set())
    for p in picks:
        stages[p.stage].add(p.option.position)
    _cost, _changes, route = _route(tuple(frozenset(s) for s in stages), _settle_in(picks))
    ordered: list[_Pick] = []
    for stage, positions in enumerate(route):
        rank = _CATEGORY_RANK[stage]
        for position in positions:
            group = [p for p in picks if p.stage == stage and p.option.position == position]
            # Gentle before demanding; in a cool-down, settling moves (breathing) last.
            group.sort(
                key=lambda p: (
                    stage == _COOL and p.option.settling,
                    rank.get(p.option.category, 0),
                    p.spec.difficulty,
                    p.spec.slug,
                )
            )
            ordered.extend(group)
    items = [RoutineItem(p.spec, p.phase, p.dose, p.seconds) for p in ordered]
    return items, *count_changes([p.option.position for p in ordered])


def count_changes(positions: Sequence[Position]) -> tuple[int, int]:
    """The number of position changes and their total transition allowance in seconds."""
    changes = 0
    seconds = 0
    for a, b in itertools.pairwise(positions):
        if a != b:
            changes += 1
            seconds += transition_seconds(a, b)
    return changes, seconds


def assemble(items: Sequence[tuple[ExerciseSpec, Phase, Dose]], relaxed: Sequence[str] = ()) -> Routine:
    """A routine from items in a fixed order (built-in routines keep their authors' order)."""
    out = [RoutineItem(spec, phase, dose, dose.seconds(spec.seconds_per_rep)) for spec, phase, dose in items]
    changes, transitions = count_changes([i.exercise.position for i in out])
    return Routine(
        tuple(out), sum(i.seconds for i in out) + transitions, changes, transitions, tuple(relaxed)
    )
