"""Shared set-up for the program tests: a cleared trainee, a frozen day, enrolment and sessions."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from spinewise.programs.models import Enrolment, Program, ProgramSession
from spinewise.programs.services import enrol
from spinewise.safety.models import Screening
from spinewise.safety.screening import QUESTIONS
from spinewise.safety.services import record_screening
from spinewise.training import hooks
from spinewise.training.models import Session, SessionItem

# Wednesday 25 November 2026, 09:00 UTC: the frozen "now" of most tests.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
MON_WED_FRI = [0, 2, 4]
SIX_WEEK = "six-week-lower-back"


def screened(user: User, urgency: int = 0) -> Screening:
    """A safety check through the service (so a red flag pauses a program), answered to reach `urgency`."""
    # Questions that count only through a rule (their own urgency is none) are left unanswered.
    yes = {q.key for q in QUESTIONS if urgency and q.urgency == urgency}
    screening, _, _ = record_screening(user, yes, source="web")
    return screening


def signed_in(user: User) -> Client:
    screened(user)
    client = Client()
    client.force_login(user)
    return client


def program(slug: str = SIX_WEEK) -> Program:
    return Program.objects.get(slug=slug)


def enrolled(
    user: User, slug: str = SIX_WEEK, start: date = TODAY, days: list[int] | None = None
) -> Enrolment:
    row = program(slug)
    weekdays = days if days is not None else (MON_WED_FRI if row.workouts_per_week == 3 else list(range(7)))
    return enrol(user, row, start, weekdays, today=start)


def done_session(
    user: User,
    enrolment: Enrolment | None = None,
    number: int = 1,
    *,
    at: datetime = NOW,
    before: int | None = 2,
    worst: int | None = 3,
    after: int | None = 2,
    marks: dict[str, str] | None = None,
    dose_week: int = 1,
    status: str = Session.Status.COMPLETE,
) -> Session:
    """A finished session with one done item per exercise slug in `marks` (slug -> "hurts"/"helps"/"")."""
    marks = marks if marks is not None else {"cat-cow": ""}
    session = Session.objects.create(
        user=user,
        source="web",
        routine_name="test",
        prescription={"total_seconds": 60, "position_changes": 0, "relaxed": [], "items": []},
        started_at=at,
        finished_at=at + timedelta(minutes=20),
        status=status,
        pain_before=before,
        worst_pain_during=worst,
        pain_after=after,
    )
    SessionItem.objects.bulk_create(
        SessionItem(
            session=session,
            index=i,
            exercise_slug=slug,
            exercise_name=slug,
            phase="main",
            prescribed={},
            outcome="done",
            mark=mark,
            seconds=60,
        )
        for i, (slug, mark) in enumerate(marks.items())
    )
    if enrolment is not None:
        ProgramSession.objects.create(
            session=session, enrolment=enrolment, number=number, dose_week=dose_week, decision="progress"
        )
    # What the session services do after every save (a program pauses on severe pain).
    hooks.session_saved(session)
    return session


def payload_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content[:800]
    match = re.search(
        rb'<script id="player-data" type="application/json">(.*?)</script>', response.content, re.S
    )
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def give_pain(client: Client, number: int, pain: int = 2) -> Any:
    return client.post(reverse("programs:pain", args=[number]), {"pain": str(pain)})


def start_report(payload: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "token": payload["token"],
        "client_id": str(uuid.uuid4()),
        "started_at": NOW.isoformat(),
        "finished_at": None,
        "items": [],
        "pain_before": payload["pain_before"],
    }
    data.update(overrides)
    return data


def at_local(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)
