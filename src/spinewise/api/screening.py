"""The safety screening: its questions, answering them, the standing in force, and clearance.

The same rules as the pages (safety.services): answering again never lifts a stop, and only a
dated clinician visit on or after the stop (not in the future) clears it.
"""

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from spinewise.api.auth import user_of
from spinewise.api.shapes import private, public, said
from spinewise.safety.gate import may_exercise
from spinewise.safety.models import Screening
from spinewise.safety.screening import QUESTIONS, ClearanceError, Urgency
from spinewise.safety.services import record_clearance, record_screening, stop_in_force, stopped_on
from spinewise.safety.words import advice_for, group_name, question_text

router = Router(tags=["safety screening"])


class QuestionOut(Schema):
    key: str
    text: str
    group: str
    follows: list[str] = Field(description="ask only when all of these were answered yes")


class AnswersIn(Schema):
    yes: list[str] = Field(default_factory=list, max_length=len(QUESTIONS), description="keys answered yes")


class AdviceOut(Schema):
    urgency: int
    urgency_name: str
    headline: str
    action: str
    may_exercise: bool


class StopOut(Schema):
    advice: AdviceOut
    since: date


class StandingOut(Schema):
    """Where the person stands: whether they may exercise, the stop in force, the latest answers."""

    screened: bool
    may_exercise: bool
    stop: StopOut | None
    latest: AdviceOut | None
    latest_at: datetime | None


class ClearanceIn(Schema):
    visit_date: date
    cleared_by: str = Field(default="", max_length=120, description="who assessed you, if you like")


def _advice(urgency: int) -> AdviceOut:
    a = advice_for(urgency)
    return AdviceOut(
        urgency=int(a.urgency),
        urgency_name=Urgency(urgency).name.lower(),
        headline=a.headline,
        action=a.action,
        may_exercise=a.may_exercise,
    )


def standing(request: HttpRequest) -> StandingOut:
    user = user_of(request)
    stop = stop_in_force(user)
    latest = Screening.objects.latest_for(user)
    return StandingOut(
        screened=latest is not None,
        may_exercise=may_exercise(request),
        stop=StopOut(advice=_advice(stop.urgency), since=stopped_on(stop)) if stop else None,
        latest=_advice(latest.urgency) if latest else None,
        latest_at=latest.created_at if latest else None,
    )


@router.get("/questions", response=public(list[QuestionOut]), summary="The screening's questions", auth=None)
def questions(request: HttpRequest) -> list[QuestionOut]:
    return [
        QuestionOut(key=q.key, text=question_text(q), group=group_name(q.group), follows=list(q.follows))
        for q in QUESTIONS
    ]


@router.get("/", response=private(StandingOut), summary="The current standing: stop and clearance")
def current(request: HttpRequest) -> StandingOut:
    return standing(request)


@router.post("/", response={201: StandingOut, **private(StandingOut, 400)}, summary="Answer the screening")
def answer(request: HttpRequest, body: AnswersIn) -> Status[StandingOut]:
    """Every question not listed in `yes` is a "no". A stop in force holds whatever the answers."""
    keys = {q.key for q in QUESTIONS}
    unknown = sorted(set(body.yes) - keys)
    if unknown:
        raise HttpError(
            400,
            _("yes: unknown question keys %(keys)s (see /screening/questions)")
            % {"keys": ", ".join(unknown)},
        )
    record_screening(user_of(request), body.yes, source="web")
    return Status(201, standing(request))


@router.post(
    "/clearance",
    response=private(StandingOut, 400, 409),
    summary="Record the clinician visit that lifts a stop",
)
def clearance(request: HttpRequest, body: ClearanceIn) -> StandingOut:
    stop = stop_in_force(user_of(request))
    if stop is None:
        raise HttpError(409, _("No stop is in force: there is nothing to clear."))
    try:
        record_clearance(stop, body.visit_date, body.cleared_by)
    except ClearanceError as exc:
        raise HttpError(400, _("visit_date: not recorded: %(reason)s") % {"reason": said(str(exc))}) from None
    return standing(request)
