"""Shared by the player's tests: reading the page's payload, a cleared visitor, session reports."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from django.test import Client

from spinewise.library.models import Exercise
from spinewise.planning.model import Dose, Profile
from spinewise.planning.vocabulary import (
    Position,
    transition_seconds,
)
from spinewise.safety.gate import QUICK_CHECK_KEY
from spinewise.safety.models import Screening
from spinewise.training.models import Session
from spinewise.training.prescriptions import Prescribed, sign
from spinewise.training.schema import RoutineJSON, SessionIn
from spinewise.training.services import (
    build_routine,
    record_session,
    routine_json,
)
from spinewise.training.timeline import item_segments, transition

START = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def payload_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content[:500]
    match = re.search(
        rb'<script id="player-data" type="application/json">(.*?)</script>', response.content, re.S
    )
    assert match, "the page embeds the payload with json_script"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def expected_segments(prescription: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """What the terminal player plays for an item: timeline segments, then the move to the next item."""
    items = prescription["items"]
    item = items[index]
    ex = Exercise.objects.get(slug=item["slug"])
    dose = Dose(
        item["sets"],
        item["reps"],
        item["hold_seconds"],
        item["duration_seconds"],
        item["per_side"],
        item["rest_seconds"],
    )
    segments = item_segments(dose, ex.seconds_per_rep)
    if index + 1 < len(items):
        following = items[index + 1]
        allowance = transition_seconds(Position(item["position"]), Position(following["position"]))
        segments.append(transition(following["name"], allowance))
    return [asdict(s) for s in segments]


def cleared(client: Client) -> Client:
    """An anonymous visitor who passed the one-screen safety check."""
    session = client.session
    session[QUICK_CHECK_KEY] = True
    session.save()
    return client


def screened(user: Any) -> Screening:
    return Screening.objects.create(user=user, source="web", answers={}, urgency=0)


def report(prescription: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "routine_name": "9-minute routine",
        "routine_slug": None,
        "prescription": prescription,
        "started_at": START.isoformat(),
        "finished_at": None,
        "items": [],
        "pain_before": 4,
    }
    data.update(overrides)
    return data


def web_body(client: Client, data: dict[str, Any]) -> dict[str, Any]:
    """A report written the old way (with its routine) as the player sends it now.

    The routine goes into a prescription token as the player page would have signed it for
    the client's person; the body keeps the outcomes, with a new client UUID unless one is given.
    """
    data = dict(data)
    prescription = data.pop("prescription")
    name = data.pop("routine_name", "9-minute routine")
    slug = data.pop("routine_slug", None)
    data.pop("source", None)
    user_id = client.session.get("_auth_user_id")
    prescribed = Prescribed(name=name, slug=slug, routine=RoutineJSON.model_validate(prescription))
    data.setdefault("token", sign(prescribed, int(user_id) if user_id else None))
    data.setdefault("client_id", str(uuid.uuid4()))
    return data


def post_json(client: Client, url: str, data: Any) -> Any:
    if isinstance(data, dict) and "prescription" in data:
        data = web_body(client, data)
    return client.post(url, json.dumps(data), content_type="application/json")


def planned_prescription(minutes: int = 9, seed: int = 7) -> dict[str, Any]:
    return routine_json(build_routine(Profile(), minutes, seed)).model_dump(mode="json")


def past_session(user: Any) -> Session:
    prescription = planned_prescription()
    return record_session(SessionIn.model_validate(report(prescription, source="web")), user=user)
