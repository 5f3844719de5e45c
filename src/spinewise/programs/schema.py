"""The program content file (content/programs/*.yaml). No Django import: the checker uses it directly.

A program is a number of weeks with the same number of workouts each week. Its weeks are
grouped in blocks; each block names the week's workouts in order. A workout is fixed items
(the routine item format), a built-in routine by slug, or a slot the planner fills from the
person's profile. Doses grow week by week by the steps in `progression`, never past `ceiling`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from spinewise.library.schema import FieldProblem, SeedName, Sentence, Slug, SlugFile, Strict
from spinewise.planning.vocabulary import Equipment, Focus, Level
from spinewise.training.schema import RoutineItemFile, item_notes

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]


class SlotFile(Strict):
    """A workout the planner fills from the person's profile (level, equipment, positions avoided)."""

    minutes: int = Field(ge=5, le=30)
    focus: Focus = Focus.BALANCED


class WorkoutFile(Strict):
    name: Name
    summary: Sentence
    items: list[RoutineItemFile] | None = Field(default=None, min_length=1, max_length=30)
    routine: Slug | None = None
    slot: SlotFile | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> WorkoutFile:
        given = [k for k in ("items", "routine", "slot") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a workout needs exactly one of items, routine or slot (got {', '.join(given) or 'none'})"
            )
        if self.items is not None:
            slugs = [item.exercise for item in self.items]
            repeated = sorted({s for s in slugs if slugs.count(s) > 1})
            if repeated:
                raise FieldProblem("items", f"an exercise appears more than once: {', '.join(repeated)}")
        return self


class BlockFile(Strict):
    """Weeks that share the same workouts, in the order they are done each week."""

    weeks: list[int] = Field(min_length=1)
    workouts: list[WorkoutFile] = Field(min_length=1, max_length=7)


class StepFile(Strict):
    """What grows in one week, added to the week before (a harder variant moves one rung up)."""

    week: int = Field(ge=2)
    reps: int = Field(default=0, ge=0, le=10)
    hold_seconds: int = Field(default=0, ge=0, le=30)
    duration_seconds: int = Field(default=0, ge=0, le=60)
    sets: int = Field(default=0, ge=0, le=1)
    harder: bool = False
    slot_minutes: int = Field(default=0, ge=0, le=10)
    why: Sentence


class CeilingFile(Strict):
    """Doses never grow past these, whatever the steps add up to."""

    reps: int = Field(ge=1, le=40)
    hold_seconds: int = Field(ge=5, le=120)
    duration_seconds: int = Field(ge=10, le=300)
    sets: int = Field(ge=1, le=5)


class ProgramFile(SlugFile):
    name: Name
    summary: Sentence
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1500)]
    access: Literal["free", "paid"]
    free_workouts: int = Field(default=0, ge=0, le=10, description="paid programs: workouts open to all")
    weeks: int = Field(ge=1, le=12)
    workouts_per_week: int = Field(ge=1, le=7)
    minutes: int = Field(ge=5, le=30, description="no workout lasts longer than this")
    levels: list[Level] = Field(min_length=1)
    equipment: list[Equipment] = []
    test_workouts: list[int] = Field(
        default=[], description="workout numbers (from 1) that start with the home tests"
    )
    sources: list[SeedName] = []
    ceiling: CeilingFile
    progression: list[StepFile] = []
    blocks: list[BlockFile] = Field(min_length=1)

    def texts(self) -> dict[str, Any]:
        texts: dict[str, Any] = {"name": self.name, "summary": self.summary, "description": self.description}
        blocks = []
        for block in self.blocks:
            workouts = []
            for workout in block.workouts:
                words: dict[str, Any] = {"name": workout.name, "summary": workout.summary}
                notes = item_notes(workout.items or [])
                if notes:
                    words["notes"] = notes
                workouts.append(words)
            blocks.append({"workouts": workouts})
        texts["blocks"] = blocks
        if self.progression:
            texts["progression"] = [{"week": step.week, "why": step.why} for step in self.progression]
        return texts

    @property
    def total_workouts(self) -> int:
        return self.weeks * self.workouts_per_week

    @model_validator(mode="after")
    def _structure(self) -> ProgramFile:
        covered = sorted(w for block in self.blocks for w in block.weeks)
        if covered != list(range(1, self.weeks + 1)):
            raise FieldProblem(
                "blocks", f"the blocks must cover weeks 1 to {self.weeks} once each (they cover {covered})"
            )
        for n, block in enumerate(self.blocks):
            if len(block.workouts) != self.workouts_per_week:
                raise FieldProblem(
                    f"blocks.{n}.workouts",
                    f"{len(block.workouts)} workouts, but the program has {self.workouts_per_week} a week",
                )
        weeks = [step.week for step in self.progression]
        if weeks != sorted(set(weeks)) or any(w > self.weeks for w in weeks):
            raise FieldProblem("progression", f"steps need distinct weeks in order, from 2 to {self.weeks}")
        bad = [n for n in self.test_workouts if not 1 <= n <= self.total_workouts]
        if bad or len(set(self.test_workouts)) != len(self.test_workouts):
            raise FieldProblem(
                "test_workouts", f"workout numbers must be distinct, from 1 to {self.total_workouts}"
            )
        if self.access == "paid" and not 0 < self.free_workouts < self.total_workouts:
            raise FieldProblem(
                "free_workouts", "a paid program gives away at least one workout and keeps some"
            )
        if self.access == "free" and self.free_workouts:
            raise FieldProblem(
                "free_workouts", "only a paid program has free workouts (a free one is all free)"
            )
        return self

    def block_for(self, week: int) -> BlockFile:
        return next(block for block in self.blocks if week in block.weeks)
