"""The planner: library + profile + minutes + seed -> an ordered, timed routine.

Pure Python (no Django). The same input and seed always give the same routine: every choice
is either seeded or broken by slug, never by set or hash order.

How a routine is built:

1. Hard limits (`eligible`): equipment at hand, positions not avoided, only gentle moves on a
   flare-up day. Nothing left -> `Unplannable`.
2. Soft limits sort the rest into tiers: within the level and the directional preference
   (tier 0), above the level (tier 1, used only to fill time), and moves whose only direction
   is the one the person should avoid (tier 2, used only when nothing else is left).
3. Selection, phase by phase (foam rolling first when a roller is at hand), each move scored
   on the focus, the day, how well it suits the phase, what it adds to the targets and, above
   all, what it costs in getting up and down given the positions already in the routine.
4. Coverage of hips, lumbar spine and core for routines of 8 minutes or more.
5. Time fitting: doses move within `dose_range`, then moves are added or dropped.
6. Order: warm-up, main, cool-down, each grouped by position, the groups ordered for the
   cheapest transitions across the whole routine.
"""

from __future__ import annotations

import itertools
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
    transition_seconds,
)

MIN_MINUTES = 5
MAX_MINUTES = 30
COVERAGE_FROM_SECONDS = 8 * 60
TOLERANCE = 0.10
# The fitting aims well inside the promise, so rounding never pushes a routine out of it.
AIM = 0.03
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
# What suits each phase: a warm-up moves the joints (static holds and loading come later), the
# main part loads and moves, a cool-down stretches and settles.
PHASE_FIT: dict[Phase, dict[Category, float]] = {
    Phase.WARM_UP: {Category.MOBILITY: 1.0, Category.STRETCH: 0.3, Category.STRENGTH: 0.15},
    Phase.MAIN: {Category.MOBILITY: 0.9, Category.STRETCH: 0.7, Category.STRENGTH: 1.2},
    Phase.COOL_DOWN: {Category.MOBILITY: 0.6, Category.STRETCH: 1.3, Category.STRENGTH: 0.1},
}
# Moves meant only for the ends of a session (breathing, lying prone) settle a cool-down best.
SETTLING_BONUS = 2.0
# Share of the time for each phase, by focus.
PHASE_SHARES: dict[Focus, tuple[float, float, float]] = {
    Focus.BALANCED: (0.25, 0.55, 0.20),
    Focus.RELIEF: (0.30, 0.40, 0.30),
    Focus.MOBILITY: (0.30, 0.50, 0.20),
    Focus.STRENGTH: (0.20, 0.65, 0.15),
}
MAX_DIFFICULTY: dict[Level, int] = {Level.BEGINNER: 2, Level.INTERMEDIATE: 3, Level.ADVANCED: 3}
TARGET_DIFFICULTY: dict[Level, float] = {Level.BEGINNER: 1.0, Level.INTERMEDIATE: 2.0, Level.ADVANCED: 2.6}
OPPOSITE: dict[Preference, Direction] = {Preference.FLEXION: Direction.EXTENSION, Preference.EXTENSION: Direction.FLEXION}
# Getting up and down is what makes a short routine tiresome: a move that adds no transition
# is worth far more than one that adds 10 s, and one that adds 20 s (floor <-> standing) less.
POSITION_FACTORS: tuple[tuple[int, float], ...] = ((0, 2.0), (10, 0.45), (20, 0.25))
FAR_POSITION_FACTOR = 0.12
# An easier or harder version of a move already chosen adds little; the library has others.
VARIANT_FACTOR = 0.15
# A move used as filler beyond the level must lose to any move within it.
TIER_FACTORS: tuple[float, ...] = (1.0, 0.05, 0.01)
# Foam rolling opens a routine when a roller is at hand: one move, two from this many seconds.
SECOND_ROLL_FROM_SECONDS = 15 * 60
# Each stage may bring back a position used elsewhere at most this many times in all, so
# position changes stay at most the number of positions + 2 (see `_route`).
EXTRA_RUNS = 3

