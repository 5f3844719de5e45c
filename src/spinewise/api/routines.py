"""Routines: plan one from a request (the planner's own PlanningRequest), and the built-in ones,
fitted to the person's limits today. Each comes with the signed prescription token a session
starts from (POST /sessions/): the server never takes a routine from the client."""

from typing import Any

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from spinewise.accounts.services import profile_for
from spinewise.api.auth import user_of
from spinewise.api.shapes import SCREEN_FIRST, language, plain_slug, private, public, said
from spinewise.library.i18n import localized, localized_plan
from spinewise.planning.adapt import NothingSafe
from spinewise.planning.planner import Unplannable
from spinewise.planning.request import RequestRefused
from spinewise.safety.gate import may_exercise
from spinewise.training.forms import LimitsForm
from spinewise.training.models import Routine
from spinewise.training.play import limits_profile
from spinewise.training.prescriptions import MAX_AGE, Prescribed, sign
from spinewise.training.schema import RoutineJSON
from spinewise.training.services import build_routine, builtin_routines, fit_builtin, routine_json

router = Router(tags=["routines"])

_Text = Field(default=None, max_length=200)


class PlanIn(Schema):
    """What `spinewise routine` and the quick-relief form take; a field left out is the profile's."""

    minutes: int | str | None = Field(default=None, description="5 to 30")
    level: str | None = _Text
    equipment: list[str] | str | None = Field(default=None, description="'none' or a list of equipment")
    avoid: list[str] | str | None = Field(default=None, description="positions, or 'kneeling' and 'floor'")
    state: str | None = _Text
    focus: str | None = _Text
    prefer: str | None = _Text
    seed: int | str | None = None


class Prescription(Schema):
    """A routine to play: the items, what was changed for the person and why, and the token."""

    name: str
    slug: str | None
    routine: RoutineJSON
    item_notes: dict[str, str] = {}
    token: str = Field(description=f"send it to POST /api/v1/sessions/ within {MAX_AGE.days} days")


class BuiltInSummary(Schema):
    slug: str
    name: str
    description: str
    when: str
    total_seconds: int
    items: int


def gate(request: HttpRequest) -> None:
    """The safety screening's gate, as on every routine page: no prescription while a stop holds."""
    if not may_exercise(request):
        raise HttpError(403, str(SCREEN_FIRST))


def prescribed(
    request: HttpRequest, name: str, slug: str | None, routine: RoutineJSON, **extra: Any
) -> Prescription:
    token = sign(Prescribed(name=name, slug=slug, routine=routine), user_of(request).pk)
    return Prescription(name=name, slug=slug, routine=routine, token=token, **extra)


@router.get("/builtin", response=public(list[BuiltInSummary]), summary="The built-in routines", auth=None)
@paginate
def list_builtin(request: HttpRequest) -> list[BuiltInSummary]:
    lang = language()
    return [
        BuiltInSummary(
            slug=b.routine.slug,
            name=shown.name,
            description=shown.description,
            when=shown.when,
            total_seconds=b.planned.total_seconds,
            items=len(b.planned.items),
        )
        for b in builtin_routines()
        for shown in (localized(b.routine, lang),)
    ]


@router.get(
    "/builtin/{slug}",
    response=private(Prescription, 400, 404),
    summary="A built-in routine fitted to the person today",
)
def builtin(
    request: HttpRequest,
    slug: str,
    level: str | None = None,
    state: str | None = None,
    equipment: str | None = None,
    avoid: str | None = None,
) -> Prescription:
    """Adapted to the person's limits (the profile's, or `equipment`, `avoid` and `state` given
    here, comma-separated): each conflicting item swapped or left out, said in `routine.relaxed`."""
    gate(request)
    row = get_object_or_404(Routine.objects.active(), slug=plain_slug(slug))
    query = QueryDict(mutable=True)
    for name, value in (("level", level), ("state", state), ("equipment", equipment), ("avoid", avoid)):
        if value is not None:
            query[name] = value
    form = LimitsForm(query)
    if not form.is_valid():
        raise HttpError(400, "; ".join(form.problems()))
    profile = limits_profile(request, form)
    try:
        fitted = fit_builtin(row, profile)
    except NothingSafe as exc:
        raise HttpError(422, said(str(exc))) from None
    lang = language()
    return prescribed(
        request,
        localized(row, lang).name,
        row.slug,
        routine_json(localized_plan(fitted.planned, lang)),
        item_notes={slug: said(note) for slug, note in fitted.item_notes.items()},
    )


@router.post("/plan", response=private(Prescription), summary="Plan a routine from a request")
def plan(request: HttpRequest, body: PlanIn) -> Prescription:
    """The planner's routine for the request; what the body leaves out comes from the profile.
    Bad values are refused (422) naming the closest valid ones, as the command line does."""
    gate(request)
    given = {k: v for k, v in body.dict(exclude_unset=True).items() if v is not None}
    try:
        asked = profile_for(user_of(request)).planning_request(**given)
        planned = build_routine(asked.profile(), asked.minutes, asked.seed)
    except (RequestRefused, Unplannable) as exc:
        raise HttpError(422, said(str(exc))) from None
    name = _("%(minutes)s-minute routine") % {"minutes": asked.minutes}
    return prescribed(request, name, None, routine_json(localized_plan(planned, language())))
