"""Ordering: the stages of a routine and the cheapest walk through their start positions.

A routine runs in four stages (foam rolling, the rest of the warm-up, main, cool-down). Within
a stage every move in one start position is done together, so ordering a routine is choosing,
stage by stage, the order of its positions: a small dynamic programme over the position that
ends each stage. Positions only; the planner's moves are placed into the route elsewhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from functools import lru_cache

from spinewise.planning.vocabulary import FLOOR_POSITIONS, Category, Phase, Position, transition_seconds

PHASES: tuple[Phase, ...] = (Phase.WARM_UP, Phase.MAIN, Phase.COOL_DOWN)

# Stages in the order they are done: foam rolling, the rest of the warm-up, main, cool-down.
ROLL, WARM, MAIN, COOL = 0, 1, 2, 3
STAGE_OF_PHASE: dict[Phase, int] = {Phase.WARM_UP: WARM, Phase.MAIN: MAIN, Phase.COOL_DOWN: COOL}
POSITION_INDEX: dict[Position, int] = {p: i for i, p in enumerate(Position)}
# Inside a position group, the order a therapist would use in each stage.
CATEGORY_RANK: dict[int, dict[Category, int]] = {
    ROLL: {},
    WARM: {Category.MOBILITY: 0, Category.STRETCH: 1, Category.STRENGTH: 2},
    MAIN: {Category.MOBILITY: 0, Category.STRENGTH: 1, Category.STRETCH: 2},
    COOL: {Category.STRETCH: 0, Category.MOBILITY: 1, Category.STRENGTH: 2},
}
# Every permutation of a stage's positions is tried up to this many. Beyond it (never in a
# real routine) every first and last position is tried with the rest between them, the floor
# ones together: the changes are still the fewest (only the ends decide them), the seconds
# close to it.
MAX_PERMUTED = 6

Stages = tuple[frozenset[Position], ...]
RouteResult = tuple[int, int, tuple[tuple[Position, ...], ...]]
# Inside the dynamic programme: (changes, seconds, wishes missed, each stage's order so far).
_Partial = tuple[int, int, int, tuple[tuple[Position, ...], ...]]


@lru_cache(maxsize=4096)
def route(stages: Stages, finish: Position | None = None, start: Position | None = None) -> RouteResult:
    """The best walk through each stage's positions, stages in order.

    Returns (transition seconds, position changes, each stage's position order). Within a
    stage every move in one position is done together, which is never worse: a stage visiting
    n positions needs n - 1 changes inside it, plus one to enter it when it starts elsewhere
    than the last stage ended. Best means, in this order: the fewest position changes, then
    the fewest transition seconds, then the two wishes met: the warm-up (after any foam
    rolling) opening in `start`, where its gentlest move is, and the cool-down ending in
    `finish`, where breathing or lying still closes the session. A wish never costs a change.
    Remaining ties go to the fixed order of the Position enumeration, so the result never
    depends on set order.
    """
    best: dict[Position | None, _Partial] = {None: (0, 0, 0, ())}
    last = len(stages) - 1
    for index, positions in enumerate(stages):
        ordered = sorted(positions, key=POSITION_INDEX.__getitem__)
        if not ordered:
            best = {end: (*partial[:3], (*partial[3], ())) for end, partial in best.items()}
            continue
        orders: Iterable[tuple[Position, ...]] = (
            itertools.permutations(ordered) if len(ordered) <= MAX_PERMUTED else _ends_first(ordered)
        )
        opens = start if index == WARM and start in positions else None
        closes = finish if index == last and finish in positions else None
        nxt: dict[Position | None, _Partial] = {}
        for order in orders:
            inner = sum(transition_seconds(a, b) for a, b in itertools.pairwise(order))
            missed = (opens is not None and order[0] != opens) + (closes is not None and order[-1] != closes)
            for before, (changes, cost, wishes, path) in best.items():
                enter = transition_seconds(before, order[0]) if before is not None else 0
                candidate = (
                    changes + len(order) - 1 + (1 if enter else 0),
                    cost + enter + inner,
                    wishes + missed,
                    (*path, order),
                )
                end = order[-1]
                if end not in nxt or candidate[:3] < nxt[end][:3]:
                    nxt[end] = candidate
        best = nxt
    changes, cost, _wishes, path = min(best.values(), key=lambda v: v[:3])
    return cost, changes, path


def _ends_first(ordered: list[Position]) -> list[tuple[Position, ...]]:
    out = []
    for first, last in itertools.permutations(ordered, 2):
        floor = first in FLOOR_POSITIONS
        middle = sorted(
            (p for p in ordered if p not in (first, last)), key=lambda p: (p in FLOOR_POSITIONS) != floor
        )
        out.append((first, *middle, last))
    return out


def count_changes(positions: Sequence[Position]) -> tuple[int, int]:
    """The number of position changes and their total transition allowance in seconds."""
    changes = 0
    seconds = 0
    for a, b in itertools.pairwise(positions):
        if a != b:
            changes += 1
            seconds += transition_seconds(a, b)
    return changes, seconds
