"""Sessions: start one from a prescription token, report on it, finish it; the list and one.

Start, report and finish go through the browser player's own endpoints (training.play), so
every rule holds exactly as for the player: the routine comes from the signed token (never
from the body), a start is recorded once per client_id (201, then 200 with the same session),
outcomes must fit the prescription, swaps must be known variants, a program's access is
checked on every save, and the safety screening's gate stands in front.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from spinewise.api.auth import user_of
from spinewise.api.shapes import private, relayed
from spinewise.training import play
from spinewise.training.models import Session
from spinewise.training.schema import WebReport

router = Router(tags=["sessions"])


class Saved(Schema):
    """A recorded session, as the player hears back."""

    id: int
    client_id: str | None
    status: str
    url: str
    detail_url: str


class SessionOut(Schema):
    id: int
    routine_name: str
    routine_slug: str
    source: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    pain_before: int | None
    worst_pain_during: int | None
    pain_after: int | None
    effort: int | None
    notes: str


class ItemOut(Schema):
    index: int
    slug: str
    outcome: str
    performed_slug: str | None
    mark: str | None
    seconds: int


class SessionDetail(SessionOut):
    prescription: dict[str, Any]
    items: list[ItemOut]


def _session_out(s: Session) -> SessionOut:
    return SessionOut.model_validate(s, from_attributes=True)


@router.get("/", response=private(list[SessionOut]), summary="The person's sessions, newest first")
@paginate
def list_sessions(request: HttpRequest) -> Any:
    return Session.objects.filter(user=user_of(request)).order_by("-started_at", "-pk")


@router.get("/{int:session_id}", response=private(SessionDetail, 404), summary="One session with its items")
def session(request: HttpRequest, session_id: int) -> SessionDetail:
    s = get_object_or_404(Session.objects.prefetch_related("items"), pk=session_id, user=user_of(request))
    return SessionDetail(
        **_session_out(s).model_dump(),
        prescription=s.prescription,
        items=[ItemOut(**i.as_dict()) for i in s.items.all()],
    )


@router.post(
    "/",
    response={201: Saved, **private(Saved, 400)},
    summary="Start a session from a prescription token",
)
def start(request: HttpRequest, body: WebReport) -> Status[Any]:
    """`token` is the one a routine came with; `client_id` a UUID the client makes once per
    session: sent again, the same session answers (200) and nothing new is written."""
    user_of(request)
    return relayed(play.start_session(request))


@router.post(
    "/{int:session_id}/report",
    response=private(Saved, 400, 404),
    summary="Report progress: outcomes, pain, effort, notes",
)
def report(request: HttpRequest, session_id: int, body: WebReport) -> Status[Any]:
    """Replaces the session's report with this one (the routine stays as started)."""
    user_of(request)
    return relayed(play.save_session(request, session_id))


@router.post(
    "/{int:session_id}/finish",
    response=private(Saved, 400, 404),
    summary="Finish a session: the last report, with finished_at",
)
def finish(request: HttpRequest, session_id: int, body: WebReport) -> Status[Any]:
    if body.finished_at is None:
        raise HttpError(400, _("finished_at: required to finish a session"))
    user_of(request)
    return relayed(play.save_session(request, session_id))