# Stages in the order they are done: foam rolling, the rest of the warm-up, main, cool-down.
_ROLL, _WARM, _MAIN, _COOL = 0, 1, 2, 3
_STAGE_OF_PHASE: dict[Phase, int] = {Phase.WARM_UP: _WARM, Phase.MAIN: _MAIN, Phase.COOL_DOWN: _COOL}
_POSITION_INDEX: dict[Position, int] = {p: i for i, p in enumerate(Position)}
_GROUP_NAMES: tuple[str, ...] = tuple(COVERAGE_GROUPS)
# Inside a position group, the order a therapist would use in each stage.
_CATEGORY_RANK: dict[int, dict[Category, int]] = {
    _ROLL: {},
    _WARM: {Category.MOBILITY: 0, Category.STRETCH: 1, Category.STRENGTH: 2},
    _MAIN: {Category.MOBILITY: 0, Category.STRENGTH: 1, Category.STRETCH: 2},
    _COOL: {Category.STRETCH: 0, Category.MOBILITY: 1, Category.STRENGTH: 2},
}

Stages = tuple[frozenset[Position], ...]


class Unplannable(ValueError):
    """No exercise at all fits the request's hard limits (equipment, positions, safety)."""


@dataclass(slots=True)
class _Option:
    """A move that passed the hard limits, with what this request makes of it."""

    spec: ExerciseSpec
    range: DoseRange
    weight: float  # focus, state, preference, difficulty, tier and seeded jitter
    tier: int
    groups: int  # bit i: covers _GROUP_NAMES[i]
    variants: frozenset[str]
    settling: bool  # suits only the ends of a session

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def position(self) -> Position:
        return self.spec.position


@dataclass(slots=True)
class _Pick:
    option: _Option
    phase: Phase
    stage: int
    dose: Dose
    score: float

    @property
    def spec(self) -> ExerciseSpec:
        return self.option.spec

    @property
    def seconds(self) -> int:
        return self.dose.seconds(self.spec.seconds_per_rep)


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


def _group_mask(spec: ExerciseSpec) -> int:
    return sum(1 << i for i, name in enumerate(_GROUP_NAMES) if _covers(spec, name))


def _position_factor(extra_seconds: int) -> float:
    for seconds, factor in POSITION_FACTORS:
        if extra_seconds <= seconds:
            return factor
    return FAR_POSITION_FACTOR


