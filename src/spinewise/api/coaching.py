"""The coaching resources of the HTTP API: invitations, clients (list and detail), and assignments
(compose, preview, change, assign a program). The same services and pydantic shapes as the pages.

Mounted by the API under /api/v1/coaching/. Whoever is authenticated (the browser's session or a
token) is the acting person: a coach for the client resources, the client for accepting an
invitation. Another coach's client is a 404, never a 403, so nothing tells that it exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from spinewise.api.shapes import Problem, said
from spinewise.coaching import board, services
from spinewise.coaching.models import Assignment, Invitation, Link
from spinewise.coaching.schemas import (
    AssignmentChangeOut,
    AssignmentOut,
    ClientDetailOut,
    ClientList,
    Composed,
    InvitationOut,
    ProgramIn,
    RoutineIn,
)
from spinewise.coaching.words import ChangeWords

router = Router(tags=["coaching"])


class LinkOut(Schema):
    link: int
    coach: str
    started_at: str


class InvitationList(Schema):
    items: list[InvitationOut]
    count: int


# As every route of the API: a throttled caller gets 429.
ERRORS: dict[int, Any] = {code: Problem for code in (400, 401, 403, 404, 409, 422, 429)}


def _user(request: HttpRequest) -> User:
    auth = getattr(request, "auth", None)
    user = auth if isinstance(auth, User) else request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise HttpError(401, _("Sign in, or send a personal API token."))
    return user


def _coach(request: HttpRequest) -> User:
    user = _user(request)
    if services.coach_profile(user) is None:
        raise HttpError(403, _("Only coaches may use this: the site's owner grants the coach role."))
    return user


def _link(request: HttpRequest, link_id: int) -> Link:
    link = services.coach_link(_coach(request), link_id)
    if link is None:
        raise HttpError(404, _("No such client of yours."))
    return link


def _invitation_out(invitation: Invitation, code: str | None = None, url: str | None = None) -> InvitationOut:
    return InvitationOut(
        id=invitation.pk,
        hint=invitation.hint,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
        state=invitation.state,
        code=code,
        url=url,
    )


def assignment_out(assignment: Assignment, link: Link) -> AssignmentOut:
    limits = services.limits_seen_by_coach(link)
    words = ChangeWords()  # the log's English lines in the request's language
    return AssignmentOut(
        id=assignment.pk,
        kind=assignment.kind,
        name=assignment.name,
        notes=assignment.notes,
        per_week=assignment.per_week,
        items=services.items_in(assignment) if assignment.kind == Assignment.Kind.ROUTINE else [],
        program=assignment.program.slug if assignment.program else None,
        created_at=assignment.created_at,
        changes=[
            AssignmentChangeOut(by=c.by_name, at=c.at, lines=words.lines(c.lines))
            for c in assignment.changes.all()
        ],
        composed=services.composed_of(assignment, limits),
    )


@router.post("/invitations", response={201: InvitationOut, **ERRORS}, summary="Invite a client")
def create_invitation(request: HttpRequest) -> Status[InvitationOut]:
    """A single-use code and link, valid 7 days; the code is in this answer only."""
    invitation, code = services.create_invitation(_coach(request))
    url = request.build_absolute_uri(reverse("coaching:join-code", args=[code]))
    return Status(201, _invitation_out(invitation, code, url))


@router.get("/invitations", response={200: InvitationList, **ERRORS}, summary="Your invitations")
def list_invitations(request: HttpRequest) -> InvitationList:
    rows = [_invitation_out(i) for i in Invitation.objects.filter(coach=_coach(request))[:100]]
    return InvitationList(items=rows, count=len(rows))


@router.post("/invitations/{int:invitation_id}/withdraw", response={204: None, **ERRORS})
def withdraw_invitation(request: HttpRequest, invitation_id: int) -> Status[None]:
    invitation = Invitation.objects.filter(pk=invitation_id, coach=_coach(request)).first()
    if invitation is None:
        raise HttpError(404, _("No such invitation of yours."))
    try:
        services.withdraw(invitation)
    except services.CoachingError as exc:
        raise HttpError(409, said(str(exc))) from None
    return Status(204, None)


def _open_invitation(code: str) -> Invitation:
    invitation = services.find_invitation(code)
    if invitation is None or invitation.kind != Invitation.Kind.CLIENT:
        raise HttpError(404, _("That code is not one we know."))
    return invitation


@router.post(
    "/invitations/{code}/accept", response={201: LinkOut, **ERRORS}, summary="Accept a coach's invitation"
)
def accept_invitation(request: HttpRequest, code: str) -> Status[LinkOut]:
    user = _user(request)
    try:
        link = services.accept(_open_invitation(code), user)
    except services.CoachingError as exc:
        raise HttpError(409, said(str(exc))) from None
    assert isinstance(link, Link)
    return Status(
        201,
        LinkOut(
            link=link.pk, coach=services.display_name(link.coach), started_at=link.started_at.isoformat()
        ),
    )


@router.post("/invitations/{code}/decline", response={204: None, **ERRORS})
def decline_invitation(request: HttpRequest, code: str) -> Status[None]:
    user = _user(request)
    try:
        services.decline(_open_invitation(code), user)
    except services.CoachingError as exc:
        raise HttpError(409, said(str(exc))) from None
    return Status(204, None)


@router.get("/clients", response={200: ClientList, **ERRORS}, summary="Your clients, with alerts")
def list_clients(request: HttpRequest) -> ClientList:
    rows = board.summaries(board.coach_clients(_coach(request).pk))
    return ClientList(items=rows, count=len(rows))


@router.get("/clients/{int:link_id}", response={200: ClientDetailOut, **ERRORS}, summary="One client")
def client_detail(request: HttpRequest, link_id: int) -> ClientDetailOut:
    link = _link(request, link_id)
    (summary,) = board.summaries([link])
    assignments = link.assignments.select_related("program").prefetch_related("changes")
    if link.ended_at is not None:
        assignments = assignments.filter(created_at__lte=link.ended_at)
    return ClientDetailOut(
        **summary.model_dump(),
        sessions=board.client_sessions(link),
        assignments=[assignment_out(a, link) for a in assignments],
    )


@router.post("/clients/{int:link_id}/end", response={204: None, **ERRORS}, summary="Stop following a client")
def end_link(request: HttpRequest, link_id: int) -> Status[None]:
    services.end_link(_link(request, link_id), Link.Side.COACH)
    return Status(204, None)


@router.post("/clients/{int:link_id}/routines/preview", response={200: Composed, **ERRORS})
def preview_routine(request: HttpRequest, link_id: int, data: RoutineIn) -> Composed:
    """The composer's estimate and warnings, without saving."""
    link = _link(request, link_id)
    try:
        return services.compose(data.items, services.client_limits(link.client)).composed
    except services.CoachingError as exc:
        raise HttpError(422, said(str(exc))) from None


