"""The one spelling of every value (DESIGN.md, Vocabulary). Pure Python."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a plain word for translation (`make messages` collects it); the pages translate it
    where they show it (the `plain` filter, the glossary, the forms). This module stays pure."""
    return message


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


# Plain words: the ONE mapping from each value to what a person reads, on the pages, in the
# terminal and in the PDF reports. Everyday words first, the technical word in brackets where a
# clinician or a video would use it ("Lying on your back (supine)").
LABELS: dict[type[Any], dict[str, str]] = {
    Position: {
        "supine": gettext_noop("Lying on your back (supine)"),
        "prone": gettext_noop("Lying on your front (prone)"),
        "side-lying": gettext_noop("Lying on your side"),
        "quadruped": gettext_noop("On hands and knees (quadruped)"),
        "kneeling": gettext_noop("Kneeling"),
        "half-kneeling": gettext_noop("Kneeling on one knee (half-kneeling)"),
        "seated-floor": gettext_noop("Sitting on the floor"),
        "seated-chair": gettext_noop("Sitting on a chair"),
        "standing": gettext_noop("Standing"),
        "wall": gettext_noop("Against a wall"),
    },
    Equipment: {
        "foam-roller": gettext_noop("Foam roller"),
        "chair": gettext_noop("Chair"),
        "towel": gettext_noop("Towel"),
        "strap": gettext_noop("Strap or belt"),
        "band": gettext_noop("Resistance band"),
        "bench": gettext_noop("Bench"),
    },
    Category: {
        "mobility": gettext_noop("Moving freely (mobility)"),
        "stretch": gettext_noop("Stretch"),
        "strength": gettext_noop("Strength"),
        "foam-rolling": gettext_noop("Foam rolling"),
    },
    Phase: {
        "warm-up": gettext_noop("Warm-up"),
        "main": gettext_noop("Main part"),
        "cool-down": gettext_noop("Cool-down"),
    },
    Target: {
        "lumbar-spine": gettext_noop("Lower back (lumbar spine)"),
        "thoracic-spine": gettext_noop("Upper back (thoracic spine)"),
        "hips": gettext_noop("Hips"),
        "hip-flexors": gettext_noop("Front of the hips (hip flexors)"),
        "glutes": gettext_noop("Buttocks (glutes)"),
        "hamstrings": gettext_noop("Back of the thighs (hamstrings)"),
        "piriformis": gettext_noop("Deep in the buttock (piriformis)"),
        "core": gettext_noop("Trunk muscles (core)"),
        "obliques": gettext_noop("Sides of the waist (obliques)"),
        "shoulders": gettext_noop("Shoulders"),
    },
    Direction: {
        "flexion": gettext_noop("Bending forward (flexion)"),
        "extension": gettext_noop("Bending backward (extension)"),
        "rotation": gettext_noop("Twisting (rotation)"),
        "side-bending": gettext_noop("Bending sideways (side bending)"),
        "neutral": gettext_noop("Keeping the back still (neutral)"),
    },
    Level: {
        "beginner": gettext_noop("Beginner"),
        "intermediate": gettext_noop("Intermediate"),
        "advanced": gettext_noop("Advanced"),
    },
    State: {
        "fine": gettext_noop("Fine"),
        "stiff": gettext_noop("Stiff"),
        "flare-up": gettext_noop("Flare-up (pain worse than usual)"),
    },
    Focus: {
        "balanced": gettext_noop("Balanced"),
        "relief": gettext_noop("Relief"),
        "mobility": gettext_noop("Moving freely (mobility)"),
        "strength": gettext_noop("Strength"),
    },
    Preference: {
        "flexion": gettext_noop("Bending forward (flexion)"),
        "extension": gettext_noop("Bending backward (extension)"),
    },
}

# Position groups in plain words (the avoid lists of the forms and the terminal).
GROUP_LABELS: dict[str, str] = {
    "kneeling": gettext_noop("Kneeling of any kind (on hands and knees, kneeling, kneeling on one knee)"),
    "floor": gettext_noop("Getting down on the floor at all"),
}

