"""Every exercise the five seed articles describe is in the library, cites its seed and keeps its dose;
each seed's routine plays the seed's exercises in its order, at doses the seed allows.

The facts come from tests/data/seed_facts.yaml (names, numbers and short labels read from the
articles, which are not part of the repository): per seed, the exercises in the article's order,
the name the article prints, and the dose it gives. A dose range such as 15-60 s is honoured when
some level's dose falls inside it; a plain "8 reps per side" must appear exactly. Where a seed
gives no number (004, some of 002 and 003), only the kind of dose is checked.
No database: the files are read straight from content/exercises and content/routines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
import yaml

from spinewise.library.content import parse_file, read_exercises, yaml_files
from spinewise.library.models import normalise
from spinewise.library.schema import Dose, ExerciseFile
from spinewise.training.schema import RoutineFile
from tests.factories import CONTENT

FACTS = yaml.safe_load((Path(__file__).parent / "data" / "seed_facts.yaml").read_text(encoding="utf-8"))
SEED_FILES = tuple(FACTS["seeds"])
KINDS = {"reps": "reps", "hold": "hold_seconds", "duration": "duration_seconds"}


class Dosed(Protocol):
    """A dose as the library and the routines write it."""

    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool


@dataclass(frozen=True)
class SeedDose:
    """What one seed asks of one exercise: the kind of measure, its range, per side, and sets."""

    seed: str
    heading: str  # how the seed names the exercise
    kind: str  # reps, hold or duration
    low: int | None = None  # None: the seed gives no number
    high: int | None = None
    per_side: bool = False
    sets: tuple[int, int] | None = (1, 1)  # None: any number of sets
    pause: int = 0  # seconds the seed holds inside each rep

    def met_by(self, dose: Dosed) -> bool:
        value = getattr(dose, KINDS[self.kind])
        if value is None or dose.per_side != self.per_side:
            return False
        if self.low is not None and not (self.low <= value <= (self.high or self.low)):
            return False
        return self.sets is None or self.sets[0] <= dose.sets <= self.sets[1]

    def __str__(self) -> str:
        amount = "any" if self.low is None else f"{self.low}" + (f"-{self.high}" if self.high else "")
        sets = "" if self.sets is None else f" in {self.sets[0]}-{self.sets[1]} set(s)"
        return f"{self.seed[:3]}: {self.kind} {amount}{' per side' if self.per_side else ''}{sets}"


def seed_dose(seed: str, fact: dict[str, Any]) -> SeedDose:
    (kind,) = [k for k in KINDS if k in fact]
    amount = fact[kind]
    low, high = (None, None) if amount == "any" else (amount, None) if isinstance(amount, int) else amount
    sets = fact.get("sets", [1, 1])
    return SeedDose(
        seed=seed,
        heading=fact["heading"],
        kind=kind,
        low=low,
        high=high,
        per_side=bool(fact.get("per_side", False)),
        sets=None if sets == "any" else (sets[0], sets[1]),
        pause=int(fact.get("pause", 0)),
    )


@dataclass(frozen=True)
class SeedExercise:
    row: str
    slug: str
    name: str  # the library's name
    doses: tuple[SeedDose, ...]  # one per seed that describes it

    @property
    def sources(self) -> set[str]:
        return {d.seed for d in self.doses}

    @property
    def pause(self) -> int:
        return max(d.pause for d in self.doses)


SEED_DOSES = {
    seed: [(fact["slug"], seed_dose(seed, fact)) for fact in facts["items"]]
    for seed, facts in FACTS["seeds"].items()
}
SEED_EXERCISES = [
    SeedExercise(
        row=entry["row"],
        slug=slug,
        name=entry["name"],
        doses=tuple(d for pairs in SEED_DOSES.values() for s, d in pairs if s == slug),
    )
    for slug, entry in FACTS["library"].items()
]


@pytest.fixture(scope="module")
def library() -> dict[str, ExerciseFile]:
    return {ex.slug: ex for ex in read_exercises(CONTENT / "exercises")}


@pytest.fixture(scope="module")
def routines() -> list[RoutineFile]:
    return [parse_file(path, RoutineFile) for path in yaml_files(CONTENT / "routines")]


def levels(ex: ExerciseFile) -> list[tuple[str, Dose]]:
    return [(level, getattr(ex.doses, level)) for level in ("beginner", "intermediate", "advanced")]


def test_the_facts_hold_together() -> None:
    described = {slug for pairs in SEED_DOSES.values() for slug, _ in pairs}
    assert described == set(FACTS["library"]), "every exercise a seed describes has a library row, and back"
    assert all(w.doses for w in SEED_EXERCISES)
    rows = [w.row for w in SEED_EXERCISES]
    assert len(rows) == len(set(rows)) == 33


@pytest.mark.parametrize("want", SEED_EXERCISES, ids=[f"{w.row}-{w.slug}" for w in SEED_EXERCISES])
def test_it_keeps_the_seed_exercise(want: SeedExercise, library: dict[str, ExerciseFile]) -> None:
    assert want.slug in library, f"{want.row} {want.name} ({want.slug}) is missing from content/exercises"
    ex = library[want.slug]

    assert ex.name == want.name
    assert want.sources <= set(ex.sources), f"{ex.slug} cites {ex.sources}"
    names = [normalise(n) for n in (ex.name, *ex.aliases)]
    for seed_dose in want.doses:
        # Each seed's own name finds it: as its name, one of its aliases, or its name plus "stretch"/"exercise".
        heading = normalise(seed_dose.heading)
        found = any(heading == n or heading.startswith(n + " ") or heading == n + "s" for n in names)
        assert found, (seed_dose.seed, heading, names)
        doses = levels(ex)
        assert any(seed_dose.met_by(dose) for _, dose in doses), (
            f"{ex.slug}: no level keeps the seed dose {seed_dose}; levels are "
            + "; ".join(f"{level} {dose.model_dump(exclude_none=True)}" for level, dose in doses)
        )
    if want.pause:
        assert ex.seconds_per_rep is not None
        assert ex.seconds_per_rep > want.pause, "the time of one rep includes the seed's pause"


@pytest.mark.parametrize("seed", SEED_FILES)
def test_each_seed_routine_plays_the_seeds_exercises_in_order_at_its_doses(
    seed: str, routines: list[RoutineFile], library: dict[str, ExerciseFile]
) -> None:
    slug = FACTS["seeds"][seed]["routine"]
    routine = next((r for r in routines if r.slug == slug), None)
    assert routine is not None, f"content/routines has no {slug} for {seed}"
    assert seed in routine.sources
    expected = SEED_DOSES[seed]
    assert [item.exercise for item in routine.items] == [s for s, _ in expected]
    for item, (exercise, want) in zip(routine.items, expected, strict=True):
        # An item without its own dose plays the library's level dose, checked above.
        doses: list[Dosed] = [item.dose] if item.dose else [d for _, d in levels(library[exercise])]
        assert any(want.met_by(dose) for dose in doses), f"{slug}: {exercise} is not dosed as {want}"


def test_it_cites_each_seed_for_exactly_its_exercises(library: dict[str, ExerciseFile]) -> None:
    for seed in SEED_FILES:
        expected = {w.slug for w in SEED_EXERCISES if seed in w.sources}
        citing = {ex.slug for ex in library.values() if seed in ex.sources}
        assert citing == expected, seed


def test_it_names_as_many_exercises_as_each_seed_describes() -> None:
    counts = {seed[:3]: len({slug for slug, _ in pairs}) for seed, pairs in SEED_DOSES.items()}
    assert counts == {"000": 7, "001": 7, "002": 13, "003": 7, "004": 3}


def test_it_keeps_the_thirteen_stretches_of_seed_002_apart(library: dict[str, ExerciseFile]) -> None:
    thirteen = [slug for slug, _ in SEED_DOSES["002_d78a7bad0a95dc67.txt"]]
    assert len(set(thirteen)) == 13
    names = [normalise(library[slug].name) for slug in thirteen]
    assert len(set(names)) == 13


def test_it_has_one_hip_flexor_stretch_for_both_seeds(library: dict[str, ExerciseFile]) -> None:
    stretch = library["kneeling-hip-flexor-stretch"]

    assert {"001_7241761f44715a89.txt", "002_d78a7bad0a95dc67.txt"} <= set(stretch.sources)
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


def test_content_cites_the_five_seeds_and_no_other(
    library: dict[str, ExerciseFile], routines: list[RoutineFile]
) -> None:
    assert len(SEED_FILES) == 5
    for name in SEED_FILES:
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", name)
    cited = {s for ex in library.values() for s in ex.sources} | {s for r in routines for s in r.sources}
    assert cited == set(SEED_FILES)