class _Planner:
    def __init__(self, pool: list[ExerciseSpec], profile: Profile, minutes: int, seed: int) -> None:
        self.profile = profile
        self.minutes = minutes
        self.target = minutes * 60
        self.flare = profile.state == State.FLARE_UP
        # A flare-up day doses everything at its gentlest, whatever the level.
        self.level = Level.BEGINNER if self.flare else profile.level
        self.need_coverage = self.target >= COVERAGE_FROM_SECONDS
        self.relaxed: list[str] = []
        self.picks: list[_Pick] = []
        self.used: set[str] = set()
        self.dropped: set[str] = set()
        rng = random.Random(seed)
        self.options = self._options(pool, rng)
        self._tiers_allowed = self._allowed_tiers()

    # -- candidates -------------------------------------------------------------------------

    def _options(self, pool: list[ExerciseSpec], rng: random.Random) -> list[_Option]:
        profile = self.profile
        max_difficulty = MAX_DIFFICULTY[self.level]
        opposite = OPPOSITE[profile.prefer] if profile.prefer is not None else None
        focus = FOCUS_WEIGHTS[profile.focus]
        state = STATE_WEIGHTS[profile.state]
        out = []
        for spec in pool:  # sorted by slug, so the jitter is the same for the same seed
            jitter = rng.uniform(0.75, 1.33)
            if opposite is not None and spec.direction == frozenset({opposite}):
                tier = 2
            elif spec.difficulty > max_difficulty:
                tier = 1
            else:
                tier = 0
            weight = focus.get(spec.category, 1.0) * state.get(spec.category, 1.0)
            if profile.prefer is not None:
                if profile.prefer.value in spec.direction:
                    weight *= 1.8
                if opposite in spec.direction:
                    weight *= 0.4
            weight *= max(0.3, 1.0 - 0.3 * abs(spec.difficulty - TARGET_DIFFICULTY[self.level]))
            weight *= TIER_FACTORS[tier] * jitter
            settling = spec.category != Category.STRENGTH and Phase.MAIN not in spec.phases
            out.append(
                _Option(
                    spec=spec,
                    range=dose_range(spec, self.level, fixed=self.flare),
                    weight=weight,
                    tier=tier,
                    groups=_group_mask(spec),
                    variants=frozenset(spec.easier) | frozenset(spec.harder),
                    settling=settling,
                )
            )
        return out

    def _allowed_tiers(self) -> int:
        """The highest tier the routine may use from the start (tier 1 is only ever filler)."""
        if any(o.tier < 2 for o in self.options):
            return 1
        opposite = OPPOSITE[self.profile.prefer] if self.profile.prefer is not None else None
        assert opposite is not None
        self.relaxed.append(
            f"Every exercise that fits your choices moves only in {opposite.value}, the direction you"
            " asked to avoid, so this routine uses some; stop any that bring your pain on."
        )
        return 2

    def _open(self, *, filler: bool) -> list[_Option]:
        """Options not used yet; tier 1 (above the level) only when filling time."""
        limit = self._tiers_allowed if filler or not any(o.tier == 0 for o in self.options) else 0
        return [o for o in self.options if o.tier <= limit and o.slug not in self.used]

    # -- state of the routine ------------------------------------------------------------------

    def _stages(self) -> Stages:
        sets: list[set[Position]] = [set(), set(), set(), set()]
        for p in self.picks:
            sets[p.stage].add(p.spec.position)
        return tuple(frozenset(s) for s in sets)

    def _worked_targets(self) -> frozenset[object]:
        out: set[object] = set()
        for p in self.picks:
            out |= p.spec.targets
        return frozenset(out)

    def _covered(self) -> int:
        mask = 0
        for p in self.picks:
            mask |= p.option.groups
        return mask

    def _transitions(self) -> int:
        return _route(self._stages())[0]

    def _total(self) -> int:
        return sum(p.seconds for p in self.picks) + self._transitions()

    # -- scoring ---------------------------------------------------------------------------------

    def _scorer(self) -> Callable[[_Option, int, Phase], float]:
        """A scoring function for the routine as it stands now (cached per position and stage)."""
        stages = self._stages()
        base_cost = _route(stages)[0]
        positions = frozenset().union(*stages)
        runs = sum(len(s) for s in stages)
        worked = self._worked_targets()
        covered = self._covered()
        used = self.used
        cache: dict[tuple[Position, int], float] = {}

        def place(position: Position, stage: int) -> float:
            key = (position, stage)
            if key not in cache:
                if position in stages[stage]:
                    cache[key] = POSITION_FACTORS[0][1]
                elif runs + 1 > len(positions | {position}) + EXTRA_RUNS:
                    cache[key] = 0.0  # would break the bound on position changes
                else:
                    grown = tuple(s | {position} if i == stage else s for i, s in enumerate(stages))
                    cache[key] = _position_factor(_route(grown)[0] - base_cost)
            return cache[key]

        def score(option: _Option, stage: int, phase: Phase) -> float:
            spec = option.spec
            value = option.weight * place(spec.position, stage)
            if stage != _ROLL:
                value *= PHASE_FIT[phase].get(spec.category, 1.0)
            if option.settling and phase == Phase.COOL_DOWN:
                value *= SETTLING_BONUS
            fresh = len(spec.targets - worked)
            value *= 1.0 + 0.15 * fresh
            if self.need_coverage:
                missing = option.groups & ~covered
                value *= 1.6 ** bin(missing).count("1")
            if option.variants & used:
                value *= VARIANT_FACTOR
            return value

        return score

    def _best(
        self, options: Iterable[_Option], stage_phase: Callable[[_Option], tuple[int, Phase] | None]
    ) -> _Pick | None:
        score = self._scorer()
        best: _Pick | None = None
        for option in options:
            where = stage_phase(option)
            if where is None:
                continue
            stage, phase = where
            value = score(option, stage, phase)
            if value <= 0.0:
                continue
            if best is None or (value, best.spec.slug) > (best.score, option.slug):
                best = _Pick(option, phase, stage, option.range.base, value)
        return best

    def _add(self, pick: _Pick) -> None:
        self.picks.append(pick)
        self.used.add(pick.spec.slug)

    def _remove(self, pick: _Pick) -> None:
        self.picks.remove(pick)
        self.used.discard(pick.spec.slug)
        self.dropped.add(pick.spec.slug)

    # -- the steps -------------------------------------------------------------------------------

    def plan(self) -> Routine:
        shares = PHASE_SHARES[self.profile.focus]
        budgets = {phase: self.target * share for phase, share in zip(PHASES, shares, strict=True)}
        self._roll(budgets)
        for phase in PHASES:
            self._fill(phase, budgets[phase])
        if self.need_coverage:
            self._ensure_coverage()
        self._fit_time()
        return self._finish()

    def _roll(self, budgets: dict[Phase, float]) -> None:
        """Foam rolling first, when a roller is at hand: it readies the tissue for what follows."""
        rolls = [o for o in self._open(filler=False) if o.spec.category == Category.FOAM_ROLLING]
        wanted = 2 if self.target >= SECOND_ROLL_FROM_SECONDS else 1
        for _ in range(min(wanted, len(rolls))):
            pick = self._best(
                (o for o in rolls if o.slug not in self.used),
                lambda o: (_ROLL, Phase.WARM_UP) if Phase.WARM_UP in o.spec.phases else None,
            )
            if pick is None or pick.seconds > budgets[Phase.WARM_UP]:
                break
            self._add(pick)

    def _fill(self, phase: Phase, budget: float) -> None:
        stage = _STAGE_OF_PHASE[phase]

        def where(option: _Option) -> tuple[int, Phase] | None:
            if phase not in option.spec.phases or option.spec.category == Category.FOAM_ROLLING:
                return None
            return stage, phase

        spent = float(sum(p.seconds for p in self.picks if p.phase == phase))
        while spent < budget:
            room = budget - spent
            options = self._open(filler=False)
            pick = self._best(options, where)
            if pick is None:
                return
            has_one = any(p.phase == phase for p in self.picks)
            # Budget with a dose part way up its range, so fewer moves each get a fuller dose.
            if has_one and _roomy(pick) > room * 1.3 + 15:
                # A shorter move that still fits, before closing the phase.
                pick = self._best((o for o in options if _roomy_option(o) <= room * 1.3 + 15), where)
                if pick is None or room < 20:
                    return
            self._add(pick)
            spent += _roomy(pick)

    def _ensure_coverage(self) -> None:
        for index, group in enumerate(_GROUP_NAMES):
            if self._covered() & (1 << index):
                continue
            options = [o for o in self._open(filler=True) if o.groups & (1 << index)]
            if not options:
                self.relaxed.append(
                    f"No exercise that fits your equipment, positions and today's state works the"
                    f" {group.replace('-', ' ')}, so this routine leaves it out."
                )
                continue
            pick = self._best(options, self._where_best)
            if pick is None:
                # Only the bound on position changes stood in the way; coverage matters more.
                best = max(options, key=lambda o: (o.weight, o.slug))
                stage, phase = self._default_place(best)
                pick = _Pick(best, phase, stage, best.range.base, best.weight)
            # Make room: drop the weakest move of that phase that nothing else depends on.
            replaceable = [p for p in self.picks if p.phase == pick.phase and self._removable(p)]
            if replaceable:
                self._remove(min(replaceable, key=lambda p: (p.score, p.spec.slug)))
            self._add(pick)

    def _default_place(self, option: _Option) -> tuple[int, Phase]:
        if option.spec.category == Category.FOAM_ROLLING:
            return _ROLL, Phase.WARM_UP
        phase = Phase.MAIN if Phase.MAIN in option.spec.phases else min(option.spec.phases, key=PHASES.index)
        return _STAGE_OF_PHASE[phase], phase

    def _where_best(self, option: _Option) -> tuple[int, Phase] | None:
        """Main when the move suits it; else its own phase. Foam rolling only as the opening."""
        if option.spec.category == Category.FOAM_ROLLING:
            return (_ROLL, Phase.WARM_UP) if Phase.WARM_UP in option.spec.phases else None
        return self._default_place(option)

    def _removable(self, pick: _Pick) -> bool:
        if sum(1 for p in self.picks if p.phase == pick.phase) <= 1:
            return False
        others = 0
        for p in self.picks:
            if p is not pick:
                others |= p.option.groups
        return not (self.need_coverage and pick.option.groups & ~others)

    def _fit_time(self) -> None:
        """Move doses within their ranges; add or drop moves when that is not enough."""
        for _round in range(16):
            self._adjust_doses()
            total = self._total()
            gap = self.target - total
            if abs(gap) <= AIM * self.target:
                return
            if gap > 0:
                pick = self._best(
                    (o for o in self._open(filler=True) if o.slug not in self.dropped), self._where_fill
                )
                if pick is None:
                    return
                self._add(pick)
            else:
                removable = [p for p in self.picks if self._removable(p)]
                if not removable:
                    return
                self._remove(min(removable, key=lambda p: (p.score, p.spec.slug)))

    def _where_fill(self, option: _Option) -> tuple[int, Phase] | None:
        """The phase a filler goes in: the one furthest below its share of the time."""
        if option.spec.category == Category.FOAM_ROLLING:
            return self._where_best(option)
        shares = dict(zip(PHASES, PHASE_SHARES[self.profile.focus], strict=True))
        spent = {phase: 0 for phase in PHASES}
        for p in self.picks:
            spent[p.phase] += p.seconds
        phase = min(
            (ph for ph in PHASES if ph in option.spec.phases),
            key=lambda ph: (spent[ph] / (shares[ph] * self.target), PHASES.index(ph)),
        )
        return _STAGE_OF_PHASE[phase], phase

    def _adjust_doses(self) -> None:
        """Unit steps on amounts and sets, spread so no dose strays far from its level's own."""
        transitions = self._transitions()
        total = sum(p.seconds for p in self.picks) + transitions
        tolerance = 0.015 * self.target
        for _ in range(500):
            gap = self.target - total
            if abs(gap) <= tolerance:
                return
            best: tuple[float, int, int, Dose] | None = None  # (strain, new |gap|, index, dose)
            for index, pick in enumerate(self.picks):
                seconds = pick.seconds
                for candidate in _neighbours(pick, up=gap > 0):
                    new_gap = abs(gap - (candidate.seconds(pick.spec.seconds_per_rep) - seconds))
                    if new_gap >= abs(gap):
                        continue
                    strain = _strain(pick.option.range, candidate)
                    key = (strain, new_gap, index, candidate)
                    if best is None or key[:3] < best[:3]:
                        best = key
            if best is None:
                return
            _strain_, _gap, index, dose = best
            pick = self.picks[index]
            total += dose.seconds(pick.spec.seconds_per_rep) - pick.seconds
            pick.dose = dose

    def _finish(self) -> Routine:
        if any(p.option.tier == 1 for p in self.picks):
            self.relaxed.insert(0, "Few exercises at your level fit your choices, so some harder ones are included.")
        items, changes, transitions = _order(self.picks)
        total = sum(item.seconds for item in items) + transitions
        if abs(total - self.target) > TOLERANCE * self.target:
            what = "shorter" if total < self.target else "longer"
            self.relaxed.append(
                f"Only about {max(1, round(total / 60))} minutes of exercises fit your choices"
                f"{' on a flare-up day' if self.flare else ''}, so this routine is {what} than the"
                f" {self.minutes} you asked for."
            )
        return Routine(tuple(items), total, changes, transitions, tuple(dict.fromkeys(self.relaxed)))


