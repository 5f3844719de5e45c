"""Hard limits and what a move is: its main direction, its other versions, core holds.

Shared by the planner, which builds a routine within these limits, and by `adapt`, which
makes a fixed routine keep them. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from spinewise.planning.model import ExerciseSpec, Profile
from spinewise.planning.vocabulary import Category, Direction, Level, Preference, State, Target
from spinewise.planning.words import DIRECTION_WORDS, Said, gettext_noop, word

OPPOSITE: dict[Preference, Direction] = {
    Preference.FLEXION: Direction.EXTENSION,
    Preference.EXTENSION: Direction.FLEXION,
}


class Unplannable(ValueError):
    """No exercise at all fits the request's hard limits (equipment, positions, safety, direction)."""


class Limit(StrEnum):
    """The hard limits, in the order they are checked (and named when one is broken)."""

    EQUIPMENT = "equipment"
    POSITION = "position"
    FLARE_UP = "flare-up"
    DIRECTION = "direction"


def main_direction(spec: ExerciseSpec) -> Direction | None:
    """The way a move mainly bends the back: flexion, extension, or None when it has no one way.

    The content lists directions as a set (Cat-Cow is both), so "main" is read from the set:
    a move mainly flexes when it bends forward and neither bends backward nor keeps the spine
    neutral, that is when its directions hold flexion but neither extension nor neutral.
    Rotation or side-bending added to a forward bend leaves the forward bend the main direction
    (child's pose with side reaches still rounds the back); both flexion and extension (Cat-Cow,
    pelvic tilts) has no main direction; neutral with flexion (supine marching: the hips flex,
    the spine stays still) has none either. Extension is the mirror image.
    """
    directions = spec.direction
    if directions in _MAIN_DIRECTION:
        return _MAIN_DIRECTION[directions]
    main = None
    if Direction.NEUTRAL not in directions:
        flexes = Direction.FLEXION in directions
        extends = Direction.EXTENSION in directions
        if flexes != extends:
            main = Direction.FLEXION if flexes else Direction.EXTENSION
    _MAIN_DIRECTION[directions] = main
    return main


# There are only a few dozen direction sets; each one's answer is kept.
_MAIN_DIRECTION: dict[frozenset[Direction], Direction | None] = {}


def against_preference(spec: ExerciseSpec, prefer: Preference | None) -> bool:
    """A move whose main direction is the one that brings this person's pain on."""
    return prefer is not None and main_direction(spec) == OPPOSITE[prefer]


def broken_limit(spec: ExerciseSpec, profile: Profile) -> Limit | None:
    """The first hard limit `spec` breaks for `profile`, or None when it may be used."""
    if not spec.equipment <= profile.equipment:
        return Limit.EQUIPMENT
    if spec.position in profile.avoid:
        return Limit.POSITION
    if profile.state == State.FLARE_UP and not spec.flare_up_ok:
        return Limit.FLARE_UP
    if against_preference(spec, profile.prefer):
        return Limit.DIRECTION
    return None


def eligible(library: Iterable[ExerciseSpec], profile: Profile) -> list[ExerciseSpec]:
    """The hard limits: equipment at hand, positions not avoided, gentle moves only on a
    flare-up day, and nothing whose main direction is the one the person should avoid."""
    return sorted((s for s in library if broken_limit(s, profile) is None), key=lambda s: s.slug)


def unplannable(profile: Profile) -> Unplannable:
    """The error for a request that no exercise fits, naming every limit that could be why."""
    flare = profile.state == State.FLARE_UP
    if profile.prefer is None:
        return Unplannable(
            Said(
                gettext_noop(
                    "No exercise in the library fits: every one needs equipment you do not have, starts in a"
                    " position you avoid, or is too demanding for a flare-up day."
                )
                if flare
                else gettext_noop(
                    "No exercise in the library fits: every one needs equipment you do not have, or starts in"
                    " a position you avoid."
                )
            )
        )
    direction = word(DIRECTION_WORDS, OPPOSITE[profile.prefer].value)
    return Unplannable(
        Said(
            gettext_noop(
                "No exercise in the library fits: every one needs equipment you do not have, starts in a"
                " position you avoid, is too demanding for a flare-up day, or mainly bends your back in"
                " %(direction)s, the direction you asked to avoid."
            )
            if flare
            else gettext_noop(
                "No exercise in the library fits: every one needs equipment you do not have, starts in a"
                " position you avoid, or mainly bends your back in %(direction)s, the direction you asked"
                " to avoid."
            ),
            direction=direction,
        )
    )


def linked_variants(pool: Sequence[ExerciseSpec]) -> dict[str, frozenset[str]]:
    """Each move's easier and harder versions, read both ways: a link written on either move
    counts for both, since the content may state it on one side only."""
    key = tuple(map(id, pool))
    hit = _LINKED.get(key)
    if hit is not None:
        return hit[1]
    linked: dict[str, set[str]] = {}
    for spec in pool:
        for other in (*spec.easier, *spec.harder):
            if other != spec.slug:
                linked.setdefault(spec.slug, set()).add(other)
                linked.setdefault(other, set()).add(spec.slug)
    out = {slug: frozenset(others) for slug, others in linked.items()}
    if len(_LINKED) >= _LINKED_LIMIT:
        _LINKED.clear()
    # The pool is kept with the answer so the ids in the key stay its own.
    _LINKED[key] = (tuple(pool), out)
    return out


# The same library and limits come back again and again (each day's routine, each replay).
_LINKED: dict[tuple[int, ...], tuple[tuple[ExerciseSpec, ...], dict[str, frozenset[str]]]] = {}
_LINKED_LIMIT = 256


# Core holds: a strength move held still that works the trunk. Side holds (side planks) work
# the obliques; front holds (planks, on the knees, the wall or a bench) the rest of the core.
FRONT_HOLD, SIDE_HOLD = 1, 2
HOLD_KINDS: tuple[int, ...] = (FRONT_HOLD, SIDE_HOLD)


def core_hold(spec: ExerciseSpec, level: Level) -> int:
    """FRONT_HOLD, SIDE_HOLD, or 0 for a move that is not a core hold at `level`."""
    if spec.category != Category.STRENGTH or spec.dose(level).kind != "hold":
        return 0
    if Target.OBLIQUES in spec.targets:
        return SIDE_HOLD
    if Target.CORE in spec.targets:
        return FRONT_HOLD
    return 0
