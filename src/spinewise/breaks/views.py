"""Desk mode's pages: settings, the next break for the in-page reminder, snooze and skip, the
break itself in the player, the record of a break taken, and the private calendar feed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spinewise.accounts.auth import current_user
from spinewise.accounts.models import Profile as AccountProfile
from spinewise.breaks import services
from spinewise.breaks.forms import DeskModeForm
from spinewise.breaks.ics import break_calendar
from spinewise.breaks.models import BreakTaken, DeskMode
from spinewise.breaks.schedule import current_slot
from spinewise.planning.request import RequestRefused, read_state
from spinewise.planning.vocabulary import Level, State
from spinewise.safety.gate import screening_cleared, screening_url
from spinewise.safety.services import stop_in_force, stopped_on
from spinewise.safety.words import advice_for
from spinewise.training.play import render_player
from spinewise.training.reports import json_errors, parse_report, parse_start

BREAK_KEY = "break"


def _desk_or_none(request: HttpRequest) -> DeskMode | None:
    return services.desk_mode_of(current_user(request))


@login_required
@require_http_methods(["GET", "POST"])
def desk_settings(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    desk = services.desk_mode_of(user)
    instance = desk or services.unsaved_desk_mode(user)
    form = DeskModeForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.user = user
        # New hours start afresh: no snooze or skip carried over.
        saved.snoozed_until = None
        saved.skipped_slot = None
        saved.save()
        services.remember_desk_on(request, saved.enabled)
        messages.success(request, _("Desk mode is saved.") if saved.enabled else _("Desk mode is off."))
        return redirect("breaks:settings")
    now = timezone.now()
    upcoming = desk.next_break(now) if desk is not None else None
    feed_url = (
        request.build_absolute_uri(reverse("breaks:feed", args=[desk.feed_token]))
        if desk is not None
        else None
    )
    return render(
        request,
        "breaks/settings.html",
        {"form": form, "desk": desk, "next_break": upcoming, "feed_url": feed_url},
    )


@login_required
@require_POST
def regenerate_feed(request: HttpRequest) -> HttpResponse:
    desk = _desk_or_none(request)
    if desk is None:
        messages.error(request, _("Save desk mode first: the calendar follows its hours."))
    else:
        services.regenerate_feed(desk)
        messages.success(request, _("A new calendar address is made; the old one no longer works."))
    return redirect("breaks:settings")


def _state_reply(desk: DeskMode | None, now: datetime) -> JsonResponse:
    data = services.reminder_state(desk, now)
    data["take_url"] = reverse("breaks:take")
    return JsonResponse(data)


@require_GET
def next_break(request: HttpRequest) -> HttpResponse:
    """The in-page reminder's schedule: desk mode on or off, the next break, the server's clock."""
    if not request.user.is_authenticated:
        return json_errors(403, [_("Desk mode is for signed-in people.")])
    return _state_reply(_desk_or_none(request), timezone.now())


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _answer(request: HttpRequest, desk: DeskMode, now: datetime, said: str) -> HttpResponse:
    if _wants_json(request):
        return _state_reply(desk, now)
    messages.success(request, said)
    return redirect("breaks:settings")


@require_POST
def snooze(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return json_errors(403, [_("Desk mode is for signed-in people.")])
    desk = _desk_or_none(request)
    if desk is None or not desk.enabled:
        return json_errors(409, [_("Desk mode is off: there is no break to put off.")])
    now = timezone.now()
    services.snooze(desk, now)
    return _answer(request, desk, now, _("The break is put off for 10 minutes."))


@require_POST
def skip(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return json_errors(403, [_("Desk mode is for signed-in people.")])
    desk = _desk_or_none(request)
    if desk is None or not desk.enabled:
        return json_errors(409, [_("Desk mode is off: there is no break to skip.")])
    now = timezone.now()
    due = None
    raw = request.POST.get("due", "")
    if raw:
        try:
            due = datetime.fromisoformat(raw[:40])
        except ValueError:
            return json_errors(400, [_("due: not a date and time")])
        if due.tzinfo is None:
            return json_errors(400, [_("due: needs a time zone")])
    services.skip(desk, now, due)
    return _answer(request, desk, now, _("This break is skipped; the next one comes as planned."))


def _stop_advice(request: HttpRequest) -> HttpResponse | None:
    stop = stop_in_force(current_user(request))
    if stop is None:
        return None
    advice = advice_for(stop.urgency)
    return render(
        request,
        "breaks/stopped.html",
        {"advice": advice, "since": stopped_on(stop), "safety_url": screening_url(request)},
    )


@login_required
@require_GET
def take(request: HttpRequest) -> HttpResponse:
    """The break now: a short routine for standing or a chair within the person's limits, in the
    player. A safety stop in force gives advice instead of a routine."""
    stopped = _stop_advice(request)
    if stopped is not None:
        return stopped
    return _take(request)


@screening_cleared
def _take(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    try:
        state = read_state(request.GET.get("state"))
    except RequestRefused as exc:
        return render(
            request, "breaks/refused.html", {"problems": [p.message for p in exc.problems]}, status=400
        )
    desk = services.desk_mode_of(user)
    now = timezone.now()
    slot = current_slot(desk.hours(), now, timedelta(minutes=desk.every)) if desk is not None else None
    stored = AccountProfile.objects.filter(user=user).first()
    usual = stored.planning_request() if stored is not None else None
    plan = services.plan_for(
        usual,
        state=state,
        minutes=desk.minutes if desk is not None else 2,
        at=now,
        slot=slot,
        recent=services.recent_moves(user, slot),
    )
    if plan.prescription is None or plan.request is None:
        refusal = _(plan.refusal) if plan.refusal else ""
        return render(request, "breaks/refused.html", {"problems": [refusal]}, status=422)
    profile = plan.request.profile()
    level = Level.BEGINNER if profile.state == State.FLARE_UP else profile.level
    return render_player(
        request,
        plan.prescription,
        level,
        name=_(services.BREAK_NAME),
        slug=None,
        speed=_speed(request),
        profile=profile,
        back_url=reverse("breaks:settings"),
        back_label=_("Desk mode"),
        save_url=reverse("breaks:taken"),
        notes=[_(note) for note in plan.notes],
        program={BREAK_KEY: slot.isoformat() if slot else ""},
        ask_pain=False,
    )


def _speed(request: HttpRequest) -> float:
    try:
        speed = float(request.GET.get("speed", "1"))
    except ValueError:
        return 1.0
    if speed != speed:  # NaN
        return 1.0
    return min(max(speed, 1.0), 1000.0)


def _reply(row: BreakTaken) -> dict[str, object]:
    return {
        "id": row.pk,
        "client_id": str(row.client_id) if row.client_id else None,
        "status": "complete" if row.finished else "partial",
        "url": reverse("breaks:taken-one", args=[row.pk]),
        "detail_url": reverse("progress:dashboard"),
    }


@require_POST
def taken(request: HttpRequest) -> HttpResponse:
    """The player starts a break: recorded once per client UUID (201, then 200 with the same row)."""
    if not request.user.is_authenticated:
        return json_errors(403, [_("Breaks are kept for signed-in people only.")])
    started = parse_start(request)
    if isinstance(started, JsonResponse):
        return started
    report, prescribed = started
    if BREAK_KEY not in prescribed.program:
        return json_errors(400, [_("token: this routine was not opened as a movement break")])
    user = current_user(request)
    again = BreakTaken.objects.filter(user=user, client_id=report.client_id).first()
    if again is not None:
        services.finish_break(again, report.finished_at)
        return JsonResponse(_reply(again), status=200)
    raw_slot = prescribed.program.get(BREAK_KEY) or ""
    try:
        slot = datetime.fromisoformat(raw_slot) if raw_slot else None
    except ValueError:
        slot = None
    try:
        row = services.record_break(
            user=user,
            source="web",
            prescription=prescribed.routine,
            started_at=report.started_at,
            finished_at=report.finished_at,
            slot=slot,
            client_id=report.client_id,
            name=prescribed.name,
        )
    except IntegrityError:
        # The same start raced itself (two requests at once): the other one made it.
        raced = BreakTaken.objects.filter(user=user, client_id=report.client_id).first()
        if raced is None:
            raise
        return JsonResponse(_reply(raced), status=200)
    return JsonResponse(_reply(row), status=201)


@require_POST
def taken_one(request: HttpRequest, pk: int) -> HttpResponse:
    """Later reports of a break: only its finish is kept."""
    row = None
    if request.user.is_authenticated:
        row = BreakTaken.objects.filter(pk=pk, user=current_user(request)).first()
    if row is None:
        return json_errors(404, [_("No such break of yours.")])
    report = parse_report(request)
    if isinstance(report, JsonResponse):
        return report
    if report.finished_at is not None and report.finished_at < row.started_at:
        return json_errors(400, [_("finished_at is before the break started")])
    services.finish_break(row, report.finished_at)
    return JsonResponse(_reply(row))


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: anyone with the address may read it, so it says only when to move.

    A phone's calendar fetches it without a session, so it speaks its owner's language: the one
    saved in their profile, else the one the request asks for (the owner downloading it from
    their browser), else English."""
    desk = DeskMode.objects.filter(feed_token=token).first() if len(token) <= 64 else None
    if desk is None:
        raise Http404("No such calendar.")
    stored = AccountProfile.objects.filter(user_id=desk.user_id).values_list("language", flat=True).first()
    owners = stored if stored in dict(settings.LANGUAGES) else ""
    with translation.override(owners or translation.get_language() or settings.LANGUAGE_CODE):
        body = break_calendar(
            desk.hours() if desk.enabled else None,
            minutes=desk.minutes,
            today=timezone.now().astimezone(desk.hours().zone).date(),
            take_url=request.build_absolute_uri(reverse("breaks:take")),
            owner=desk.user_id,
            zone_name=desk.time_zone,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="spinewise-breaks.ics"'
    # Its address is the secret: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
