"""The coaching shapes (pydantic): what the pages' services take and give, and what the API speaks.

One model per shape, so the web forms, the services and the API never drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from spinewise.edge import CleanStr, Name, Note

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
MAX_ITEMS = 20


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ItemIn(Strict):
    """One item the coach picks: the exercise, and optionally its sets and its amount (reps, or
    seconds held or worked, as the exercise is dosed); left out, the client's level's dose."""

    exercise: Slug
    sets: int | None = Field(default=None, ge=1, le=10)
    amount: int | None = Field(default=None, ge=1, le=3600, description="reps (at most 100) or seconds")
    note: CleanStr = ""


class RoutineIn(Strict):
    name: Name
    notes: Note = ""
    per_week: int = Field(ge=1, le=7, description="how many times a week")
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class ProgramIn(Strict):
    program: Slug
    start: date
    weekdays: list[int] = Field(min_length=1, max_length=7, description="Python weekday numbers, Monday 0")


class InvitationOut(BaseModel):
    id: int
    hint: str
    created_at: datetime
    expires_at: datetime
    state: Literal["open", "accepted", "declined", "withdrawn", "expired"]
    # Only in the answer that made it: the code is never stored, so never shown again.
    code: str | None = None
    url: str | None = None


class InvitationPreview(BaseModel):
    coach: str
    practice: str
    expires_at: datetime
    sees: list[str]


class ComposedItem(BaseModel):
    slug: str
    name: str
    phase: str
    position: str
    dose: str
    seconds: int
    note: str
    warnings: list[str]


class Composed(BaseModel):
    """A routine as the coach composes it: its time, its position changes, and each warning."""

    total_seconds: int
    position_changes: int
    items: list[ComposedItem]
    warnings: list[str]
    # What the client's own limits change when they play it today, item by item.
    client_changes: list[str]


class AssignmentChangeOut(BaseModel):
    by: str
    at: datetime
    lines: list[str]


class AssignmentOut(BaseModel):
    id: int
    kind: Literal["routine", "program"]
    name: str
    notes: str
    per_week: int
    items: list[ItemIn]
    program: str | None
    created_at: datetime
    changes: list[AssignmentChangeOut]
    composed: Composed | None


class AlertOut(BaseModel):
    kind: Literal["worst-pain", "not-settled", "paused-by-pain", "safety-stop"]
    text: str
    advice: str = ""


class TestChangeOut(BaseModel):
    label: str
    before: float | None
    after: float | None
    verdict: str | None
    explain: str


class ClientOut(BaseModel):
    link: int
    name: str
    email: str
    since: datetime
    ended_at: datetime | None
    sessions_7: int
    planned_7: int
    sessions_28: int
    planned_28: int
    last_pain_before: int | None
    last_pain_after: int | None
    pain_trend: str
    screening: str
    tests_compared: str
    tests: list[TestChangeOut]
    alerts: list[AlertOut]


class ClientSessionOut(BaseModel):
    id: int
    routine: str
    started_at: datetime
    status: str
    pain_before: int | None
    worst_pain_during: int | None
    pain_after: int | None
    assignment: int | None


class ClientDetailOut(ClientOut):
    sessions: list[ClientSessionOut]
    assignments: list[AssignmentOut]


class ClientList(BaseModel):
    items: list[ClientOut]
    count: int
