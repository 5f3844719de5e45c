"""What every JSON body crosses before it reaches a service: a size limit, JSON, and bounded types.

A bad request is refused here with a 400 naming the field, and nothing is written. The types
are reused by every pydantic shape a client can send, so the same text, time and number rules
hold for the browser player, the command line and the coming API.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from django import forms
from django.http import HttpRequest, JsonResponse
from pydantic import AfterValidator, AwareDatetime, StringConstraints, ValidationError

# A session report of a 30-item routine is a few kilobytes; this leaves room and stops a flood.
MAX_JSON_BYTES = 64 * 1024
# No record of this app predates it; a time before it is a broken clock or a forged body.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# Phones' clocks run a little ahead; a day covers every time zone and a sloppy clock.
CLOCK_SLACK = timedelta(days=1)


def clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid text (it holds a lone surrogate)") from None
    return value


def _sane_time(value: datetime) -> datetime:
    if value < EARLIEST:
        raise ValueError("must be on or after 2000-01-01")
    if value > datetime.now(UTC) + CLOCK_SLACK:
        raise ValueError("must not be more than a day in the future")
    return value


CleanStr = Annotated[str, AfterValidator(clean_text), StringConstraints(max_length=200)]
Note = Annotated[str, AfterValidator(clean_text), StringConstraints(max_length=2000)]
Name = Annotated[
    str, AfterValidator(clean_text), StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
]
# Timezone-aware, and within the window a real session can have happened in.
SaneTime = Annotated[AwareDatetime, AfterValidator(_sane_time)]


def client_id_field() -> forms.UUIDField:
    """A hidden UUID made when the form is shown: the same form sent twice records one row."""
    return forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)


def json_errors(status: int, problems: list[str]) -> JsonResponse:
    """The JSON error reply every endpoint gives."""
    return JsonResponse({"errors": problems}, status=status)


def validation_problems(exc: ValidationError) -> list[str]:
    """Each pydantic error as "field.path: message", the field named as the client sent it."""
    out = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        out.append(f"{where}: {message}" if where else message)
    return out


def read_json_object(request: HttpRequest) -> dict[str, Any] | JsonResponse:
    """The request's body as a JSON object, or the 400/413 reply; too big is refused before parsing."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    try:
        too_big = int(declared) > MAX_JSON_BYTES
    except ValueError:
        too_big = False
    if too_big or len(request.body) > MAX_JSON_BYTES:
        return json_errors(413, [f"body: larger than {MAX_JSON_BYTES // 1024} KB"])
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return json_errors(400, ["body: not valid JSON"])
    if not isinstance(body, dict):
        return json_errors(400, ["body: expected a JSON object"])
    return body
