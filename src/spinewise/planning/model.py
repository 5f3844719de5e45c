"""Plain data the planner works on: doses, exercises, profiles, routines."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from spinewise.planning.vocabulary import (
    Category,
    Direction,
    Equipment,
    Focus,
    Level,
    Phase,
    Position,
    Preference,
    State,
    Target,
)
from spinewise.planning.words import Said, gettext_noop

DoseKind = Literal["reps", "hold", "duration"]


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    per_side: bool = False
    rest_seconds: int = 0

    @property
    def kind(self) -> DoseKind:
        if self.reps is not None:
            return "reps"
        if self.hold_seconds is not None:
            return "hold"
        return "duration"

    @property
    def amount(self) -> int:
        """The one measure the dose uses: reps, or seconds held or worked."""
        value = self.reps if self.reps is not None else self.hold_seconds
        if value is None:
            value = self.duration_seconds
        assert value is not None
        return value

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1

    def with_amount(self, amount: int) -> Dose:
        # Built directly rather than with dataclasses.replace: the planner calls this in its
        # inner loop and replace() costs several times more.
        kind = self.kind
        return Dose(
            self.sets,
            amount if kind == "reps" else self.reps,
            amount if kind == "hold" else self.hold_seconds,
            amount if kind == "duration" else self.duration_seconds,
            self.per_side,
            self.rest_seconds,
        )

    def work_seconds(self, seconds_per_rep: float | None) -> float:
        """Seconds of one set on one side."""
        if self.kind == "reps":
            return self.amount * (seconds_per_rep or 3.0)
        return float(self.amount)

    def seconds(self, seconds_per_rep: float | None) -> int:
        """Estimated time: work x sides x sets, plus the rests between sets."""
        work = self.work_seconds(seconds_per_rep) * self.sides * self.sets
        rests = self.rest_seconds * (self.sets - 1)
        return math.ceil(work + rests)

    def describe(self) -> str:
        """ "3 x 8 reps per side", "hold 20 s": a `Said`, translated at the edge (planning.words)."""
        if self.kind == "reps":
            what = Said(gettext_noop("%(n)s reps"), n=str(self.reps))
        elif self.kind == "hold":
            what = Said(gettext_noop("hold %(n)s s"), n=str(self.hold_seconds))
        else:
            what = Said(gettext_noop("%(n)s s"), n=str(self.duration_seconds))
        if self.per_side:
            what = Said(gettext_noop("%(what)s per side"), what=what)
        if self.sets > 1:
            what = Said(gettext_noop("%(sets)s x %(what)s"), sets=str(self.sets), what=what)
        return what


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    slug: str
    name: str
    category: Category
    position: Position
    equipment: frozenset[Equipment]
    targets: frozenset[Target]
    direction: frozenset[Direction]
    phases: frozenset[Phase]
    flare_up_ok: bool
    difficulty: int
    seconds_per_rep: float | None
    doses: Mapping[Level, Dose]
    easier: tuple[str, ...] = ()
    harder: tuple[str, ...] = ()

    def dose(self, level: Level) -> Dose:
        return self.doses[level]


@dataclass(frozen=True, slots=True)
class Profile:
    level: Level = Level.BEGINNER
    equipment: frozenset[Equipment] = frozenset()
    avoid: frozenset[Position] = frozenset()
    state: State = State.FINE
    focus: Focus = Focus.BALANCED
    prefer: Preference | None = None


@dataclass(frozen=True, slots=True)
class RoutineItem:
    exercise: ExerciseSpec
    phase: Phase
    dose: Dose
    seconds: int

    @property
    def slug(self) -> str:
        return self.exercise.slug


@dataclass(frozen=True, slots=True)
class Routine:
    items: tuple[RoutineItem, ...]
    total_seconds: int
    position_changes: int
    transition_seconds: int
    relaxed: tuple[str, ...] = field(default=())

    @property
    def slugs(self) -> list[str]:
        return [item.slug for item in self.items]
