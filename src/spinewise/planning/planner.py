"""The planner: library + profile + minutes + seed -> an ordered, timed routine.

Pure Python (no Django). The same input and seed always give the same routine: every choice
is seeded or broken by slug, never left to set or hash order.

How a routine is built (the step each module owns in brackets):

1. Hard limits (`eligible`): equipment at hand, positions not avoided, only gentle moves on a
   flare-up day. Nothing left -> `Unplannable`. [candidates]
2. Soft limits sort the rest into tiers: within the level and the directional preference
   (tier 0); above the level (tier 1, only ever used to fill time); moving only in the
   direction the person should avoid (tier 2, only when nothing else is left). [candidates]
3. Home positions: the one to four start positions whose moves can fill the time, suit every
   phase and work hips, lumbar spine and core at the least cost in getting up and down. This
   is what keeps a 9-minute floor routine on the floor and in one or two positions. [candidates]
4. Selection, phase by phase (foam rolling first when a roller is at hand), each move scored
   on the focus, the day, how well it suits the phase, what it adds, and the transition time
   it adds given the positions already in the routine. One version of a move per session
   (never both a move and its easier or harder variant while anything else is left). A thin
   warm-up or cool-down then takes the main moves that suit it better. [here, scores from candidates]
5. Coverage of hips, lumbar spine and core for routines of 8 minutes or more. [here]
6. Time: doses move within `dose_range`, a little on every move before a lot on one, and more
   readily where the day wants the volume [fitting]; moves are added or dropped when that is
   not enough [here].
7. Order: warm-up, main, cool-down, each grouped by position, the groups ordered for the
   cheapest transitions across the whole routine, ending where the settling move is.
   [ordering, assembly]

Whatever cannot be met in full (time, coverage, level, direction) is said in `relaxed`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence

from spinewise.planning.assembly import TOLERANCE, assemble, finish
from spinewise.planning.candidates import (
    GROUP_NAMES,
    OPPOSITE,
    PHASE_FIT,
    Option,
    Pick,
    Unplannable,
    build_options,
    choose_home,
    eligible,
    place_at_base,
    scorer,
    settle_in,
    stages_of,
    tiers,
)
from spinewise.planning.fitting import AIM, adjust_doses, all_doses
from spinewise.planning.model import Dose, ExerciseSpec, Profile, Routine
from spinewise.planning.ordering import PHASES, ROLL, STAGE_OF_PHASE, Stages, count_changes, route
from spinewise.planning.vocabulary import Category, Focus, Level, Phase, Position, State

__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "TOLERANCE",
    "Unplannable",
    "assemble",
    "count_changes",
    "eligible",
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

# Where an option may go: (stage, phase) pairs, best first when scores tie.
Where = Callable[[Option], Sequence[tuple[int, Phase]]]


def validate_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES} (got {minutes})")


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


def _budgets(target: int, focus: Focus) -> dict[Phase, float]:
    """Seconds for each phase: the focus's shares, with warm-up and cool-down capped so a long
    routine spends its extra time on the main part rather than on ever more warming up."""
    warm, _main, cool = (target * share for share in PHASE_SHARES[focus])
    warm, cool = min(warm, MAX_END_PHASE_SECONDS), min(cool, MAX_END_PHASE_SECONDS)
    return {Phase.WARM_UP: warm, Phase.MAIN: target - warm - cool, Phase.COOL_DOWN: cool}


def _default_place(option: Option) -> tuple[int, Phase]:
    if option.category == Category.FOAM_ROLLING:
        return ROLL, Phase.WARM_UP
    phases = option.spec.phases
    phase = Phase.MAIN if Phase.MAIN in phases else min(phases, key=PHASES.index)
    return STAGE_OF_PHASE[phase], phase


def _where_best(option: Option) -> Sequence[tuple[int, Phase]]:
    """Main when the move suits it, else its own phase; foam rolling only as the opening."""
    if option.category == Category.FOAM_ROLLING and Phase.WARM_UP not in option.spec.phases:
        return ()
    if not option.spec.phases:
        return ()
    return (_default_place(option),)


def _where_fill(option: Option) -> Sequence[tuple[int, Phase]]:
    """A filler may go in any phase it suits; the score picks the one that fits best."""
    if option.category == Category.FOAM_ROLLING:
        return _where_best(option)
    return [(STAGE_OF_PHASE[ph], ph) for ph in PHASES if ph in option.spec.phases]


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
        self.picks: list[Pick] = []
        self.used: set[str] = set()
        self.dropped: set[str] = set()
        self.options = build_options(pool, profile, self.level, self.flare, random.Random(seed))
        self.core_tier, self.filler_tier, note = tiers(self.options, profile.prefer)
        if note is not None:
            self.relaxed.append(note)
        self.home = choose_home(self.options, self.core_tier, self.target, self.need_coverage)

    def _open(self, *, filler: bool) -> list[Option]:
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
        score = scorer(self.picks, self.used, self.home, self.need_coverage)
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
        if any(p.option.tier == 1 for p in self.picks):
            self.relaxed.insert(
                0, "Few exercises at your level fit your choices, so some harder ones are included."
            )
        return finish(self.picks, self.minutes, self.relaxed, flare=self.flare)

    def _roll(self) -> None:
        """Foam rolling first, when a roller is at hand: it readies the tissue for what follows."""
        rolls = [o for o in self._open(filler=False) if o.category == Category.FOAM_ROLLING]
        wanted = 2 if self.target >= SECOND_ROLL_FROM_SECONDS else 1
        spent = 0
        for _ in range(min(wanted, len(rolls))):
            pick = self._best(
                (o for o in rolls if o.slug not in self.used),
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
                best: tuple[tuple[bool, float, str], Pick] | None = None
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

    def _ensure_coverage(self) -> None:
        for index, group in enumerate(GROUP_NAMES):
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
            pick = self._best(options, _where_best)
            if pick is None:
                # Only the bound on position changes stood in the way; coverage matters more.
                option = max(options, key=lambda o: (o.weight, o.slug))
                stage, phase = _default_place(option)
                pick = place_at_base(option, stage, phase, option.weight)
            # Make room: drop the weakest move of that phase that nothing else depends on.
            replaceable = [p for p in self.picks if p.phase == pick.phase and self._removable(p)]
            if replaceable:
                self._remove(min(replaceable, key=lambda p: (p.score, p.option.slug)))
            self._add(pick)

    def _removable(self, pick: Pick) -> bool:
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
                pick = self._best(options, _where_fill, balance=True)
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
        stage, phase = _default_place(option)
        pick = place_at_base(option, stage, phase, option.weight)
        pick.set_dose(min(all_doses(pick), key=lambda d: d.seconds(option.spec.seconds_per_rep)))
        self._add(pick)
