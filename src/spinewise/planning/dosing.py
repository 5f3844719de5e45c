"""Dose arithmetic: how far a level's dose may move to fit a time budget."""

from __future__ import annotations

import math
from dataclasses import dataclass

from spinewise.planning.model import Dose, ExerciseSpec
from spinewise.planning.vocabulary import LEVELS, Level


@dataclass(frozen=True, slots=True)
class DoseRange:
    """The doses a level allows: the amount and the sets may move between these bounds."""

    base: Dose
    amount_lo: int
    amount_hi: int
    step: int
    sets_lo: int
    sets_hi: int

    def clamp(self, dose: Dose) -> Dose:
        amount = min(max(dose.amount, self.amount_lo), self.amount_hi)
        sets = min(max(dose.sets, self.sets_lo), self.sets_hi)
        return Dose(
            sets=sets,
            reps=amount if dose.kind == "reps" else None,
            hold_seconds=amount if dose.kind == "hold" else None,
            duration_seconds=amount if dose.kind == "duration" else None,
            per_side=dose.per_side,
            rest_seconds=dose.rest_seconds,
        )


def _step(dose: Dose) -> int:
    """The smallest change worth making: one rep; holds of 10 s or more in 5 s (nobody holds
    for 11 s); continuous work in 10 s from half a minute."""
    if dose.kind == "reps":
        return 1
    if dose.kind == "hold":
        return 5 if dose.amount >= 10 else 1
    return 10 if dose.amount >= 30 else 5


def dose_range(spec: ExerciseSpec, level: Level, *, fixed: bool = False) -> DoseRange:
    """The range for `level`: from the level below up to halfway to the level above.

    A neighbouring level counts only when it uses the same measure; without one the
    amount may drop to three quarters of the level's own and never rise above it.
    `fixed` (a flare-up day) keeps the amount at the level's own and allows one extra set
    of it at most, so each set stays at its gentlest.
    """
    base = spec.dose(level)
    index = LEVELS.index(level)
    lower = spec.dose(LEVELS[index - 1]) if index > 0 else None
    upper = spec.dose(LEVELS[index + 1]) if index + 1 < len(LEVELS) else None
    if lower is not None and lower.kind != base.kind:
        lower = None
    if upper is not None and upper.kind != base.kind:
        upper = None
    if fixed:
        return DoseRange(base, base.amount, base.amount, _step(base), base.sets, base.sets + 1)
    lo = min(lower.amount, base.amount) if lower else max(1, math.ceil(base.amount * 0.75))
    hi = max(base.amount, (base.amount + upper.amount) // 2) if upper else base.amount
    sets_lo = min(lower.sets, base.sets) if lower else max(1, base.sets - 1)
    sets_hi = max(base.sets, upper.sets) if upper else base.sets
    sets_hi = min(sets_hi, base.sets + 1)
    return DoseRange(base, lo, hi, _step(base), sets_lo, sets_hi)
