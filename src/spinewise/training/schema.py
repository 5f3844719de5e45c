"""Pydantic shapes for routines and sessions: content files, `--json`, and (later) the API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from spinewise.library.schema import Dose as DoseFile
from spinewise.library.schema import SeedName, Sentence, Slug, Strict
from spinewise.planning.model import Dose
from spinewise.planning.vocabulary import Phase


class RoutineItemFile(Strict):
    """One item of a routine (programs reuse this format)."""

    exercise: Slug
    phase: Phase | None = None
    dose: DoseFile | None = Field(default=None, description="overrides the level dose")
    note: Sentence | None = Field(default=None, description="how to do this item in this routine")


class RoutineFile(Strict):
    slug: Slug
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
    description: Sentence
    when: Sentence
    sources: list[SeedName] = []
    items: list[RoutineItemFile] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _once_each(self) -> RoutineFile:
        slugs = [item.exercise for item in self.items]
        repeated = sorted({s for s in slugs if slugs.count(s) > 1})
        if repeated:
            raise ValueError(f"an exercise appears more than once: {', '.join(repeated)}")
        return self


class RoutineItemJSON(BaseModel):
    slug: str
    name: str
    phase: str
    position: str
    equipment: list[str]
    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool
    rest_seconds: int
    seconds: int

    def dose(self) -> Dose:
        return Dose(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            duration_seconds=self.duration_seconds,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
        )


class RoutineJSON(BaseModel):
    """`spinewise routine --json`, and the prescription kept with every session."""

    total_seconds: int
    position_changes: int
    relaxed: list[str]
    items: list[RoutineItemJSON]


Outcome = Literal["done", "skipped", "easier", "harder", "not-reached"]
Mark = Literal["hurts", "helps"]
Pain = Annotated[int, Field(ge=0, le=10)]


class SessionItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0)
    outcome: Outcome
    performed_slug: str | None = None
    mark: Mark | None = None
    seconds: int = Field(default=0, ge=0, le=3 * 3600)


class SessionIn(BaseModel):
    """A session as a player reports it."""

    model_config = ConfigDict(extra="forbid")

    routine_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    routine_slug: str | None = None
    source: Literal["cli", "web"]
    prescription: RoutineJSON
    started_at: datetime
    finished_at: datetime | None = None
    items: list[SessionItemIn]
    pain_before: Pain | None = None
    worst_pain_during: Pain | None = None
    pain_after: Pain | None = None
    effort: Pain | None = None
    notes: Annotated[str, StringConstraints(max_length=2000)] = ""

    @model_validator(mode="after")
    def _items_match(self) -> SessionIn:
        n = len(self.prescription.items)
        seen = [item.index for item in self.items]
        if any(i >= n for i in seen):
            raise ValueError(f"an item index is beyond the routine's {n} items")
        if len(set(seen)) != len(seen):
            raise ValueError("an item is reported twice")
        if self.finished_at is not None and self.finished_at < self.started_at:
            raise ValueError("finished_at is before started_at")
        return self
