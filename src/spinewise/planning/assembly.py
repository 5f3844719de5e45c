"""Assembling: chosen moves into an ordered, timed `Routine`, and fixed-order routines as they are."""

from __future__ import annotations

from collections.abc import Sequence

from spinewise.planning.candidates import Pick, gentleness, open_in, settle_in, stages_of
from spinewise.planning.model import Dose, ExerciseSpec, Routine, RoutineItem
from spinewise.planning.ordering import CATEGORY_RANK, COOL, WARM, count_changes, route
from spinewise.planning.vocabulary import Phase
from spinewise.planning.words import Said, gettext_noop, minutes_said

TOLERANCE = 0.10


def order(picks: Sequence[Pick]) -> tuple[list[RoutineItem], int, int]:
    """Stages in order, each grouped by position along the cheapest route.

    Returns the items, their position changes and their transition seconds.
    """
    _cost, _changes, path = route(stages_of(picks), settle_in(picks), open_in(picks))
    ordered: list[Pick] = []
    for stage, positions in enumerate(path):
        rank = CATEGORY_RANK[stage]
        for position in positions:
            group = [p for p in picks if p.stage == stage and p.option.position == position]
            if stage == WARM:
                # A warm-up opens with its gentlest moves, whatever their kind.
                group.sort(key=lambda p: (*gentleness(p)[:2], rank.get(p.option.category, 0), p.spec.slug))
            else:
                # Gentle before demanding; in a cool-down, settling moves (breathing) last.
                group.sort(
                    key=lambda p: (
                        stage == COOL and p.option.settling,
                        rank.get(p.option.category, 0),
                        p.spec.difficulty,
                        p.spec.slug,
                    )
                )
            ordered.extend(group)
    items = [RoutineItem(p.spec, p.phase, p.dose, p.seconds) for p in ordered]
    return items, *count_changes([p.option.position for p in ordered])


def timing_note(total: int, minutes: int, *, flare: bool) -> str | None:
    """What to say when a routine misses the time asked for by more than the tolerance."""
    target = minutes * 60
    if abs(total - target) <= TOLERANCE * target:
        return None
    about = max(1, round(total / 60))
    values = {"took": minutes_said(about), "minutes": str(minutes)}
    if total < target:
        shorter = (
            gettext_noop(
                "Only about %(took)s of exercises fit your choices on a flare-up day, so this routine is"
                " shorter than the %(minutes)s you asked for."
            )
            if flare
            else gettext_noop(
                "Only about %(took)s of exercises fit your choices, so this routine is shorter than the"
                " %(minutes)s you asked for."
            )
        )
        return Said(shorter, **values)
    longer = (
        gettext_noop(
            "The shortest routine that fits your choices on a flare-up day takes about %(took)s, so it is"
            " longer than the %(minutes)s you asked for."
        )
        if flare
        else gettext_noop(
            "The shortest routine that fits your choices takes about %(took)s, so it is longer than the"
            " %(minutes)s you asked for."
        )
    )
    return Said(longer, **values)


def finish(picks: Sequence[Pick], minutes: int, relaxed: list[str], *, flare: bool) -> Routine:
    """The routine from its chosen moves; `relaxed` gains the timing note when one is due."""
    items, changes, transitions = order(picks)
    total = sum(item.seconds for item in items) + transitions
    note = timing_note(total, minutes, flare=flare)
    if note is not None:
        relaxed.append(note)
    return Routine(tuple(items), total, changes, transitions, tuple(dict.fromkeys(relaxed)))


def assemble(items: Sequence[tuple[ExerciseSpec, Phase, Dose]], relaxed: Sequence[str] = ()) -> Routine:
    """A routine from items in a fixed order (built-in routines keep their authors' order)."""
    out = [RoutineItem(spec, phase, dose, dose.seconds(spec.seconds_per_rep)) for spec, phase, dose in items]
    changes, transitions = count_changes([i.exercise.position for i in out])
    return Routine(
        tuple(out), sum(i.seconds for i in out) + transitions, changes, transitions, tuple(relaxed)
    )
