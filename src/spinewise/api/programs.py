"""Programs: the catalogue, enrolment, the schedule, today's workout (pain first, then the pain
rule's workout), pause and resume, and the calendar file. Every rule is the programs app's:
access to paid workouts, the pain rule, the safety pause, one program at a time."""

from datetime import date
from typing import Any, Literal, cast
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from spinewise.accounts.services import profile_for
from spinewise.api.auth import user_of
from spinewise.api.routines import gate
from spinewise.api.sessions import Saved
from spinewise.api.shapes import language, localized_routine, plain_slug, private, public, relayed, said
from spinewise.library.i18n import localized
from spinewise.planning.adapt import NothingSafe
from spinewise.planning.progression import Decision
from spinewise.planning.schedule import WEEKDAY_NAMES, parse_weekdays
from spinewise.programs import services, views, workouts
from spinewise.programs.ics import calendar_download
from spinewise.programs.models import Program
from spinewise.training.prescriptions import Prescribed, sign
from spinewise.training.schema import RoutineJSON, WebReport

router = Router(tags=["programs"])

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ProgramOut(Schema):
    slug: str
    name: str
    summary: str
    access: str
    free_workouts: int
    weeks: int
    workouts_per_week: int
    minutes: int
    total_workouts: int


class EnrolIn(Schema):
    start: date | None = Field(default=None, description="default: today, in the person's time zone")
    weekdays: list[Weekday] | None = Field(
        default=None, max_length=7, description="default: the profile's days"
    )
    switch: bool = Field(default=False, description="end the current program (its history stays)")


class WorkoutOut(Schema):
    number: int
    week: int
    name: str
    summary: str
    day: date
    status: str
    is_test: bool
    session_id: int | None


class ScheduleOut(Schema):
    program: ProgramOut
    start_date: date
    weekdays: list[Weekday]
    status: str
    paused: bool
    today: date
    streak: int
    best_streak: int
    next_workout: int | None
    workouts: list[WorkoutOut]


class WorkoutToday(Schema):
    """A workout for the person now: "pain now" first, then the pain rule's routine with its token."""

    workout: WorkoutOut
    refused: str | None = Field(description="why it cannot be played (locked, paid, paused), if so")
    pain_needed: bool
    name: str | None = None
    routine: RoutineJSON | None = None
    reasons: list[str] = []
    token: str | None = Field(default=None, description="start it with POST .../workouts/{number}/sessions")


class PainIn(Schema):
    pain: int = Field(ge=0, le=10, description="how much the back hurts now, 0 to 10")
    client_id: UUID | None = None


class VerdictOut(Schema):
    decision: str
    reasons: list[str]
    paused: bool


def _program_out(p: Program) -> ProgramOut:
    return ProgramOut(
        slug=p.slug,
        name=p.name,
        summary=p.summary,
        access=p.access,
        free_workouts=p.free_workouts,
        weeks=p.weeks,
        workouts_per_week=p.workouts_per_week,
        minutes=p.minutes,
        total_workouts=p.total_workouts,
    )


def _workout_out(w: services.Workout) -> WorkoutOut:
    return WorkoutOut(
        number=w.number,
        week=w.week,
        name=w.name,
        summary=w.summary,
        day=w.day,
        status=w.status.value,
        is_test=w.is_test,
        session_id=w.session_id,
    )


def _plan(request: HttpRequest) -> services.Plan:
    user = user_of(request)
    enrolment = services.current_enrolment(user)
    if enrolment is None:
        raise HttpError(404, _("You are not following a program: enrol in one first."))
    # The program's words (its name, the workouts' names and notes) in the response's language.
    enrolment.program = localized(enrolment.program, language())
    return services.plan_for(enrolment, services.local_today(user))


def _no_such_workout(plan: services.Plan) -> str:
    return _("%(program)s has workouts 1 to %(count)s.") % {
        "program": plan.program.name,
        "count": len(plan.workouts),
    }


def _schedule(plan: services.Plan) -> ScheduleOut:
    nxt = plan.next_workout
    return ScheduleOut(
        program=_program_out(plan.program),
        start_date=plan.enrolment.start_date,
        weekdays=[cast(Weekday, WEEKDAY_NAMES[d]) for d in plan.enrolment.weekdays],
        status=plan.enrolment.status,
        paused=plan.paused,
        today=plan.today,
        streak=plan.streak.current,
        best_streak=plan.streak.best,
        next_workout=nxt.number if nxt else None,
        workouts=[_workout_out(w) for w in plan.workouts],
    )


@router.get("/", response=public(list[ProgramOut]), summary="The programs on offer", auth=None)
@paginate
def list_programs(request: HttpRequest) -> list[ProgramOut]:
    lang = language()
    return [_program_out(localized(p, lang)) for p in Program.objects.active()]


