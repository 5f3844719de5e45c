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


# Plain words: the ONE mapping from each value to what a person reads, on the pages, in the
# terminal and in the PDF reports. Everyday words first, the technical word in brackets where a
# clinician or a video would use it ("Lying on your back (supine)").
LABELS: dict[type[Any], dict[str, str]] = {
    Position: {
        "supine": "Lying on your back (supine)",
        "prone": "Lying on your front (prone)",
        "side-lying": "Lying on your side",
        "quadruped": "On hands and knees (quadruped)",
        "kneeling": "Kneeling",
        "half-kneeling": "Kneeling on one knee (half-kneeling)",
        "seated-floor": "Sitting on the floor",
        "seated-chair": "Sitting on a chair",
        "standing": "Standing",
        "wall": "Against a wall",
    },
    Equipment: {
        "foam-roller": "Foam roller",
        "chair": "Chair",
        "towel": "Towel",
        "strap": "Strap or belt",
        "band": "Resistance band",
        "bench": "Bench",
    },
    Category: {
        "mobility": "Moving freely (mobility)",
        "stretch": "Stretch",
        "strength": "Strength",
        "foam-rolling": "Foam rolling",
    },
    Phase: {"warm-up": "Warm-up", "main": "Main part", "cool-down": "Cool-down"},
    Target: {
        "lumbar-spine": "Lower back (lumbar spine)",
        "thoracic-spine": "Upper back (thoracic spine)",
        "hips": "Hips",
        "hip-flexors": "Front of the hips (hip flexors)",
        "glutes": "Buttocks (glutes)",
        "hamstrings": "Back of the thighs (hamstrings)",
        "piriformis": "Deep in the buttock (piriformis)",
        "core": "Trunk muscles (core)",
        "obliques": "Sides of the waist (obliques)",
        "shoulders": "Shoulders",
    },
    Direction: {
        "flexion": "Bending forward (flexion)",
        "extension": "Bending backward (extension)",
        "rotation": "Twisting (rotation)",
        "side-bending": "Bending sideways (side bending)",
        "neutral": "Keeping the back still (neutral)",
    },
    Level: {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"},
    State: {"fine": "Fine", "stiff": "Stiff", "flare-up": "Flare-up (pain worse than usual)"},
    Focus: {
        "balanced": "Balanced",
        "relief": "Relief",
        "mobility": "Moving freely (mobility)",
        "strength": "Strength",
    },
    Preference: {"flexion": "Bending forward (flexion)", "extension": "Bending backward (extension)"},
}

# Position groups in plain words (the avoid lists of the forms and the terminal).
GROUP_LABELS: dict[str, str] = {
    "kneeling": "Kneeling of any kind (on hands and knees, kneeling, kneeling on one knee)",
    "floor": "Getting down on the floor at all",
}

# Words a person may meet on a page, in everyday language (the glossary page).
GLOSSARY: dict[str, str] = {
    "Supine": "Lying on your back, face up.",
    "Crook lying": "Lying on your back with your knees bent and your feet flat on the floor.",
    "Prone": "Lying on your front, face down.",
    "Quadruped": "On your hands and knees, hands under your shoulders and knees under your hips.",
    "Half-kneeling": "Kneeling on one knee, the other foot flat on the floor in front of you.",
    "Flexion": "Bending forward, rounding the back.",
    "Extension": "Bending backward, arching the back.",
    "Rotation": "Twisting the trunk to one side.",
    "Side bending": "Bending the trunk to one side, as if to slide a hand down your leg.",
    "Neutral spine": "The back in its natural, relaxed curves: neither rounded nor arched.",
    "Lumbar spine": "The lower back: the five bones between the ribs and the pelvis.",
    "Thoracic spine": "The upper and middle back, where the ribs join.",
    "Hip flexors": "The muscles at the front of the hip that lift the knee.",
    "Glutes": "The buttock muscles.",
    "Hamstrings": "The muscles at the back of the thigh.",
    "Piriformis": "A small muscle deep in the buttock that turns the leg outwards.",
    "Core": "The muscles around the trunk (tummy, sides and back) that hold it steady.",
    "Obliques": "The muscles at the sides of the waist.",
    "Mobility": "How freely a joint moves through its range.",
    "Hold": "Staying still in a position for a number of seconds.",
    "Rep (repetition)": "One full movement, from the start and back again.",
    "Set": "A group of repetitions done without a rest.",
    "Flare-up": "A spell when pain is clearly worse than usual; spinewise keeps only gentle moves.",
    "Directional preference": (
        "When moving one way (forward or backward) eases your pain and the other way does not."
    ),
    "Red flag": "A symptom that needs a doctor before exercise; the safety check asks about them.",
    "Baseline": "Your first home tests: later tests are compared with it.",
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
