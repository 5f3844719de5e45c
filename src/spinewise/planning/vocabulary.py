"""The one spelling of every value (DESIGN.md, Vocabulary). Pure Python."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Position(StrEnum):
    SUPINE = "supine"
    PRONE = "prone"
    SIDE_LYING = "side-lying"
    QUADRUPED = "quadruped"
    KNEELING = "kneeling"
    HALF_KNEELING = "half-kneeling"
    SEATED_FLOOR = "seated-floor"
    SEATED_CHAIR = "seated-chair"
    STANDING = "standing"
    WALL = "wall"


class Equipment(StrEnum):
    FOAM_ROLLER = "foam-roller"
    CHAIR = "chair"
    TOWEL = "towel"
    STRAP = "strap"
    BAND = "band"
    BENCH = "bench"


class Category(StrEnum):
    MOBILITY = "mobility"
    STRETCH = "stretch"
    STRENGTH = "strength"
    FOAM_ROLLING = "foam-rolling"


class Phase(StrEnum):
    WARM_UP = "warm-up"
    MAIN = "main"
    COOL_DOWN = "cool-down"


class Target(StrEnum):
    LUMBAR_SPINE = "lumbar-spine"
    THORACIC_SPINE = "thoracic-spine"
    HIPS = "hips"
    HIP_FLEXORS = "hip-flexors"
    GLUTES = "glutes"
    HAMSTRINGS = "hamstrings"
    PIRIFORMIS = "piriformis"
    CORE = "core"
    OBLIQUES = "obliques"
    SHOULDERS = "shoulders"


class Direction(StrEnum):
    FLEXION = "flexion"
    EXTENSION = "extension"
    ROTATION = "rotation"
    SIDE_BENDING = "side-bending"
    NEUTRAL = "neutral"


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class State(StrEnum):
    FINE = "fine"
    STIFF = "stiff"
    FLARE_UP = "flare-up"


class Focus(StrEnum):
    BALANCED = "balanced"
    RELIEF = "relief"
    MOBILITY = "mobility"
    STRENGTH = "strength"


class Preference(StrEnum):
    """A directional preference (McKenzie); unknown when not set."""

    FLEXION = "flexion"
    EXTENSION = "extension"


LEVELS: tuple[Level, ...] = (Level.BEGINNER, Level.INTERMEDIATE, Level.ADVANCED)

# Position groups a person may avoid in one word.
POSITION_GROUPS: dict[str, frozenset[Position]] = {
    "kneeling": frozenset({Position.QUADRUPED, Position.KNEELING, Position.HALF_KNEELING}),
    "floor": frozenset(
        {
            Position.SUPINE,
            Position.PRONE,
            Position.SIDE_LYING,
            Position.QUADRUPED,
            Position.KNEELING,
            Position.HALF_KNEELING,
            Position.SEATED_FLOOR,
        }
    ),
}

FLOOR_POSITIONS: frozenset[Position] = POSITION_GROUPS["floor"]

# Coverage groups: a routine of 8 minutes or more works each of these.
COVERAGE_GROUPS: dict[str, frozenset[Target]] = {
    "hips": frozenset({Target.HIPS, Target.HIP_FLEXORS, Target.GLUTES, Target.PIRIFORMIS}),
    "lumbar-spine": frozenset({Target.LUMBAR_SPINE}),
    "core": frozenset({Target.CORE, Target.OBLIQUES}),
}

# Seconds allowed for moving between two start positions.
TRANSITION_SECONDS = 10
FLOOR_STANDING_TRANSITION_SECONDS = 20


def choices(enum: type[Any]) -> list[tuple[str, str]]:
    """A vocabulary as (value, label) pairs for forms and model fields: "flare-up" reads "Flare up"."""
    return [(member.value, member.value.replace("-", " ").capitalize()) for member in enum]


def expand_avoided(names: list[str] | tuple[str, ...] | frozenset[str]) -> frozenset[Position]:
    """Turn positions and group names ("kneeling", "floor") into a set of positions.

    Raises ValueError naming the unknown value.
    """
    out: set[Position] = set()
    for name in names:
        if name in POSITION_GROUPS:
            out |= POSITION_GROUPS[name]
        else:
            out.add(Position(name))
    return frozenset(out)


def transition_seconds(a: Position, b: Position) -> int:
    """The allowance for moving from start position a to b (0 when they match)."""
    if a == b:
        return 0
    a_floor = a in FLOOR_POSITIONS
    b_floor = b in FLOOR_POSITIONS
    if a_floor != b_floor:
        return FLOOR_STANDING_TRANSITION_SECONDS
    return TRANSITION_SECONDS