@router.post(
    "/{slug}/enrol",
    response={201: ScheduleOut, **private(ScheduleOut, 400, 404, 409, status=201)},
    summary="Enrol in a program",
)
def enrol(request: HttpRequest, slug: str, body: EnrolIn) -> Status[ScheduleOut]:
    """One program at a time: while another is followed this is 409 unless `switch` is true."""
    user = user_of(request)
    program = get_object_or_404(Program.objects.active(), slug=plain_slug(slug))
    today = services.local_today(user)
    days = (
        parse_weekdays(body.weekdays)
        if body.weekdays is not None
        else services.default_weekdays(program.workouts_per_week, profile_for(user).days)
    )
    try:
        services.enrol(user, program, body.start or today, days, switch=body.switch, today=today)
    except services.SwitchNeeded as exc:
        raise HttpError(
            409, _("%(reason)s Send switch: true to end it and start this one.") % {"reason": said(str(exc))}
        ) from None
    except services.EnrolError as exc:
        raise HttpError(400, said(str(exc))) from None
    return Status(201, _schedule(_plan(request)))


@router.get("/current", response=private(ScheduleOut, 404), summary="The schedule of the current program")
def schedule(request: HttpRequest) -> ScheduleOut:
    return _schedule(_plan(request))


def _workout_today(request: HttpRequest, plan: services.Plan, number: int) -> WorkoutToday:
    if not 1 <= number <= len(plan.workouts):
        raise HttpError(404, _no_such_workout(plan))
    workout = plan.workout(number)
    refused = services.refusal(plan, number)
    out = WorkoutToday(workout=_workout_out(workout), refused=refused, pain_needed=False)
    if refused is not None:
        return out
    gate(request)
    user = user_of(request)
    read = workouts.readings(user, plan.enrolment)
    if read.pain_now is None:
        return out.model_copy(update={"pain_needed": True})
    try:
        prepared = workouts.prepare(user, plan, number, read)
    except NothingSafe as exc:
        raise HttpError(422, said(str(exc))) from None
    name = _("%(program)s: %(workout)s (workout %(number)s)") % {
        "program": plan.program.name,
        "workout": workout.name,
        "number": number,
    }
    routine = localized_routine(prepared.prescription)
    # What the server prepared is what may be saved: the pain rule's decision travels signed.
    link = {
        "enrolment": plan.enrolment.pk,
        "number": number,
        "dose_week": prepared.dose_week,
        "decision": prepared.verdict.decision.value,
        "reasons": prepared.reasons,
    }
    token = sign(Prescribed(name=name, slug=None, routine=routine, program=link), user.pk)
    reasons = [said(reason) for reason in prepared.reasons]
    return out.model_copy(update={"name": name, "routine": routine, "reasons": reasons, "token": token})


@router.get(
    "/current/today",
    response=private(WorkoutToday, 404, 422),
    summary="Today's workout (or the next one due)",
)
def today(request: HttpRequest) -> WorkoutToday:
    plan = _plan(request)
    nxt = plan.next_workout
    if nxt is None:
        raise HttpError(404, _("Every workout of this program is done."))
    return _workout_today(request, plan, nxt.number)


@router.get(
    "/current/workouts/{int:number}",
    response=private(WorkoutToday, 404, 422),
    summary="One workout for today",
)
def workout(request: HttpRequest, number: int) -> WorkoutToday:
    return _workout_today(request, _plan(request), number)


@router.post(
    "/current/workouts/{int:number}/pain",
    response=private(VerdictOut, 404),
    summary="Pain now, before a workout: the pain rule decides it",
)
def pain(request: HttpRequest, number: int, body: PainIn) -> VerdictOut:
    plan = _plan(request)
    if not 1 <= number <= len(plan.workouts):
        raise HttpError(404, _no_such_workout(plan))
    refused = services.refusal(plan, number)
    if refused is not None:
        raise HttpError(403, refused)
    gate(request)
    user = user_of(request)
    workouts.record_pain_now(user, body.pain, client_id=body.client_id)
    verdict = workouts.apply_rule(user, plan)
    return VerdictOut(
        decision=verdict.decision.value,
        reasons=[said(reason) for reason in verdict.reasons],
        paused=verdict.decision == Decision.PAUSE,
    )


@router.post(
    "/current/workouts/{int:number}/sessions",
    response={201: Saved, **private(Saved, 400, 404, 409)},
    summary="Start a program workout from its token",
)
def start_workout(request: HttpRequest, number: int, body: WebReport) -> Status[Any]:
    """As POST /sessions/, with the token from GET .../workouts/{number} (or /today): checked
    again here (access, the workout's place in the program)."""
    user_of(request)
    return relayed(views.workout_start(request, number))


@router.post("/current/pause", response=private(ScheduleOut, 404), summary="Pause the program")
def pause(request: HttpRequest) -> ScheduleOut:
    plan = _plan(request)
    services.pause(plan.enrolment, plan.today)
    return _schedule(_plan(request))


@router.post("/current/resume", response=private(ScheduleOut, 404, 409), summary="Resume the program")
def resume(request: HttpRequest) -> ScheduleOut:
    """After a pause for pain or a red flag, only once a new safety check allows exercise (409)."""
    plan = _plan(request)
    try:
        services.resume(plan.enrolment, plan.today)
    except services.ResumeRefused as exc:
        raise HttpError(409, said(str(exc))) from None
    return _schedule(_plan(request))


@router.get(
    "/current/calendar.ics",
    response=private(str, 404),
    summary="The calendar file (iCalendar) of the program's workouts",
    openapi_extra={
        "responses": {
            200: {
                "description": "text/calendar",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def calendar_file(request: HttpRequest) -> HttpResponse:
    plan = _plan(request)
    return calendar_download(request, plan, user_of(request))
