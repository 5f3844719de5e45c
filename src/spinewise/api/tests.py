"""Home tests and sittings: the battery's tests, a person's sittings, and recording one.

Values are in each test's stored unit (`unit`: cm or seconds), whatever the profile's units.
The same service as the battery page records them (assessments.services.record_assessment):
the same checks, all or nothing, and the same `client_id` answers the sitting already kept.
"""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from spinewise.api.auth import user_of
from spinewise.api.routines import gate
from spinewise.api.shapes import SLUG_PATTERN, language, private, public, said
from spinewise.assessments.models import Assessment, FunctionActivity, HomeTest
from spinewise.assessments.services import (
    AssessmentIn,
    AssessmentRefused,
    NewActivity,
    ResultIn,
    baseline_for,
    default_kind,
    record_assessment,
)
from spinewise.edge import Name, Note, SaneTime
from spinewise.library.i18n import localized

router = Router(tags=["home tests"])


class HomeTestOut(Schema):
    slug: str
    name: str
    summary: str
    purpose: str
    equipment: list[str]
    steps: list[str]
    measure: str
    unit: str
    sides: list[str]
    better: str
    max_value: float
    safety: list[str]


class ResultBody(Schema):
    test: str = Field(max_length=60, pattern=SLUG_PATTERN)
    side: Literal["", "left", "right"] = ""
    value: float = Field(ge=0, le=1_000_000)


class NewActivityBody(Schema):
    name: Name = Field(max_length=80)
    score: int = Field(ge=0, le=10)


class SittingIn(Schema):
    kind: Literal["baseline", "middle", "end", "check"] | None = Field(
        default=None, description="the first sitting is always the baseline"
    )
    note: Note = Field(default="", max_length=500)
    pain_now: int | None = Field(default=None, ge=0, le=10)
    pain_worst_week: int | None = Field(default=None, ge=0, le=10)
    stiffness: int | None = Field(default=None, ge=0, le=10)
    results: list[ResultBody] = Field(default_factory=list, max_length=20)
    ratings: dict[int, int] = Field(default_factory=dict, description="your activity id -> 0 to 10")
    new_activities: list[NewActivityBody] = Field(default_factory=list, max_length=5)
    taken_at: SaneTime | None = None
    client_id: UUID | None = None


class ResultOut(Schema):
    test: str
    side: str
    value: float


class RatingOut(Schema):
    activity_id: int
    activity: str
    score: int


class SittingOut(Schema):
    id: int
    kind: str
    taken_at: datetime
    note: str
    pain_now: int | None
    pain_worst_week: int | None
    stiffness: int | None
    baseline_id: int | None
    results: list[ResultOut]
    ratings: list[RatingOut]


class ActivityOut(Schema):
    id: int
    name: str


def _sitting_out(a: Assessment, with_baseline: bool = True) -> SittingOut:
    baseline = baseline_for(a) if with_baseline else None
    return SittingOut(
        id=a.pk,
        kind=a.kind,
        taken_at=a.taken_at,
        note=a.note,
        pain_now=a.pain_now,
        pain_worst_week=a.pain_worst_week,
        stiffness=a.stiffness,
        baseline_id=baseline.pk if baseline is not None and baseline.pk != a.pk else None,
        results=[ResultOut(test=r.test.slug, side=r.side, value=r.value) for r in a.results.all()],
        ratings=[
            RatingOut(activity_id=r.activity_id, activity=r.activity.name, score=r.score)
            for r in a.ratings.all()
        ],
    )


def _sittings(user: Any) -> Any:
    return (
        Assessment.objects.filter(user=user)
        .prefetch_related("results__test", "ratings__activity")
        .order_by("-taken_at", "-pk")
    )


@router.get("/", response=public(list[HomeTestOut]), summary="The home tests of the battery", auth=None)
@paginate
def list_tests(request: HttpRequest) -> Any:
    lang = language()
    return [localized(test, lang) for test in HomeTest.objects.active()]


@router.get(
    "/activities", response=private(list[ActivityOut]), summary="The person's named activities (PSFS)"
)
@paginate
def activities(request: HttpRequest) -> Any:
    return FunctionActivity.objects.filter(user=user_of(request), retired=False).order_by("pk")


@router.get("/sittings", response=private(list[SittingOut]), summary="The person's sittings, newest first")
@paginate
def list_sittings(request: HttpRequest) -> list[SittingOut]:
    return [_sitting_out(a, with_baseline=False) for a in _sittings(user_of(request))]


@router.get("/sittings/{int:sitting_id}", response=private(SittingOut, 404), summary="One sitting")
def sitting(request: HttpRequest, sitting_id: int) -> SittingOut:
    found = _sittings(user_of(request)).filter(pk=sitting_id).first()
    if found is None:
        raise HttpError(404, _("No such sitting of yours."))
    return _sitting_out(found)


@router.post(
    "/sittings",
    response={201: SittingOut, **private(SittingOut, 400)},
    summary="Record a sitting: tests, questionnaires, activities",
)
def record(request: HttpRequest, body: SittingIn) -> Status[SittingOut]:
    """Sent again with the same `client_id`, the sitting already kept answers (200)."""
    gate(request)
    user = user_of(request)
    if body.client_id is not None:
        done = _sittings(user).filter(client_id=body.client_id).first()
        if done is not None:
            return Status(200, _sitting_out(done))
    has_any = Assessment.objects.filter(user=user).exists()
    data = AssessmentIn(
        kind=default_kind(body.kind, has_any),
        note=body.note,
        pain_now=body.pain_now,
        pain_worst_week=body.pain_worst_week,
        stiffness=body.stiffness,
        results=[ResultIn(r.test, r.side, r.value) for r in body.results],
        ratings=body.ratings,
        new_activities=[NewActivity(n.name, n.score) for n in body.new_activities],
        taken_at=body.taken_at,
    )
    try:
        saved = record_assessment(user, data, body.client_id)
    except AssessmentRefused as exc:
        raise HttpError(400, " ".join(said(problem) for problem in exc.problems)) from None
    return Status(201, _sitting_out(_sittings(user).get(pk=saved.pk)))
