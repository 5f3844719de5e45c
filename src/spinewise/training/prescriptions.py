"""The prescription token: what the server prescribed on a player page, signed, so a start can trust it.

The player page carries the token; the start request sends it back with the client's UUID,
and the session records the routine from the token, never a copy from the body. A token is
bound to the person it was made for and lasts two weeks, so a session played offline still
syncs. A program workout's token also carries its place in the program and the pain rule's
decision, so starting it needs nothing kept in the web session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core import signing
from pydantic import ValidationError

from spinewise.training.schema import RoutineJSON

SALT = "spinewise.prescription"
MAX_AGE = timedelta(days=14)


class BadPrescription(ValueError):
    """The token is forged, expired, or made for someone else."""


@dataclass(frozen=True)
class Prescribed:
    name: str
    slug: str | None
    routine: RoutineJSON
    # A program workout's link: enrolment, number, dose_week, decision, reasons.
    program: dict[str, Any] = field(default_factory=dict)


def sign(prescribed: Prescribed, user_id: int | None) -> str:
    return signing.dumps(
        {
            "u": user_id,
            "name": prescribed.name,
            "slug": prescribed.slug,
            "routine": prescribed.routine.model_dump(mode="json"),
            "program": prescribed.program,
        },
        salt=SALT,
        compress=True,
    )


def verify(token: str, user_id: int | None) -> Prescribed:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise BadPrescription(
            "token: this routine was prepared more than two weeks ago; open it again"
        ) from None
    except signing.BadSignature:
        raise BadPrescription("token: not a routine this site prepared; open the routine again") from None
    if not isinstance(data, dict) or data.get("u") != user_id:
        raise BadPrescription("token: this routine was prepared for someone else; open it again")
    try:
        routine = RoutineJSON.model_validate(data["routine"])
    except (KeyError, ValidationError):
        raise BadPrescription("token: the routine in it is not valid; open it again") from None
    return Prescribed(
        name=str(data.get("name") or "Routine"),
        slug=data.get("slug") or None,
        routine=routine,
        program=dict(data.get("program") or {}),
    )