def _roomy_dose(rng: DoseRange, dose: Dose) -> Dose:
    """Halfway from the level's amount to the top of its range, for budgeting the fill."""
    return dose.with_amount(dose.amount + (rng.amount_hi - dose.amount) // 2)


def _roomy(pick: _Pick) -> int:
    return _roomy_dose(pick.option.range, pick.dose).seconds(pick.spec.seconds_per_rep)


def _roomy_option(option: _Option) -> int:
    return _roomy_dose(option.range, option.range.base).seconds(option.spec.seconds_per_rep)


def _strain(rng: DoseRange, dose: Dose) -> float:
    """How far a dose strays from the level's own: a set counts for a lot more than a rep."""
    base = rng.base
    return abs(dose.amount - base.amount) / max(base.amount, 1) + abs(dose.sets - base.sets)


def _neighbours(pick: _Pick, *, up: bool) -> list[Dose]:
    rng, dose = pick.option.range, pick.dose
    sign = 1 if up else -1
    out = []
    amount = dose.amount + sign * rng.step
    if rng.amount_lo <= amount <= rng.amount_hi:
        out.append(dose.with_amount(amount))
    sets = dose.sets + sign
    if rng.sets_lo <= sets <= rng.sets_hi:
        # A strength move done in sets needs a pause between them.
        rest = dose.rest_seconds or (20 if pick.spec.category == Category.STRENGTH else 0)
        out.append(Dose(sets, dose.reps, dose.hold_seconds, dose.duration_seconds, dose.per_side, rest))
    return out


@lru_cache(maxsize=4096)
def _route(stages: Stages) -> tuple[int, int, tuple[tuple[Position, ...], ...]]:
    """The cheapest way through each stage's positions, stages in order.

    Returns (transition seconds, position changes, each stage's position order). Within a
    stage every move in one position is done together, so a routine changes position at most
    (sum of positions per stage) - 1 times; the planner keeps that sum within the number of
    distinct positions + EXTRA_RUNS. Ties go to fewer changes, then to the fixed order of
    the Position enumeration, so the result never depends on set order.
    """
    best: dict[Position | None, tuple[int, int, tuple[tuple[Position, ...], ...]]] = {None: (0, 0, ())}
    for positions in stages:
        ordered = sorted(positions, key=_POSITION_INDEX.__getitem__)
        if not ordered:
            best = {end: (cost, changes, (*path, ())) for end, (cost, changes, path) in best.items()}
            continue
        orders: Iterable[tuple[Position, ...]] = (
            itertools.permutations(ordered) if len(ordered) <= 6 else [tuple(ordered)]
        )
        nxt: dict[Position | None, tuple[int, int, tuple[tuple[Position, ...], ...]]] = {}
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
    stages: list[set[Position]] = [set(), set(), set(), set()]
    for p in picks:
        stages[p.stage].add(p.spec.position)
    _cost, _changes, route = _route(tuple(frozenset(s) for s in stages))
    ordered: list[_Pick] = []
    for stage, positions in enumerate(route):
        rank = _CATEGORY_RANK[stage]
        for position in positions:
            group = [p for p in picks if p.stage == stage and p.spec.position == position]
            # Gentle before demanding; in a cool-down, settling moves (breathing) last.
            group.sort(key=lambda p: (p.option.settling, rank.get(p.spec.category, 0), p.spec.difficulty, p.spec.slug))
            ordered.extend(group)
    items = [RoutineItem(p.spec, p.phase, p.dose, p.seconds) for p in ordered]
    return items, *count_changes([p.spec.position for p in ordered])


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
    return Routine(tuple(out), sum(i.seconds for i in out) + transitions, changes, transitions, tuple(relaxed))


__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "Unplannable",
    "assemble",
    "count_changes",
    "eligible",
    "plan_routine",
    "validate_minutes",
]
