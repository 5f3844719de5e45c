"""Pydantic shapes for routines and sessions: content files, `--json`, and (later) the API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from spinewise.edge import CleanStr, Name, Note, SaneTime, clean_text
from spinewise.library.schema import Dose as DoseFile
from spinewise.library.schema import SeedName, Sentence, Slug, SlugFile, Strict
from spinewise.planning.model import Dose
from spinewise.planning.vocabulary import Equipment, Phase, Position

_text = clean_text
# A routine is at most 30 items (content) or 30 minutes planned; this bounds what a body can claim.
MAX_ITEMS = 40
# An item's reported seconds may run past its plan (slow reps, a long hold) but not without end.
SECONDS_FACTOR = 6
SECONDS_SLACK = 600


class RoutineItemFile(Strict):
    """One item of a routine (programs reuse this format)."""

    exercise: Slug
    phase: Phase | None = None
    dose: DoseFile | None = Field(default=None, description="overrides the level dose")
    note: Sentence | None = Field(default=None, description="how to do this item in this routine")


def item_notes(items: list[RoutineItemFile]) -> dict[str, str]:
    """{exercise slug: its note} (an exercise appears once in a routine or a workout)."""
    return {item.exercise: item.note for item in items if item.note}


class RoutineFile(SlugFile):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
    description: Sentence
    when: Sentence
    sources: list[SeedName] = []
    items: list[RoutineItemFile] = Field(min_length=1, max_length=30)

    def texts(self) -> dict[str, Any]:
        texts: dict[str, Any] = {"name": self.name, "description": self.description, "when": self.when}
        notes = item_notes(self.items)
        if notes:
            texts["notes"] = notes
        return texts

    @model_validator(mode="after")
    def _once_each(self) -> RoutineFile:
        slugs = [item.exercise for item in self.items]
        repeated = sorted({s for s in slugs if slugs.count(s) > 1})
        if repeated:
            raise ValueError(f"an exercise appears more than once: {', '.join(repeated)}")
        return self


class RoutineItemJSON(BaseModel):
    """One prescribed item. Bounded, so a stored prescription always plays and shows again."""

    slug: Slug
    name: Annotated[str, AfterValidator(_text), StringConstraints(min_length=1, max_length=80)]
    phase: Phase
    position: Position
    equipment: list[Equipment] = Field(max_length=len(Equipment))
    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(ge=1, le=200)
    hold_seconds: int | None = Field(ge=1, le=900)
    duration_seconds: int | None = Field(ge=1, le=3600)
    per_side: bool
    rest_seconds: int = Field(ge=0, le=600)
    seconds: int = Field(ge=0, le=4 * 3600)

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

    total_seconds: int = Field(ge=0, le=24 * 3600)
    position_changes: int = Field(ge=0, le=MAX_ITEMS)
    relaxed: list[CleanStr] = Field(max_length=20)
    items: list[RoutineItemJSON] = Field(min_length=1, max_length=MAX_ITEMS)


Outcome = Literal["done", "skipped", "easier", "harder", "not-reached"]
Mark = Literal["hurts", "helps"]
Pain = Annotated[int, Field(ge=0, le=10)]


class SessionItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    index: int = Field(ge=0, le=10_000)
    outcome: Outcome
    performed_slug: Slug | None = None
    mark: Mark | None = None
    seconds: int = Field(default=0, ge=0, le=3 * 3600)


class SessionIn(BaseModel):
    """A session as a player reports it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    routine_name: Name
    routine_slug: Slug | None = None
    source: Literal["cli", "web"]
    prescription: RoutineJSON
    started_at: SaneTime
    finished_at: SaneTime | None = None
    items: list[SessionItemIn] = Field(max_length=MAX_ITEMS)
    pain_before: Pain | None = None
    worst_pain_during: Pain | None = None
    pain_after: Pain | None = None
    effort: Pain | None = None
    notes: Note = ""

    @model_validator(mode="after")
    def _items_match(self) -> SessionIn:
        check_outcomes(self.prescription, self.items, self.started_at, self.finished_at)
        return self


def check_outcomes(
    prescription: RoutineJSON, items: list[SessionItemIn], started_at: datetime, finished_at: datetime | None
) -> None:
    """The reported outcomes fit the prescription: each item once, its seconds within reason."""
    n = len(prescription.items)
    seen = [item.index for item in items]
    if any(i >= n for i in seen):
        raise ValueError(f"an item index is beyond the routine's {n} items")
    if len(set(seen)) != len(seen):
        raise ValueError("an item is reported twice")
    for item in items:
        planned = prescription.items[item.index].seconds
        if item.seconds > planned * SECONDS_FACTOR + SECONDS_SLACK:
            raise ValueError(
                f"items.{item.index}.seconds: {item.seconds} is far beyond the {planned} planned for it"
            )
    if finished_at is not None and finished_at < started_at:
        raise ValueError("finished_at is before started_at")


class WebReport(BaseModel):
    """What the browser player sends: the server's signed prescription once, then outcomes only.

    The routine itself never comes from the body: `token` names what the server prescribed
    (training.prescriptions), and `client_id` makes a start sent twice record one session.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    token: Annotated[str, StringConstraints(max_length=32_000)] | None = None
    client_id: UUID | None = None
    started_at: SaneTime
    finished_at: SaneTime | None = None
    items: list[SessionItemIn] = Field(max_length=MAX_ITEMS)
    pain_before: Pain | None = None
    worst_pain_during: Pain | None = None
    pain_after: Pain | None = None
    effort: Pain | None = None
    notes: Note = ""

    def session_in(self, name: str, slug: str | None, prescription: RoutineJSON) -> SessionIn:
        """The report as the session record takes it, with the prescription the server made."""
        fields = self.model_dump(exclude={"token", "client_id"})
        return SessionIn.model_validate(
            {
                **fields,
                "routine_name": name,
                "routine_slug": slug,
                "source": "web",
                "prescription": prescription,
            }
        )
