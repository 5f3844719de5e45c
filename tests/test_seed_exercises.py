"""Every exercise the five seed articles describe is in the library, cites its seed and keeps its dose.

Each row names the exercise as the seed does, the slug it lives under (the exercise plan, rows A1-A10,
B1-B15, C1-C7 and Cat-Cow) and, per seed, the dose the seed gives. A dose "range" such as 15-60 s is
honoured when some level's dose falls inside it; a plain "8 reps per side" must appear exactly. Where
a seed gives no dose (004, some of 002 and 003), the row asks only for the kind of dose the plan chose.
No database: the files are read straight from content/exercises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from spinewise.library.content import read_exercises
from spinewise.library.models import normalise
from spinewise.library.schema import Dose, ExerciseFile
from tests.factories import CONTENT

# shared/ sits beside the repository, on developer machines and in CI alike.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
S000 = "000_4b87fdb4e1c31f99.txt"
S001 = "001_7241761f44715a89.txt"
S002 = "002_d78a7bad0a95dc67.txt"
S003 = "003_3f9a151c75053b82.txt"
S004 = "004_c9d59ce1879eea64.txt"
SEED_FILES = (S000, S001, S002, S003, S004)


@dataclass(frozen=True)
class SeedDose:
    """What one seed asks of one exercise: the kind of measure, its range, per side, and sets."""

    seed: str
    kind: str  # reps, hold or duration
    low: int | None = None  # None: the seed gives no number
    high: int | None = None
    per_side: bool = False
    sets: tuple[int, int] | None = (1, 1)

    def met_by(self, dose: Dose) -> bool:
        value = {"reps": dose.reps, "hold": dose.hold_seconds, "duration": dose.duration_seconds}[self.kind]
        if value is None or dose.per_side != self.per_side:
            return False
        if self.low is not None and not (self.low <= value <= (self.high or self.low)):
            return False
        return self.sets is None or self.sets[0] <= dose.sets <= self.sets[1]

    def __str__(self) -> str:
        amount = "any" if self.low is None else f"{self.low}" + (f"-{self.high}" if self.high else "")
        sets = "" if self.sets is None else f" in {self.sets[0]}-{self.sets[1]} set(s)"
        return f"{self.seed[:3]}: {self.kind} {amount}{' per side' if self.per_side else ''}{sets}"


def reps(
    seed: str,
    low: int | None = None,
    high: int | None = None,
    *,
    per_side: bool = False,
    sets: tuple[int, int] | None = (1, 1),
) -> SeedDose:
    return SeedDose(seed, "reps", low, high, per_side, sets)


def hold(
    seed: str,
    low: int | None = None,
    high: int | None = None,
    *,
    per_side: bool = False,
    sets: tuple[int, int] | None = (1, 1),
) -> SeedDose:
    return SeedDose(seed, "hold", low, high, per_side, sets)


def duration(seed: str, low: int, high: int, *, per_side: bool = False) -> SeedDose:
    return SeedDose(seed, "duration", low, high, per_side)


@dataclass(frozen=True)
class SeedExercise:
    row: str
    slug: str
    name: str  # the library's name
    heading: str  # how the seed names it
    doses: tuple[SeedDose, ...]
    pause: int = 0  # seconds the seed holds inside each rep

    @property
    def sources(self) -> set[str]:
        return {d.seed for d in self.doses}


ANY_SETS = None
SEED_EXERCISES = [
    # 000: seven daily morning drills.
    SeedExercise("A1", "table-top-wag", "Table Top Wag", "Table Top Wag", (reps(S000, 8, per_side=True),)),
    SeedExercise("A2", "spinal-wave", "Spinal Wave", "Spinal Wave", (reps(S000, 8),)),
    SeedExercise("A3", "king-cobra", "King Cobra", "King Cobra", (reps(S000, 8),)),
    SeedExercise(
        "A4",
        "childs-pose-clock",
        "Child's Pose Clock",
        "Child's Pose Clock",
        (reps(S000, 5, per_side=True),),
        pause=3,
    ),
    SeedExercise(
        "A5", "scorpion-roll", "Scorpion Roll", "Scorpion Roll", (reps(S000, 5, per_side=True),), pause=3
    ),
    SeedExercise(
        "A6",
        "crossed-leg-clocks",
        "Crossed-Leg Clocks",
        "Crossed-Leg Clocks",
        (reps(S000, 2, per_side=True),),
        pause=3,
    ),
    SeedExercise("A7", "jefferson-curl", "Jefferson Curl", "Jefferson Curl", (reps(S000, 8),)),
    # 004: a physical therapist's three supine drills, no numbers given.
    SeedExercise(
        "A8",
        "supine-bent-knee-rotations",
        "Supine Bent-Knee Rotations",
        "Supine Bent Knee Rotations",
        (reps(S004, per_side=True, sets=ANY_SETS),),
    ),
    SeedExercise(
        "A9",
        "figure-4-rotations",
        "Figure-4 Rotations",
        "Figure 4 Rotations",
        (reps(S004, per_side=True, sets=ANY_SETS),),
    ),
    SeedExercise(
        "A10",
        "supine-marching",
        "Supine Marching",
        "Supine Marching",
        (reps(S004, per_side=True, sets=ANY_SETS),),
    ),
    # 001: seven stretches; 002: thirteen stretches, most held 20-30 s.
    SeedExercise(
        "B1",
        "knee-to-chest",
        "Knee-to-Chest Stretch",
        "Knee-To-Chest Stretch",
        (hold(S001, 15, 60, per_side=True), hold(S002, 20, 30, per_side=True)),
    ),
    SeedExercise(
        "B2", "childs-pose", "Child's Pose", "Child's Pose", (hold(S001, 15, 60), hold(S002, 20, 30))
    ),
    SeedExercise(
        "B3", "superman", "Superman", "Superman Exercise", (reps(S001, 5, 15, sets=(1, 3)),), pause=1
    ),
    SeedExercise("B4", "bridge", "Bridge", "Bridge Exercise", (reps(S001, 5, 15, sets=(1, 3)),)),
    SeedExercise(
        "B5",
        "kneeling-hip-flexor-stretch",
        "Kneeling Hip Flexor Stretch",
        "Hip Flexor Stretch",
        (hold(S001, 15, 60, per_side=True), hold(S002, 20, 30, per_side=True)),
    ),
    SeedExercise("B6", "sphinx", "Sphinx", "Sphinx Stretch", (hold(S001, 15, 60),)),
    SeedExercise("B7", "cobra-pose", "Cobra Pose", "Cobra Pose", (hold(S002, 20, 30),)),
    SeedExercise(
        "B8", "seated-forward-bend", "Seated Forward Bend", "Seated Forward Bend", (hold(S002, 20, 30),)
    ),
    SeedExercise(
        "B9",
        "piriformis-stretch",
        "Piriformis Stretch",
        "Piriformis Stretch",
        (hold(S002, 20, 30, per_side=True),),
    ),
    # 002 gives Seated Twist no time; the plan holds it like its neighbours, 20-30 s per side.
    SeedExercise("B10", "seated-twist", "Seated Twist", "Seated Twist", (hold(S002, 20, 30, per_side=True),)),
    SeedExercise("B11", "wall-angels", "Wall Angels", "Wall Angels", (reps(S002, sets=ANY_SETS),)),
    SeedExercise(
        "B12",
        "hamstring-stretch",
        "Seated Hamstring Stretch",
        "Hamstring Stretch",
        (hold(S002, 20, 30, per_side=True),),
    ),
    SeedExercise(
        "B13",
        "childs-pose-side-stretch",
        "Child's Pose with Side Stretch",
        "Child's Pose with Side Stretch",
        (hold(S002, 20, 30, per_side=True),),
    ),
    SeedExercise("B14", "pelvic-tilts", "Pelvic Tilts", "Pelvic Tilts", (reps(S002, sets=ANY_SETS),)),
    SeedExercise("B15", "spinal-twist", "Spinal Twist", "Spinal Twist", (hold(S002, 20, 30, per_side=True),)),
    # 003: foam rolling first, then four no-equipment strength moves.
    SeedExercise(
        "C1",
        "foam-roll-glutes",
        "Foam Roll Glutes",
        "Foam Roll — Glutes",
        (duration(S003, 30, 60, per_side=True),),
    ),
    SeedExercise(
        "C2",
        "foam-roll-arm-reach",
        "Foam Roll Arm Reach",
        "Foam Roll — Arm Reach",
        (reps(S003, 3, 5),),
        pause=2,
    ),
    SeedExercise(
        "C3",
        "foam-roll-rotation",
        "Foam Roll Rotation",
        "Foam Roll — Rotation",
        (reps(S003, 2, 3, per_side=True),),
    ),
    SeedExercise("C4", "wall-sit", "Wall Sit", "Wall-Sit", (hold(S003, 30, 60),)),
    SeedExercise("C5", "lunge", "Lunge", "Lunges", (reps(S003, per_side=True, sets=ANY_SETS),)),
    # "As long as you can": any sound hold.
    SeedExercise("C6", "plank", "Plank", "Plank", (hold(S003, sets=ANY_SETS),)),
    SeedExercise("C7", "side-plank", "Side Plank", "Side plank", (hold(S003, per_side=True, sets=ANY_SETS),)),
    # 001: 5-10 each way in 1-3 sets; 002: keep going for 1-2 minutes.
    SeedExercise(
        "cat-cow",
        "cat-cow",
        "Cat-Cow",
        "Cat-Cow Stretch",
        (reps(S001, 5, 10, sets=(1, 3)), duration(S002, 60, 120)),
    ),
]

THIRTEEN_STRETCHES = [
    "childs-pose",
    "cat-cow",
    "cobra-pose",
    "seated-forward-bend",
    "knee-to-chest",
    "piriformis-stretch",
    "seated-twist",
    "wall-angels",
    "hamstring-stretch",
    "childs-pose-side-stretch",
    "pelvic-tilts",
    "spinal-twist",
    "kneeling-hip-flexor-stretch",
]


@pytest.fixture(scope="module")
def library() -> dict[str, ExerciseFile]:
    return {ex.slug: ex for ex in read_exercises(CONTENT / "exercises")}


def seed_text(name: str) -> str:
    return normalise((SEEDS / name).read_text(encoding="utf-8"))


def levels(ex: ExerciseFile) -> list[tuple[str, Dose]]:
    return [(level, getattr(ex.doses, level)) for level in ("beginner", "intermediate", "advanced")]


@pytest.mark.parametrize("want", SEED_EXERCISES, ids=[f"{w.row}-{w.slug}" for w in SEED_EXERCISES])
def test_it_keeps_the_seed_exercise(want: SeedExercise, library: dict[str, ExerciseFile]) -> None:
    assert want.slug in library, f"{want.row} {want.name} ({want.slug}) is missing from content/exercises"
    ex = library[want.slug]

    assert ex.name == want.name
    # The seed's own name finds it: as its name, one of its aliases, or its name plus "stretch"/"exercise".
    heading = normalise(want.heading)
    names = [normalise(n) for n in (ex.name, *ex.aliases)]
    found = any(heading == n or heading.startswith(n + " ") or heading == n + "s" for n in names)
    assert found, (heading, names)
    assert want.sources <= set(ex.sources), f"{ex.slug} cites {ex.sources}"
    for seed_dose in want.doses:
        assert heading in seed_text(seed_dose.seed)  # the row names the exercise as that seed does
        doses = levels(ex)
        assert any(seed_dose.met_by(dose) for _, dose in doses), (
            f"{ex.slug}: no level keeps the seed dose {seed_dose}; levels are "
            + "; ".join(f"{level} {dose.model_dump(exclude_none=True)}" for level, dose in doses)
        )
    if want.pause:
        assert ex.seconds_per_rep is not None
        assert ex.seconds_per_rep > want.pause, "the time of one rep includes the seed's pause"


def test_it_cites_each_seed_for_exactly_its_exercises(library: dict[str, ExerciseFile]) -> None:
    for seed in (S000, S001, S002, S003, S004):
        expected = {w.slug for w in SEED_EXERCISES if seed in w.sources}
        citing = {ex.slug for ex in library.values() if seed in ex.sources}
        assert citing == expected, seed


def test_it_names_as_many_exercises_as_each_seed_describes() -> None:
    assert len({w.slug for w in SEED_EXERCISES if S000 in w.sources}) == 7
    assert len({w.slug for w in SEED_EXERCISES if S001 in w.sources}) == 7
    assert len({w.slug for w in SEED_EXERCISES if S003 in w.sources}) == 7
    assert len({w.slug for w in SEED_EXERCISES if S004 in w.sources}) == 3


def test_it_keeps_the_thirteen_stretches_of_seed_002_apart(library: dict[str, ExerciseFile]) -> None:
    assert len(set(THIRTEEN_STRETCHES)) == 13
    assert {w.slug for w in SEED_EXERCISES if S002 in w.sources} == set(THIRTEEN_STRETCHES)
    names = [normalise(library[slug].name) for slug in THIRTEEN_STRETCHES]
    assert len(set(names)) == 13


def test_it_has_one_hip_flexor_stretch_for_both_seeds(library: dict[str, ExerciseFile]) -> None:
    stretch = library["kneeling-hip-flexor-stretch"]

    assert {S001, S002} <= set(stretch.sources)
    assert "Hip Flexor Stretch" in stretch.aliases
    assert stretch.position.value == "half-kneeling"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("seated-twist", "spinal-twist"),
        ("childs-pose-clock", "childs-pose-side-stretch"),
        ("piriformis-stretch", "figure-4-rotations"),
    ],
)
def test_it_keeps_look_alike_exercises_distinct(
    one: str, other: str, library: dict[str, ExerciseFile]
) -> None:
    a, b = library[one], library[other]

    a_names = {normalise(n) for n in (a.name, *a.aliases)}
    b_names = {normalise(n) for n in (b.name, *b.aliases)}
    assert a_names.isdisjoint(b_names)
    assert a.steps != b.steps
    assert not set(a.sources).isdisjoint(SEED_FILES) and not set(b.sources).isdisjoint(SEED_FILES)


def test_it_keeps_the_jefferson_curl_off_flare_up_days(library: dict[str, ExerciseFile]) -> None:
    curl = library["jefferson-curl"]

    assert not curl.flare_up_ok
    assert curl.difficulty == 3


def test_it_uses_seed_names_that_exist() -> None:
    names = {p.name for p in SEEDS.glob("*.txt")}

    assert names == set(SEED_FILES)
    for name in names:
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", name)
