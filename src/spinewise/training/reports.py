"""The session reports the browser player sends (JSON): reading them, and the replies and errors it gets."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from pydantic import ValidationError

from spinewise.training.models import Session
from spinewise.training.schema import SessionIn


def json_errors(status: int, problems: list[str]) -> JsonResponse:
    """The JSON error reply every session endpoint gives."""
    return JsonResponse({"errors": problems}, status=status)


def _validation_problems(exc: ValidationError) -> list[str]:
    out = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        out.append(f"{where}: {message}" if where else message)
    return out


def saved_reply(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "status": session.status,
        "url": reverse("play:session", args=[session.pk]),
        "detail_url": reverse("training:session", args=[session.pk]),
    }


def parse_report(request: HttpRequest) -> SessionIn | JsonResponse:
    """The request's body as a session report; the source is always the web player."""
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return json_errors(400, ["body: not valid JSON"])
    if not isinstance(body, dict):
        return json_errors(400, ["body: expected a JSON object with the session's fields"])
    body["source"] = "web"
    try:
        return SessionIn.model_validate(body)
    except ValidationError as exc:
        return json_errors(400, _validation_problems(exc))