@router.post("/clients/{int:link_id}/routines", response={201: AssignmentOut, **ERRORS})
def create_routine(request: HttpRequest, link_id: int, data: RoutineIn) -> Status[AssignmentOut]:
    link = _link(request, link_id)
    try:
        assignment = services.assign_routine(link, data, _coach(request))
    except services.CoachingError as exc:
        raise HttpError(409 if link.ended_at else 422, said(str(exc))) from None
    return Status(201, assignment_out(assignment, link))


@router.put("/clients/{int:link_id}/routines/{int:assignment_id}", response={200: AssignmentOut, **ERRORS})
def update_routine(request: HttpRequest, link_id: int, assignment_id: int, data: RoutineIn) -> AssignmentOut:
    """Change doses, swap variants, notes or frequency; the change log says what and who."""
    link = _link(request, link_id)
    assignment = link.assignments.filter(pk=assignment_id).first()
    if assignment is None:
        raise HttpError(404, _("No such assignment for this client."))
    try:
        services.update_routine(assignment, data, _coach(request))
    except services.CoachingError as exc:
        raise HttpError(409 if link.ended_at else 422, said(str(exc))) from None
    return assignment_out(assignment, link)


@router.post("/clients/{int:link_id}/programs", response={201: AssignmentOut, **ERRORS})
def assign_program(request: HttpRequest, link_id: int, data: ProgramIn) -> Status[AssignmentOut]:
    link = _link(request, link_id)
    try:
        assignment = services.assign_program(link, data, _coach(request))
    except services.CoachingError as exc:
        raise HttpError(409, said(str(exc))) from None
    return Status(201, assignment_out(assignment, link))
