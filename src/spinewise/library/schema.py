"""Pydantic schemas: the exercise content file, and the exercise's JSON shape.

No Django import: the content checker and the command line use these directly. Every model defers
building its validator to its first use (`defer_build`): a command imports them all (through the
services) but validates a content file only when the content changed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from spinewise.figures.schema import FigureSpec
from spinewise.planning.vocabulary import Category, Direction, Equipment, Phase, Position, Target

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
SeedName = Annotated[str, StringConstraints(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=400)]

SEED_FILE_RE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


class FieldProblem(ValueError):
    """A check across fields, pinned on the field to fix so the content error can name it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SlugFile(Strict):
    """A content file: one YAML file, named after its slug, with its translations beside it."""

    slug: Slug
    # {language: texts}, read from the parallel files (cat-cow.es.yaml) by read_folder.
    _translations: dict[str, dict[str, Any]] = PrivateAttr(default_factory=dict)

    def texts(self) -> dict[str, Any]:
        """The fields people read, in the shape every translation file must have; {} for none."""
        return {}

    @property
    def translations(self) -> dict[str, dict[str, Any]]:
        return self._translations


class Dose(Strict):
    """One level's dose: sets, and exactly one of reps, a static hold or continuous work."""

    sets: int = Field(ge=1, le=6)
    reps: int | None = Field(default=None, ge=1, le=60)
    hold_seconds: int | None = Field(default=None, ge=1, le=300)
    duration_seconds: int | None = Field(default=None, ge=10, le=600)
    per_side: bool = False
    rest_seconds: int = Field(default=0, ge=0, le=180)

    @model_validator(mode="after")
    def _exactly_one_measure(self) -> Dose:
        given = [n for n in ("reps", "hold_seconds", "duration_seconds") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(
                "a dose needs exactly one of reps, hold_seconds or duration_seconds"
                f" (got {', '.join(given) or 'none'})"
            )
        return self

    @property
    def kind(self) -> Literal["reps", "hold", "duration"]:
        if self.reps is not None:
            return "reps"
        if self.hold_seconds is not None:
            return "hold"
        return "duration"


class Doses(Strict):
    beginner: Dose
    intermediate: Dose
    advanced: Dose

    @model_validator(mode="after")
    def _same_measure(self) -> Doses:
        sides = {self.beginner.per_side, self.intermediate.per_side, self.advanced.per_side}
        if len(sides) != 1:
            raise ValueError("per_side must be the same at every level")
        return self


class BreathingCue(Strict):
    step: int = Field(ge=1, description="the step (1-based) this cue goes with")
    cue: Sentence
    # A timed exercise done to a breathing rhythm (such as Crook-Lying Breathing): the player paces
    # the breath through its countdown, "Breathe in" for the first number of seconds, "out" for the second.
    pace: tuple[int, int] | None = Field(
        default=None, description="paced breathing while the timer runs: seconds in, seconds out (2-10 each)"
    )

    @field_validator("pace")
    @classmethod
    def _pace_in_range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not all(2 <= v <= 10 for v in value):
            raise ValueError("a breathing pace is seconds in and seconds out, each from 2 to 10")
        return value


class ExerciseFile(SlugFile):
    """One file under content/exercises/."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
    aliases: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]] = []
    summary: Sentence
    category: Category
    position: Position
    equipment: list[Equipment] = []
    targets: list[Target] = Field(min_length=1)
    direction: list[Direction] = Field(min_length=1)
    phase: list[Phase] = Field(min_length=1)
    flare_up_ok: bool
    difficulty: int = Field(ge=1, le=3)
    seconds_per_rep: float | None = Field(default=None, ge=1, le=20)
    doses: Doses
    steps: list[Sentence] = Field(min_length=2, max_length=12)
    breathing: list[BreathingCue] = Field(min_length=1)
    feel: Sentence
    cautions: list[Sentence] = Field(min_length=1)
    skip_if: list[Sentence] = Field(min_length=1)
    easier: list[Slug] = []
    harder: list[Slug] = []
    sources: list[SeedName] = []
    references: list[Sentence] = []
    # The animated figure: keyframes of joint angles (src/spinewise/figures/AUTHORING.md).
    figure: FigureSpec | None = None

    def texts(self) -> dict[str, Any]:
        texts: dict[str, Any] = {"name": self.name}
        if self.aliases:
            texts["aliases"] = list(self.aliases)
        texts |= {
            "summary": self.summary,
            "steps": list(self.steps),
            "breathing": [{"step": cue.step, "cue": cue.cue} for cue in self.breathing],
            "feel": self.feel,
            "cautions": list(self.cautions),
            "skip_if": list(self.skip_if),
        }
        if self.figure is not None:
            # The figure's words are its accessible description, read out by screen readers.
            figure: dict[str, Any] = {}
            if self.figure.describe:
                figure["describe"] = self.figure.describe
            says = [key.say for key in self.figure.keyframes if key.say]
            if says:
                figure["say"] = says
            if figure:
                texts["figure"] = figure
        return texts

    @field_validator("equipment", "targets", "direction", "phase", "aliases", "easier", "harder", "sources")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("lists the same value twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ExerciseFile:
        levels = (self.doses.beginner, self.doses.intermediate, self.doses.advanced)
        # Not only the beginner's: a hold may turn into reps at a higher level, which still need timing.
        if any(dose.kind == "reps" for dose in levels) and self.seconds_per_rep is None:
            raise FieldProblem("seconds_per_rep", "required when a level's dose counts reps")
        for cue in self.breathing:
            if cue.step > len(self.steps):
                message = f"a breathing cue points at step {cue.step}, but there are {len(self.steps)} steps"
                raise FieldProblem("breathing", message)
        if self.slug in self.easier or self.slug in self.harder:
            own = "easier" if self.slug in self.easier else "harder"
            raise FieldProblem(own, "an exercise cannot be its own variant")
        if set(self.easier) & set(self.harder):
            raise FieldProblem("harder", "a variant cannot be both easier and harder")
        if self.category == Category.FOAM_ROLLING and self.phase != [Phase.WARM_UP]:
            raise FieldProblem("phase", "foam rolling comes first in a routine: its phase must be [warm-up]")
        if self.flare_up_ok:
            if self.difficulty == 3:
                raise FieldProblem(
                    "flare_up_ok", "a difficulty 3 exercise is too demanding for a flare-up day"
                )
            low = self.doses.beginner
            if self.category == Category.STRENGTH and (low.hold_seconds or 0) > 30:
                message = "a flare_up_ok strength exercise may not hold longer than 30 s at the lowest dose"
                raise FieldProblem("flare_up_ok", message)
        return self


class DoseJSON(BaseModel):
    model_config = ConfigDict(defer_build=True)

    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool
    rest_seconds: int


class ExerciseJSON(BaseModel):
    """The shape of one exercise in `spinewise exercises --json` and the API."""

    model_config = ConfigDict(defer_build=True)

    slug: str
    name: str
    aliases: list[str]
    summary: str
    category: str
    position: str
    equipment: list[str]
    targets: list[str]
    direction: list[str]
    phase: list[str]
    flare_up_ok: bool
    difficulty: int
    doses: dict[Literal["beginner", "intermediate", "advanced"], DoseJSON]
    seconds_per_rep: float | None
    steps: list[str]
    breathing: list[str]
    feel: str
    cautions: list[str]
    skip_if: list[str]
    easier: list[str]
    harder: list[str]
    sources: list[str]
    retired: bool = False
