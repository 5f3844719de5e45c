"""The home-test battery as content: one YAML file per test under content/tests/.

No Django import: the loader wraps this in a transaction, and
`python -m spinewise.assessments.battery [folder]` checks a folder on its own.
The conversions at the bottom turn stored JSON back into the scoring dataclasses, so the
database, the pages and the reports read a test's figures the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from spinewise.library.content import check_folder, read_folder
from spinewise.library.schema import FieldProblem, Sentence, Slug, SlugFile, Strict
from spinewise.planning.scoring import Better, MeasurementError, NormBand, Unit

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
Citation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=400)]
Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")
UNIT_FOR: dict[str, Unit] = {"distance": Unit.CM, "time": Unit.SECONDS}


class NormBandFile(Strict):
    """A published mean and SD for one sex and age range; "any" when the source pools the sexes."""

    sex: Literal["male", "female", "any"]
    age_min: int = Field(ge=16, le=110)
    age_max: int = Field(ge=16, le=110)
    mean: float = Field(gt=0)
    sd: float | None = Field(default=None, gt=0, description="null when the source gives no SD")
    n: int | None = Field(default=None, ge=1, description="people measured, when the source says")
    source: Citation

    @model_validator(mode="after")
    def _ages_in_order(self) -> NormBandFile:
        if self.age_min > self.age_max:
            raise FieldProblem("age_max", f"is below age_min ({self.age_min})")
        return self


class MeasurementErrorFile(Strict):
    """The smallest change beyond measurement noise, as published.

    kind: "MDC95" or "MDC90" (a minimal detectable change at that confidence), "MDC" (the
    source does not state the confidence) or "SEM" (standard error of measurement, or the
    typical error, which is the same quantity; scoring turns it into an MDC95).
    """

    value: float = Field(gt=0)
    kind: Literal["MDC95", "MDC90", "MDC", "SEM"]
    population: Sentence
    source: Citation


class HomeTestFile(SlugFile):
    """One file under content/tests/."""

    name: Short
    order: int = Field(ge=1, le=99, description="position in the battery, gentlest first")
    summary: Sentence
    purpose: Sentence
    equipment: list[Short] = Field(min_length=1)
    steps: list[Sentence] = Field(min_length=2, max_length=12)
    measure: Literal["distance", "time"]
    unit: Unit
    sides: list[Side] = []
    better: Better
    max_value: float = Field(gt=0, description="the largest believable result, in the stored unit")
    safety: list[Sentence] = Field(min_length=1)
    norms: list[NormBandFile] = []
    measurement_error: MeasurementErrorFile | None = None
    sources: list[Citation] = Field(min_length=1)
    # The exercise whose figure shows this test's movement (its still illustrates the test).
    figure: Slug | None = None

    def texts(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "purpose": self.purpose,
            "equipment": list(self.equipment),
            "steps": list(self.steps),
            "safety": list(self.safety),
        }

    @field_validator("sides")
    @classmethod
    def _both_or_none(cls, value: list[Side]) -> list[Side]:
        if value and value != list(SIDES):
            raise ValueError("must be [] or [left, right]")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> HomeTestFile:
        if UNIT_FOR[self.measure] != self.unit:
            raise FieldProblem("unit", f"a {self.measure} test is stored in {UNIT_FOR[self.measure].value}")
        for n, band in enumerate(self.norms):
            if band.mean > self.max_value:
                raise FieldProblem(f"norms.{n}.mean", f"is above max_value ({self.max_value:g})")
            for m, other in enumerate(self.norms[:n]):
                same_people = band.sex == other.sex or "any" in (band.sex, other.sex)
                if same_people and band.age_min <= other.age_max and other.age_min <= band.age_max:
                    raise FieldProblem(f"norms.{n}", f"overlaps norms.{m}: one person would match both")
        if self.measurement_error and self.measurement_error.value >= self.max_value:
            raise FieldProblem("measurement_error.value", f"is not below max_value ({self.max_value:g})")
        return self


def read_tests(folder: Path) -> list[HomeTestFile]:
    """Every test in `folder`, checked one by one and against each other, in battery order.

    A test's `figure` must name an exercise in the exercises folder beside it, when there is one.
    """
    orders: dict[int, str] = {}
    exercises = folder.parent / "exercises"

    def order_once(path: Path, test: HomeTestFile) -> list[str]:
        problems = []
        taken = orders.get(test.order)
        orders[test.order] = test.slug
        if taken is not None:
            problems.append(f"{path.name}: {test.slug}: field 'order': {test.order} is also {taken}'s")
        if test.figure and exercises.is_dir() and not (exercises / f"{test.figure}.yaml").is_file():
            problems.append(
                f"{path.name}: {test.slug}: field 'figure': no exercise has the slug '{test.figure}'"
            )
        return problems

    return sorted(read_folder(folder, HomeTestFile, order_once).checked(), key=lambda t: t.order)


def norm_bands(stored: list[dict[str, Any]]) -> list[NormBand]:
    """Stored `norms` JSON -> scoring bands (the same fields as NormBandFile)."""
    return [
        NormBand(
            sex=b["sex"],
            age_min=int(b["age_min"]),
            age_max=int(b["age_max"]),
            mean=float(b["mean"]),
            sd=None if b.get("sd") is None else float(b["sd"]),
            n=None if b.get("n") is None else int(b["n"]),
            source=str(b["source"]),
        )
        for b in stored
    ]


def measurement_error(stored: dict[str, Any] | None) -> MeasurementError | None:
    """Stored `measurement_error` JSON -> the scoring figure, or None when none is published."""
    if not stored:
        return None
    return MeasurementError(
        value=float(stored["value"]), kind=str(stored["kind"]), source=str(stored["source"])
    )


def main(argv: list[str]) -> int:
    return check_folder(argv, "content/tests", read_tests, "tests")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
