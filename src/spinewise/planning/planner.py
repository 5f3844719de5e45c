"""The planner: library + profile + minutes + seed -> an ordered, timed routine.

Pure Python (no Django). The same input and seed always give the same routine: every choice
is seeded or broken by slug, never left to set or hash order.

How a routine is built (the module that owns each step in brackets):

1. Hard limits: equipment at hand, positions not avoided, only gentle moves on a flare-up day,
   nothing whose main direction is the one the person should avoid (see `main_direction`).
   Nothing left -> `Unplannable`. [limits]
2. A strength focus on a flare-up day becomes relief, and says so. The rest sorts into tiers:
   within the level (tier 0); above it (tier 1, only ever used to fill time). [here, candidates]
3. Home positions: the one to four start positions whose moves can fill the time, suit every
   phase and work hips, lumbar spine and core at the least cost in getting up and down. This
   is what keeps a 9-minute floor routine on the floor and in one or two positions. [candidates]
4. Selection, phase by phase (foam rolling first when a roller is at hand), each move scored
   on the focus, the day, how well it suits the phase, what it adds, and the transition time
   it adds given the positions already in the routine. One version of a move per session:
   never a move and its easier or harder version (linked on either move). A relief warm-up
   takes only gentle moves (safe on a flare-up day) when there is one, and always has one to
   open with. A thin warm-up or cool-down then takes the main moves that suit it better. [here]
5. A strength routine keeps a core hold (a plank or side plank, or an easier version), from
   ten minutes one of each, when the person can do them. Coverage of hips, lumbar spine and
   core for routines of 8 minutes or more. [here]
6. Time: doses move within `dose_range`, a little on every move before a lot on one, and more
   readily where the day wants the volume [fitting]; moves are added or dropped when that is
   not enough [here].
7. Order: foam rolling, warm-up, main, cool-down, each grouped by position, along the route
   with the fewest position changes the chosen moves allow (then the fewest seconds), opening
   the warm-up with its gentlest move and ending where the settling move is when that costs
   no change. [ordering, assembly]

Whatever cannot be met in full (time, coverage, level, focus) is said in `relaxed`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from spinewise.planning.assembly import TOLERANCE, assemble, finish
from spinewise.planning.candidates import (
    GROUP_NAMES,
    PHASE_FIT,
    Option,
    Pick,
    build_options,
    choose_home,
    coverage_bits,
    place_at_base,
    scorer,
    settle_in,
    stages_of,
)
from spinewise.planning.fitting import AIM, adjust_doses, all_doses
from spinewise.planning.limits import (
    FRONT_HOLD,
    HOLD_KINDS,
    OPPOSITE,
    SIDE_HOLD,
    Limit,
    Unplannable,
    broken_limit,
    eligible,
    main_direction,
    unplannable,
)
from spinewise.planning.model import Dose, ExerciseSpec, Profile, Routine
from spinewise.planning.ordering import PHASES, ROLL, STAGE_OF_PHASE, WARM, Stages, count_changes, route
from spinewise.planning.vocabulary import Category, Focus, Level, Phase, Position, State
from spinewise.planning.words import DIRECTION_WORDS, GROUP_WORDS, Said, gettext_noop, word

__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "TOLERANCE",
    "Limit",
    "Unplannable",
    "assemble",
    "count_changes",
    "eligible",
    "main_direction",
    "plan_break",
    "plan_routine",
    "validate_minutes",
]

MIN_MINUTES = 5
MAX_MINUTES = 30
COVERAGE_FROM_SECONDS = 8 * 60
# Share of the time for each phase, by focus; warm-up and cool-down take at most 5 minutes.
MAX_END_PHASE_SECONDS = 5 * 60
PHASE_SHARES: dict[Focus, tuple[float, float, float]] = {
    Focus.BALANCED: (0.25, 0.55, 0.20),
    Focus.RELIEF: (0.30, 0.40, 0.30),
    Focus.MOBILITY: (0.30, 0.50, 0.20),
    Focus.STRENGTH: (0.20, 0.65, 0.15),
}
# Foam rolling opens a routine when a roller is at hand: one move, two from this many seconds.
SECOND_ROLL_FROM_SECONDS = 15 * 60
# A strength routine keeps a core hold; from this many seconds, a front and a side one.
BOTH_HOLDS_FROM_SECONDS = 10 * 60
_WARM_BIT = 1 << PHASES.index(Phase.WARM_UP)

# Where an option may go: (stage, phase) pairs, best first when scores tie.
Where = Callable[[Option], Sequence[tuple[int, Phase]]]


def validate_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES} (got {minutes})")


def plan_routine(library: Sequence[ExerciseSpec], profile: Profile, minutes: int, seed: int) -> Routine:
    validate_minutes(minutes)
    return _plan(library, profile, minutes, seed)


# A movement break at a desk: a short routine of whole minutes, planned the same way.
MIN_BREAK_MINUTES = 1
MAX_BREAK_MINUTES = 3


# A move of the last break is this much less appealing in the next one, so breaks vary.
REPEAT_FACTOR = 0.25


def plan_break(
    library: Sequence[ExerciseSpec],
    profile: Profile,
    minutes: int,
    seed: int,
    recent: frozenset[str] = frozenset(),
) -> Routine:
    """A 1-3 minute routine (a movement break) for the same limits; the caller narrows the
    positions (standing, a chair) through the profile's avoided positions. The moves of the
    last break (`recent`) are chosen again only when little else fits."""
    if not MIN_BREAK_MINUTES <= minutes <= MAX_BREAK_MINUTES:
        raise ValueError(f"a break lasts {MIN_BREAK_MINUTES} to {MAX_BREAK_MINUTES} minutes (got {minutes})")
    return _plan(library, profile, minutes, seed, recent)


def _plan(
    library: Sequence[ExerciseSpec],
    profile: Profile,
    minutes: int,
    seed: int,
    recent: frozenset[str] = frozenset(),
) -> Routine:
    pool = []
    # What the directional preference alone holds back, to say so when it leaves a gap.
    held_back = 0
    for spec in library:
        broken = broken_limit(spec, profile)
        if broken is None:
            pool.append(spec)
        elif broken is Limit.DIRECTION:
            held_back |= coverage_bits(spec)
    if not pool:
        raise unplannable(profile)
    pool.sort(key=lambda s: s.slug)
    return _Planner(pool, profile, minutes, seed, held_back, recent).plan()


def _budgets(target: int, focus: Focus) -> dict[Phase, float]:
    """Seconds for each phase: the focus's shares, with warm-up and cool-down capped so a long
    routine spends its extra time on the main part rather than on ever more warming up."""
    warm, _main, cool = (target * share for share in PHASE_SHARES[focus])
    warm, cool = min(warm, MAX_END_PHASE_SECONDS), min(cool, MAX_END_PHASE_SECONDS)
    return {Phase.WARM_UP: warm, Phase.MAIN: target - warm - cool, Phase.COOL_DOWN: cool}


class _Planner:
    def __init__(
        self,
        pool: list[ExerciseSpec],
        profile: Profile,
        minutes: int,
        seed: int,
        held_back: int,
        recent: frozenset[str] = frozenset(),
    ) -> None:
        self.relaxed: list[str] = []
        self.flare = profile.state == State.FLARE_UP
        if self.flare and profile.focus == Focus.STRENGTH:
            # Loading a back that is flaring up feeds the flare; calming it comes first.
            profile = replace(profile, focus=Focus.RELIEF)
            self.relaxed.append(
                Said(
                    gettext_noop(
                        "Strength work waits for a better day: on a flare-up day this routine aims to ease"
                        " your back instead."
                    )
                )
            )
        self.profile = profile
        self.minutes = minutes
        self.target = minutes * 60
        # A flare-up day doses everything at its gentlest, whatever the level.
        self.level = Level.BEGINNER if self.flare else profile.level
        self.need_coverage = self.target >= COVERAGE_FROM_SECONDS
        self.held_back = held_back
        self.budgets = _budgets(self.target, profile.focus)
        self.picks: list[Pick] = []
        self.used: set[str] = set()
        self.dropped: set[str] = set()
        self._place_cache: dict[str, tuple[tuple[int, Phase], ...]] = {}
        self.options = build_options(pool, profile, self.level, self.flare, random.Random(seed))
        for option in self.options:
            if option.slug in recent:
                option.weight *= REPEAT_FACTOR
                option.fit *= REPEAT_FACTOR
        self.core_tier = min(o.tier for o in self.options)
        self.home = choose_home(self.options, self.core_tier, self.target, self.need_coverage)
        # A relief routine opens gently: its warm-up takes only moves safe on a flare-up day,
        # as long as there is one to take.
        self.gentle_start = profile.focus == Focus.RELIEF and any(
            o.gentle and o.phases & _WARM_BIT and o.category != Category.FOAM_ROLLING
            for o in self.options
            if o.tier <= self.core_tier
        )
        # Core holds a strength routine keeps: one of either kind, or from ten minutes one of each.
        self.hold_rules: tuple[frozenset[int], ...] = ()
        if profile.focus == Focus.STRENGTH:
            both = self.target >= BOTH_HOLDS_FROM_SECONDS
            self.hold_rules = (
                (frozenset({FRONT_HOLD}), frozenset({SIDE_HOLD})) if both else (frozenset(HOLD_KINDS),)
            )

    def _open(self, *, filler: bool) -> list[Option]:
        """Options not used yet and not an easier or harder version of a move already in (one
        version of a move per session).

        The routine's own: within the core tier and in a home position. For filling time the
        others cannot: any tier, anywhere.
        """
        used = self.used
        if filler:
            return [o for o in self.options if o.slug not in used and o.variants.isdisjoint(used)]
        return [
            o
            for o in self.options
            if o.tier <= self.core_tier
            and o.slug not in used
            and o.variants.isdisjoint(used)
            and (o.position in self.home or o.category == Category.FOAM_ROLLING)
        ]

    # -- where a move may go ---------------------------------------------------------------------

    def _allowed(self, option: Option, phase: Phase) -> bool:
        return not (
            self.gentle_start
            and phase == Phase.WARM_UP
            and option.category != Category.FOAM_ROLLING
            and not option.gentle
        )

    def _places(self, option: Option) -> tuple[tuple[int, Phase], ...]:
        """Every (stage, phase) the move may take, its natural place first: main when it suits
        the move, else its earliest phase; foam rolling only as the opening."""
        places = self._place_cache.get(option.slug)
        if places is None:
            phases = option.spec.phases
            if option.category == Category.FOAM_ROLLING:
                places = ((ROLL, Phase.WARM_UP),) if Phase.WARM_UP in phases else ()
            else:
                ordered = sorted(phases, key=lambda ph: (ph != Phase.MAIN, PHASES.index(ph)))
                places = tuple((STAGE_OF_PHASE[ph], ph) for ph in ordered if self._allowed(option, ph))
            self._place_cache[option.slug] = places
        return places

    def _where_best(self, option: Option) -> Sequence[tuple[int, Phase]]:
        return self._places(option)[:1]

    def _where_fill(self, option: Option) -> Sequence[tuple[int, Phase]]:
        """A filler may go in any phase it suits, in the order of the phases; the score picks
        the one that fits best."""
        places = self._places(option)
        if option.category == Category.FOAM_ROLLING or len(places) < 2:
            return places
        return sorted(places)

    # -- state of the routine ------------------------------------------------------------------

    def _stages(self) -> Stages:
        return stages_of(self.picks)

    def _covered(self) -> int:
        mask = 0
        for p in self.picks:
            mask |= p.option.groups
        return mask

    def _transitions(self) -> int:
        return route(self._stages(), settle_in(self.picks))[0]

    def _total(self) -> int:
        return sum(p.seconds for p in self.picks) + self._transitions()

    def _best(self, options: Iterable[Option], where: Where, *, balance: bool = False) -> Pick | None:
        """The best-scoring option in the best of the places `where` allows it.

        `balance` favours phases still short of their share of the time (for fillers).
        """
        score = scorer(self.picks, self.home, self.need_coverage)
        shortfall: dict[Phase, float] = {}
        if balance:
            spent = dict.fromkeys(PHASES, 0)
            for p in self.picks:
                spent[p.phase] += p.seconds
            shortfall = {
                ph: min(2.0, max(0.5, math.sqrt(self.budgets[ph] / max(spent[ph], 1)))) for ph in PHASES
            }
        best: tuple[float, str, Option, int, Phase] | None = None
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
        return place_at_base(option, stage, phase, value)

    def _add(self, pick: Pick) -> None:
        self.picks.append(pick)
        self.used.add(pick.option.slug)

    def _remove(self, pick: Pick) -> None:
        self.picks.remove(pick)
        self.used.discard(pick.option.slug)
        self.dropped.add(pick.option.slug)

    def _removable(self, pick: Pick, instead: Pick | None = None) -> bool:
        """Whether the routine may lose `pick` (for `instead`, when given) and still keep a move
        in its phase, a gentle opening, every coverage group only it works, and the core holds
        it must keep."""
        others = [p for p in self.picks if p is not pick]
        if instead is not None:
            others.append(instead)
        if not any(p.phase == pick.phase for p in others):
            return False
        if self.gentle_start and pick.stage == WARM and not any(p.stage == WARM for p in others):
            return False
        if self.need_coverage:
            covered = 0
            for p in others:
                covered |= p.option.groups
            if pick.option.groups & ~covered:
                return False
        if pick.option.hold:
            for kinds in self.hold_rules:
                if pick.option.hold in kinds and not any(p.option.hold in kinds for p in others):
                    return False
        return True

    def _insist(self, choices: Sequence[Option]) -> Pick | None:
        """Put the best of `choices` in the routine, even where scoring or the bound on returns
        to a position would not: for what the routine must have (coverage, core holds).

        A choice that is another version of a move already in takes that move's place, when the
        routine can spare it. Room is made by dropping the weakest move of the phase that
        nothing else depends on. None when no choice has a place.
        """
        placed = [o for o in choices if self._places(o)]
        free = [o for o in placed if o.variants.isdisjoint(self.used)]
        pick = self._best(free, self._where_best)
        if pick is None and free:
            option = max(free, key=lambda o: (o.weight, o.slug))
            pick = place_at_base(option, *self._where_best(option)[0], option.weight)
        if pick is None:
            for option in sorted(placed, key=lambda o: (-o.weight, o.slug)):
                candidate = place_at_base(option, *self._where_best(option)[0], option.weight)
                rivals = [p for p in self.picks if p.option.slug in option.variants]
                if all(self._removable(p, candidate) for p in rivals):
                    for rival in rivals:
                        self._remove(rival)
                    pick = candidate
                    break
        if pick is None:
            return None
        replaceable = [p for p in self.picks if p.phase == pick.phase and self._removable(p, pick)]
        if replaceable:
            self._remove(min(replaceable, key=lambda p: (p.score, p.option.slug)))
        self._add(pick)
        return pick

    # -- the steps -------------------------------------------------------------------------------

    def plan(self) -> Routine:
        self._roll()
        for phase in PHASES:
            self._fill(phase)
            if phase == Phase.WARM_UP and self.gentle_start:
                self._open_gently()
        self._rebalance()
        self._keep_core_holds()
        if self.need_coverage:
            self._ensure_coverage()
        self._fit_time()
        if not self.picks:
            self._last_resort()
        if any(p.option.tier == 1 for p in self.picks):
            self.relaxed.insert(
                0,
                Said(
                    gettext_noop(
                        "Few exercises at your level fit your choices, so some harder ones are included."
                    )
                ),
            )
        return finish(self.picks, self.minutes, self.relaxed, flare=self.flare)

    def _roll(self) -> None:
        """Foam rolling first, when a roller is at hand: it readies the tissue for what follows."""
        rolls = [o for o in self._open(filler=False) if o.category == Category.FOAM_ROLLING]
        wanted = 2 if self.target >= SECOND_ROLL_FROM_SECONDS else 1
        spent = 0
        for _ in range(min(wanted, len(rolls))):
            pick = self._best(
                (o for o in rolls if o.slug not in self.used and o.variants.isdisjoint(self.used)),
                lambda o: [(ROLL, Phase.WARM_UP)] if Phase.WARM_UP in o.spec.phases else [],
            )
            if pick is None or spent + pick.seconds > self.budgets[Phase.WARM_UP]:
                break
            self._add(pick)
            spent += pick.seconds

    def _fill(self, phase: Phase) -> None:
        stage = STAGE_OF_PHASE[phase]

        here = [(stage, phase)]

        def where(option: Option) -> Sequence[tuple[int, Phase]]:
            return here

        bit = 1 << PHASES.index(phase)
        options = [
            o
            for o in self._open(filler=False)
            if o.phases & bit and o.category != Category.FOAM_ROLLING and self._allowed(o, phase)
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

    def _open_gently(self) -> None:
        """A relief warm-up always has a gentle move to open with, even when foam rolling took
        its time or none suits the home positions: one getting-up is a fair price for it."""
        if any(p.stage == WARM for p in self.picks):
            return
        gentle = [
            o
            for o in self._open(filler=True)
            if o.tier <= self.core_tier
            and o.gentle
            and o.phases & _WARM_BIT
            and o.category != Category.FOAM_ROLLING
        ]
        pick = self._best(gentle, lambda o: [(WARM, Phase.WARM_UP)])
        if pick is None and gentle:
            option = min(gentle, key=lambda o: (o.spec.difficulty, -o.weight, o.slug))
            pick = place_at_base(option, WARM, Phase.WARM_UP, option.weight)
        if pick is not None:
            self._add(pick)

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
                best: tuple[tuple[bool, float, str], Pick] | None = None
                for p in main:
                    category = p.option.category
                    if (
                        phase not in p.spec.phases
                        or not self._allowed(p.option, phase)
                        or (spent and fit.get(category, 1.0) <= main_fit.get(category, 1.0))
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
                best[1].phase, best[1].stage = phase, STAGE_OF_PHASE[phase]

    def _transitions_if(self, pick: Pick, phase: Phase) -> int:
        """The routine's transition seconds were `pick` moved to `phase`."""
        sets: tuple[set[Position], ...] = (set(), set(), set(), set())
        for p in self.picks:
            sets[STAGE_OF_PHASE[phase] if p is pick else p.stage].add(p.option.position)
        return route(tuple(frozenset(s) for s in sets), settle_in(self.picks))[0]

    def _adds_transition(self, pick: Pick) -> bool:
        stages = self._stages()
        if pick.option.position in stages[pick.stage]:
            return False
        end = settle_in(self.picks)
        grown = tuple(s | {pick.option.position} if i == pick.stage else s for i, s in enumerate(stages))
        return route(grown, end)[0] > route(stages, end)[0]

    def _keep_core_holds(self) -> None:
        """A strength routine keeps its core holds (planks, side planks, or easier versions)
        whenever the person can do one within their level: see `hold_rules`."""
        for kinds in self.hold_rules:
            if any(p.option.hold in kinds for p in self.picks):
                continue
            self._insist(
                [
                    o
                    for o in self.options
                    if o.hold in kinds and o.tier <= self.core_tier and o.slug not in self.used
                ]
            )

    def _ensure_coverage(self) -> None:
        for index, group in enumerate(GROUP_NAMES):
            bit = 1 << index
            if self._covered() & bit:
                continue
            choices = [o for o in self.options if o.groups & bit and o.slug not in self.used]
            if self._insist(choices) is not None:
                continue
            name = word(GROUP_WORDS, group)
            if choices:
                if any(self._places(o) for o in choices):
                    self.relaxed.append(
                        Said(
                            gettext_noop(
                                "The exercises that fit your choices and work the %(name)s are other versions"
                                " of moves this routine needs, so it leaves the %(name)s out."
                            ),
                            name=name,
                        )
                    )
                else:
                    self.relaxed.append(
                        Said(
                            gettext_noop(
                                "The only exercises that fit your choices and work the %(name)s are brisk"
                                " warm-up moves, and a relief routine starts gently, so this routine leaves"
                                " the %(name)s out."
                            ),
                            name=name,
                        )
                    )
            elif self.held_back & bit and self.profile.prefer is not None:
                avoided = word(DIRECTION_WORDS, OPPOSITE[self.profile.prefer].value)
                self.relaxed.append(
                    Said(
                        gettext_noop(
                            "The only exercises that fit your choices and work the %(name)s mainly bend your"
                            " back in %(avoided)s, the direction you asked to avoid, so this routine leaves"
                            " the %(name)s out."
                        ),
                        name=name,
                        avoided=avoided,
                    )
                )
            else:
                self.relaxed.append(
                    Said(
                        gettext_noop(
                            "No exercise that fits your equipment, positions and today's state works the"
                            " %(name)s, so this routine leaves it out."
                        ),
                        name=name,
                    )
                )

    def _fit_time(self) -> None:
        """Move doses within their ranges; add or drop moves when that is not enough.

        The closest routine seen is kept, so a last move that overshoots never stays in.
        """
        aim = AIM * self.target
        closest: tuple[int, list[Pick], list[Dose]] | None = None
        for _round in range(16):
            adjust_doses(self.picks, self.target, self._transitions())
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
        options = [o for o in self._open(filler=True) if self._places(o)]
        if not options:
            options = [o for o in self.options if self._places(o)]
        if options:
            option = min(options, key=lambda o: (o.tier, o.least, o.slug))
            stage, phase = self._places(option)[0]
        else:
            # Only foam rolling the content does not place in a warm-up: it still opens.
            option = min(self.options, key=lambda o: (o.tier, o.least, o.slug))
            stage, phase = ROLL, Phase.WARM_UP
        pick = place_at_base(option, stage, phase, option.weight)
        pick.set_dose(min(all_doses(pick), key=lambda d: d.seconds(option.spec.seconds_per_rep)))
        self._add(pick)
