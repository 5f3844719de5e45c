"""The session reports the browser player sends (JSON): reading them, and the replies and errors it gets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from pydantic import ValidationError

from spinewise.edge import json_errors, read_json_object, validation_problems
from spinewise.training.models import Session
from spinewise.training.prescriptions import BadPrescription, Prescribed, verify
from spinewise.training.schema import SessionIn, WebReport

__all__ = ["json_errors", "parse_report", "parse_start", "saved_reply", "session_in"]


def saved_reply(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "client_id": str(session.client_id) if session.client_id else None,
        "status": session.status,
        "url": reverse("play:session", args=[session.pk]),
        "detail_url": reverse("training:session", args=[session.pk]),
    }


def parse_report(request: HttpRequest) -> WebReport | JsonResponse:
    """The request's body as a player's report of outcomes; a 400 naming the field otherwise."""
    body = read_json_object(request)
    if isinstance(body, JsonResponse):
        return body
    try:
        return WebReport.model_validate(body)
    except ValidationError as exc:
        return json_errors(400, validation_problems(exc))


def parse_start(request: HttpRequest) -> tuple[WebReport, Prescribed] | JsonResponse:
    """A start: the report, and the prescription its token proves the server made for this person."""
    report = parse_report(request)
    if isinstance(report, JsonResponse):
        return report
    problems = []
    if report.token is None:
        problems.append("token: required to start a session")
    if report.client_id is None:
        problems.append("client_id: required to start a session (a UUID made by the player)")
    if problems or report.token is None:
        return json_errors(400, problems)
    try:
        prescribed = verify(report.token, request.user.pk)
    except BadPrescription as exc:
        return json_errors(400, [str(exc)])
    return report, prescribed


def session_in(report: WebReport, name: str, slug: str | None, routine: Any) -> SessionIn | JsonResponse:
    """The report with the server's prescription, checked against it (indexes, seconds)."""
    try:
        return report.session_in(name, slug, routine)
    except ValidationError as exc:
        return json_errors(400, validation_problems(exc))
