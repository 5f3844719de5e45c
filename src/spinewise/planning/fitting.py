"""Dose fitting: move each chosen move's dose within its range until the routine fits its time.

A little on every move before a lot on one, and more readily where the day wants the volume.
Adding or dropping moves when doses are not enough is the planner's business, not this one's.
"""

from __future__ import annotations

import heapq

from spinewise.planning.candidates import Option, Pick
from spinewise.planning.model import Dose
from spinewise.planning.vocabulary import Category

# Time fitting aims well inside the promise, so rounding never pushes a routine out of it.
AIM = 0.03
DOSE_AIM = 0.015
# The rest a strength move gets between sets when its level's dose has only one set.
STRENGTH_REST_SECONDS = 20


def strain(option: Option, dose: Dose) -> float:
    """How far a dose strays from the level's own: a set counts for far more than a rep.

    Extra volume is cheaper where the day wants it (a stiff day adds reps to mobility before
    a set of curl-ups) and cutting is cheaper where it does not.
    """
    base = option.range.base
    raw = abs(dose.amount - base.amount) / max(base.amount, 1) + abs(dose.sets - base.sets)
    above = dose.amount > base.amount or dose.sets > base.sets
    return raw / option.appetite if above else raw * option.appetite


def _set_rest(option: Option, dose: Dose) -> int:
    # A strength move done in sets needs a pause between them.
    return dose.rest_seconds or (STRENGTH_REST_SECONDS if option.category == Category.STRENGTH else 0)


def all_doses(pick: Pick) -> list[Dose]:
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
    rest = _set_rest(pick.option, base)
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


def _steps(pick: Pick, *, up: bool) -> list[tuple[float, int, Dose]]:
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
        rest = _set_rest(pick.option, dose)
        out.append(Dose(sets, dose.reps, dose.hold_seconds, dose.duration_seconds, dose.per_side, rest))
    return [(strain(pick.option, d), d.seconds(spr) - pick.seconds, d) for d in out]


def adjust_doses(picks: list[Pick], target: int, transitions: int) -> None:
    """Unit steps on amounts and sets, a little on every move before a lot on one.

    Steps wait in a heap, least strain first (then the biggest). A step that overshoots
    now overshoots for the rest of this direction too (the gap only shrinks), so it is
    dropped for good; a move's next step is queued once its last one is taken.
    """
    total = sum(p.seconds for p in picks) + transitions
    tolerance = DOSE_AIM * target
    up: bool | None = None
    heap: list[tuple[float, int, int, int, int, Dose]] = []  # strain, -|delta|, index, kind, delta, dose
    overshoots = False

    def queue(index: int) -> None:
        for kind, (cost, delta, dose) in enumerate(_steps(picks[index], up=bool(up))):
            heapq.heappush(heap, (cost, -abs(delta), index, kind, delta, dose))

    while True:
        gap = target - total
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
            if overshoots and abs(gap) > AIM * target:
                _redose(picks, target, total)
            return
        picks[index].set_dose(dose)
        total += delta
        # The pick's other queued step is now stale: drop it before queueing fresh ones.
        heap = [entry for entry in heap if entry[2] != index]
        heapq.heapify(heap)
        queue(index)


def _redose(picks: list[Pick], target: int, total: int) -> None:
    """Coordinate descent over every dose in range, closest to the target, then least strain."""
    tolerance = DOSE_AIM * target
    for _sweep in range(4):
        improved = False
        for pick in picks:
            rest = total - pick.seconds
            current = (max(abs(target - total) - tolerance, 0.0), strain(pick.option, pick.dose))
            best: tuple[tuple[float, float], Dose] | None = None
            for dose in all_doses(pick):
                seconds = dose.seconds(pick.option.spec.seconds_per_rep)
                key = (max(abs(target - rest - seconds) - tolerance, 0.0), strain(pick.option, dose))
                if key < current and (best is None or key < best[0]):
                    best = (key, dose)
            if best is not None:
                pick.set_dose(best[1])
                total = rest + pick.seconds
                improved = True
        if not improved:
            return
