"""The guided player's pages in the browser, and the two JSON endpoints that record its sessions.

The payload it plays is built in training.payload; its parameters are read by training.forms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError

from spinewise.accounts.auth import current_user
from spinewise.accounts.models import Profile as AccountProfile
from spinewise.library.i18n import localized
from spinewise.planning.adapt import NothingSafe
from spinewise.planning.model import Profile
from spinewise.planning.planner import Unplannable
from spinewise.planning.vocabulary import Level, State
from spinewise.safety.gate import screening_cleared
from spinewise.training import hooks
from spinewise.training.forms import LimitsForm, PlanForm, PlayerForm
from spinewise.training.models import Routine, Session
from spinewise.training.payload import player_payload
from spinewise.training.prescriptions import Prescribed, sign
from spinewise.training.reports import json_errors, parse_report, parse_start, saved_reply, session_in
from spinewise.training.schema import RoutineJSON, SessionIn, WebReport
from spinewise.training.services import (
    Fitted,
    ReportMismatch,
    build_routine,
    fit_builtin,
    fit_prescription_noting,
    record_session,
    routine_json,
    started_with,
    update_session,
)
from spinewise.training.words import minute_routine_name, refusal, say

_BROKEN_SNAPSHOT = gettext_noop(
    "Its stored routine is not one this site can play; start a new routine instead."
)


def _refuse(request: HttpRequest, title: str, problems: list[str], status: int) -> HttpResponse:
    return render(request, "training/play_error.html", {"title": title, "problems": problems}, status=status)


def _bad_parameters(request: HttpRequest, form: PlayerForm) -> HttpResponse:
    return _refuse(request, _("These settings do not work"), [say(p) for p in form.problems()], 400)


def limits_profile(request: HttpRequest, form: LimitsForm) -> Profile:
    """The person's limits for a fixed routine today (see LimitsForm): signed in, their profile's."""
    # Read, never made here: a GET must not write (and an account without a profile has no limits).
    stored = None
    if isinstance(request.user, User):
        try:
            stored = request.user.profile  # read with the user (accounts.backends)
        except AccountProfile.DoesNotExist:
            stored = None
    usual = stored.planning_request() if stored is not None else None
    return form.planning_request(usual).profile()


def refuse_nothing_safe(request: HttpRequest, name: str, exc: NothingSafe) -> HttpResponse:
    return _refuse(
        request,
        _("Nothing in %(name)s is safe for you today") % {"name": name},
        [
            refusal(exc),
            _("Try a routine planned for your limits instead, or change what you told us about today."),
        ],
        422,
    )


def render_player(
    request: HttpRequest,
    prescription: RoutineJSON,
    level: Level,
    *,
    name: str,
    slug: str | None,
    speed: float,
    profile: Profile | None = None,
    back_url: str,
    back_label: str,
    save_url: str | None = None,
    pain_before: int | None = None,
    notes: list[str] | None = None,
    item_notes: Mapping[str, str] | None = None,
    program: dict[str, Any] | None = None,
    ask_pain: bool = True,
    title: str | None = None,
    relaxed: list[str] | tuple[str, ...] | None = None,
) -> HttpResponse:
    """The player page; a program workout passes its own save URL, the "pain now" already given,
    and its place in the program, which the prescription token carries to the start. A movement
    break does not ask "pain now" (`ask_pain`). `name` is recorded with the session; `title` is
    what the page calls it (the name in the page's language), and `relaxed` the planner's notes as
    it made them (translatable), when the prescription's plain copies are not enough."""
    signed_in = request.user.is_authenticated
    payload = player_payload(
        prescription,
        level,
        name=title or name,
        slug=slug,
        profile=profile,
        relaxed=relaxed,
        save_url=(save_url or reverse("play:sessions")) if signed_in else None,
        # Asked of everyone (without an account the answers stay in the page: no save URL, no
        # token), except in a movement break.
        ask_pain_before=ask_pain,
        pain_before=pain_before,
        speed=speed,
        item_notes=item_notes,
    )
    if signed_in:
        prescribed = Prescribed(name=name, slug=slug, routine=prescription, program=program or {})
        payload["token"] = sign(prescribed, request.user.pk)
    context = {
        "payload": payload,
        "name": title or name,
        "items": payload["items"],
        "routine": payload["routine"],
        "signed_in": signed_in,
        "back_url": back_url,
        "back_label": back_label,
        "scale": range(11),
        "notes": [say(note) for note in notes or []],
    }
    return render(request, "training/player.html", context)


@screening_cleared
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    """A routine planned for the minutes, equipment and day given, then played."""
    form = PlanForm(request.GET)
    if not form.is_valid():
        return _bad_parameters(request, form)
    asked = form.planning_request()
    profile = asked.profile()
    try:
        planned = build_routine(profile, asked.minutes, asked.seed)
    except Unplannable as exc:
        return _refuse(request, _("No routine fits these settings"), [refusal(exc)], 422)
    # A flare-up day doses everything at its gentlest whatever the level; so do the variants.
    level = Level.BEGINNER if profile.state == State.FLARE_UP else profile.level
    return render_player(
        request,
        routine_json(planned),
        level,
        name=f"{asked.minutes}-minute routine",
        title=minute_routine_name(asked.minutes),
        relaxed=planned.relaxed,
        slug=None,
        speed=form.speed_value(),
        profile=profile,
        back_url=reverse("training:routines"),
        back_label=_("Routines"),
    )


def _play_fitted(
    request: HttpRequest,
    form: LimitsForm,
    prescription: RoutineJSON,
    profile: Profile,
    *,
    item_notes: Mapping[str, str] | None = None,
    name: str,
    slug: str | None,
    back_url: str,
    back_label: str,
    title: str | None = None,
    relaxed: list[str] | tuple[str, ...] | None = None,
) -> HttpResponse:
    # A flare-up day doses everything at its gentlest whatever the level; so do the variants.
    level = Level.BEGINNER if profile.state == State.FLARE_UP else profile.level
    return render_player(
        request,
        prescription,
        level,
        speed=form.speed_value(),
        profile=profile,
        item_notes=item_notes,
        name=name,
        slug=slug,
        back_url=back_url,
        back_label=back_label,
        title=title,
        relaxed=relaxed,
    )


def shown_notes(fitted: Fitted, shown: Routine) -> dict[str, str]:
    """The routine's own notes on the items left as they are, in the language of `shown` (the
    routine as the page shows it: localized)."""
    own = {str(i["exercise"]): str(i["note"]) for i in shown.items if i.get("note")}
    return {slug: own.get(slug, note) for slug, note in fitted.item_notes.items()}


@screening_cleared
@require_GET
def routine(request: HttpRequest, slug: str) -> HttpResponse:
    """A built-in routine at a level, each item at its own (seed) dose where it has one, adapted to
    the person's limits today: what changed, item by item, is said above the player."""
    row = get_object_or_404(Routine.objects.active(), slug=slug)
    form = LimitsForm(request.GET)
    if not form.is_valid():
        return _bad_parameters(request, form)
    profile = limits_profile(request, form)
    try:
        fitted = fit_builtin(row, profile)
    except NothingSafe as exc:
        return refuse_nothing_safe(request, localized(row, translation.get_language()).name, exc)
    shown = localized(row, translation.get_language())
    return _play_fitted(
        request,
        form,
        routine_json(fitted.planned),
        profile,
        item_notes=shown_notes(fitted, shown),
        name=row.name,
        title=shown.name,
        relaxed=fitted.planned.relaxed,
        slug=row.slug,
        back_url=reverse("training:routine", args=[row.slug]),
        back_label=shown.name,
    )


@login_required
@screening_cleared
@require_GET
def again(request: HttpRequest, session_id: int) -> HttpResponse:
    """A past session's routine as it was prescribed then (its snapshot), played again, adapted to
    the person's limits today."""
    past = get_object_or_404(Session, pk=session_id, user=request.user)
    form = LimitsForm(request.GET)
    if not form.is_valid():
        return _bad_parameters(request, form)
    try:
        snapshot = RoutineJSON.model_validate(past.prescription)
    except ValidationError:
        return _refuse(request, _("This session cannot be played again"), [_(_BROKEN_SNAPSHOT)], 422)
    profile = limits_profile(request, form)
    try:
        prescription, changed = fit_prescription_noting(snapshot, profile)
    except NothingSafe as exc:
        return refuse_nothing_safe(request, past.routine_name, exc)
    return _play_fitted(
        request,
        form,
        prescription,
        profile,
        name=past.routine_name,
        title=_session_title(past),
        relaxed=changed,
        slug=past.routine_slug or None,
        back_url=reverse("training:routines"),
        back_label=_("Routines"),
    )


def _session_title(past: Session) -> str:
    from spinewise.training.history import routine_titles
    from spinewise.training.words import session_title

    return session_title(past.routine_name, past.routine_slug, routine_titles())


@screening_cleared
@require_POST
def start_session(request: HttpRequest) -> HttpResponse:
    """Record a session as the player starts it (partial until a report finishes it)."""
    if not request.user.is_authenticated:
        return json_errors(
            403, [_("Sessions are kept for signed-in people only: an account keeps your history.")]
        )
    started = parse_start(request)
    if isinstance(started, JsonResponse):
        return started
    report, prescribed = started
    if prescribed.program:
        return json_errors(400, ["token: a program workout starts from its own page"])
    return record_start(
        request,
        report,
        prescribed,
        lambda data: record_session(data, current_user(request), report.client_id),
    )


def record_start(
    request: HttpRequest,
    report: WebReport,
    prescribed: Prescribed,
    record: Callable[[SessionIn], Session],
) -> HttpResponse:
    """Record a start once per client UUID: 201 the first time, 200 with the same session after."""
    assert report.client_id is not None
    user = current_user(request)
    again = started_with(user, report.client_id)
    if again is not None:
        return JsonResponse(saved_reply(again), status=200)
    data = session_in(report, prescribed.name, prescribed.slug, prescribed.routine)
    if isinstance(data, JsonResponse):
        return data
    try:
        session = record(data)
    except ReportMismatch as exc:
        return json_errors(400, [str(exc)])
    except IntegrityError:
        # The same start raced itself (two requests at once): the other one made it.
        again = started_with(user, report.client_id)
        if again is None:
            raise
        return JsonResponse(saved_reply(again), status=200)
    return JsonResponse(saved_reply(session), status=201)


@screening_cleared
@require_POST
def save_session(request: HttpRequest, session_id: int) -> HttpResponse:
    """Replace a session's report with the player's latest one; only its owner may."""
    session = None
    if request.user.is_authenticated:
        session = Session.objects.filter(pk=session_id, user=request.user).first()
    if session is None:
        return json_errors(404, [_("No such session of yours.")])
    locked = hooks.saving_refusal(session)
    if locked is not None:
        return json_errors(403, [locked])
    report = parse_report(request)
    if isinstance(report, JsonResponse):
        return report
    data = session_in(report, session.routine_name, session.routine_slug or None, session.prescription)
    if isinstance(data, JsonResponse):
        return data
    try:
        session = update_session(session, data)
    except ReportMismatch as exc:
        return json_errors(400, [str(exc)])
    return JsonResponse(saved_reply(session))