# Words a person may meet on a page, in everyday language (the glossary page).
GLOSSARY: dict[str, str] = {
    gettext_noop("Supine"): gettext_noop("Lying on your back, face up."),
    gettext_noop("Crook lying"): gettext_noop(
        "Lying on your back with your knees bent and your feet flat on the floor."
    ),
    gettext_noop("Prone"): gettext_noop("Lying on your front, face down."),
    gettext_noop("Quadruped"): gettext_noop(
        "On your hands and knees, hands under your shoulders and knees under your hips."
    ),
    gettext_noop("Half-kneeling"): gettext_noop(
        "Kneeling on one knee, the other foot flat on the floor in front of you."
    ),
    gettext_noop("Flexion"): gettext_noop("Bending forward, rounding the back."),
    gettext_noop("Extension"): gettext_noop("Bending backward, arching the back."),
    gettext_noop("Rotation"): gettext_noop("Twisting the trunk to one side."),
    gettext_noop("Side bending"): gettext_noop(
        "Bending the trunk to one side, as if to slide a hand down your leg."
    ),
    gettext_noop("Neutral spine"): gettext_noop(
        "The back in its natural, relaxed curves: neither rounded nor arched."
    ),
    gettext_noop("Lumbar spine"): gettext_noop(
        "The lower back: the five bones between the ribs and the pelvis."
    ),
    gettext_noop("Thoracic spine"): gettext_noop("The upper and middle back, where the ribs join."),
    gettext_noop("Hip flexors"): gettext_noop("The muscles at the front of the hip that lift the knee."),
    gettext_noop("Glutes"): gettext_noop("The buttock muscles."),
    gettext_noop("Hamstrings"): gettext_noop("The muscles at the back of the thigh."),
    gettext_noop("Piriformis"): gettext_noop(
        "A small muscle deep in the buttock that turns the leg outwards."
    ),
    gettext_noop("Core"): gettext_noop(
        "The muscles around the trunk (tummy, sides and back) that hold it steady."
    ),
    gettext_noop("Obliques"): gettext_noop("The muscles at the sides of the waist."),
    gettext_noop("Mobility"): gettext_noop("How freely a joint moves through its range."),
    gettext_noop("Hold"): gettext_noop("Staying still in a position for a number of seconds."),
    gettext_noop("Rep (repetition)"): gettext_noop("One full movement, from the start and back again."),
    gettext_noop("Set"): gettext_noop("A group of repetitions done without a rest."),
    gettext_noop("Flare-up"): gettext_noop(
        "A spell when pain is clearly worse than usual; spinewise keeps only gentle moves."
    ),
    gettext_noop("Directional preference"): gettext_noop(
        "When moving one way (forward or backward) eases your pain and the other way does not."
    ),
    gettext_noop("Red flag"): gettext_noop(
        "A symptom that needs a doctor before exercise; the safety check asks about them."
    ),
    gettext_noop("Baseline"): gettext_noop("Your first home tests: later tests are compared with it."),
}


def label(enum: type[Any], value: str) -> str:
    """The plain words for one value of a vocabulary ("supine" -> "Lying on your back (supine)").

    An unknown value reads as itself with its hyphens as spaces, never as a raw slug.
    """
    words = LABELS.get(enum, {}).get(str(value))
    return words if words is not None else str(value).replace("-", " ").capitalize()


def label_any(value: str) -> str:
    """The plain words for a value whose vocabulary is not known (a template's `plain` filter)."""
    for kind in (Position, Target, Direction, Equipment, Category, Phase, State, Level):
        if str(value) in LABELS[kind]:
            return LABELS[kind][str(value)]
    return str(value).replace("-", " ").capitalize()


def choices(enum: type[Any]) -> list[tuple[str, str]]:
    """A vocabulary as (value, label) pairs for forms and model fields, in plain words."""
    return [(member.value, label(enum, member.value)) for member in enum]


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
