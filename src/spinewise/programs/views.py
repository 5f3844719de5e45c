"""Program pages: the catalogue, enrolment, the schedule, a workout (pain first, then the player), access codes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.accounts.stamps import page_valid_until
from spinewise.library.i18n import localized, localized_plan
from spinewise.planning.adapt import NothingSafe
from spinewise.planning.progression import Decision
from spinewise.programs import services, workouts
from spinewise.programs.access import RedeemError, has_access, offer, redeem
from spinewise.programs.build import place
from spinewise.programs.forms import EnrolForm, PainForm, RedeemForm
from spinewise.programs.ics import calendar_download
from spinewise.programs.models import PainCheck, Pause, Program
from spinewise.redirects import safe_next
from spinewise.safety.gate import screening_cleared
from spinewise.safety.models import Screening
from spinewise.safety.services import stop_in_force
from spinewise.safety.words import advice_for
from spinewise.training.play import record_start, refuse_nothing_safe, render_player
from spinewise.training.reports import json_errors, parse_start
from spinewise.training.words import say

# The words a program's levels and equipment are shown with (the content keeps their codes).
LEVEL_WORDS = {
    "beginner": pgettext_lazy("level", "beginner"),
    "intermediate": pgettext_lazy("level", "intermediate"),
    "advanced": pgettext_lazy("level", "advanced"),
}
EQUIPMENT_WORDS = {
    "foam-roller": gettext_lazy("foam roller"),
    "chair": gettext_lazy("chair"),
    "towel": gettext_lazy("towel"),
    "strap": gettext_lazy("strap"),
    "band": gettext_lazy("resistance band"),
    "bench": gettext_lazy("bench"),
}


def _lang() -> str:
    return translation.get_language() or "en"


def _client_ip(request: HttpRequest) -> str | None:
    value = request.META.get("REMOTE_ADDR")
    return str(value) if value else None


@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    programs = [localized(p, lang) for p in Program.objects.active()]
    current = services.current_enrolment(current_user(request)) if request.user.is_authenticated else None
    context = {
        "programs": programs,
        "current": current,
        "current_name": localized(current.program, lang).name if current is not None else "",
    }
    return render(request, "programs/list.html", context)


def _week_table(program: Program) -> list[dict[str, Any]]:
    file = program.file
    rows = []
    for number in range(1, program.total_workouts + 1):
        where = place(file, number)
        rows.append(
            {
                "number": number,
                "week": where.week,
                "name": where.workout.name,
                "summary": where.workout.summary,
                "is_test": number in file.test_workouts,
                "free": not program.is_paid or number <= program.free_workouts,
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(Program.objects.active(), slug=slug)
    signed_in = request.user.is_authenticated
    current = services.current_enrolment(current_user(request)) if signed_in else None
    lifetime = has_access(request.user, program)
    form = None
    if signed_in:
        user = current_user(request)
        today = services.local_today(user)
        initial = {
            "start": today,
            "weekdays": [
                str(d) for d in services.default_weekdays(program.workouts_per_week, profile_for(user).days)
            ],
        }
        form = EnrolForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            per_week=program.workouts_per_week,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.enrol(
                    user,
                    program,
                    form.start_value(),
                    form.cleaned_data["weekdays"],
                    switch=form.cleaned_data["switch"],
                    today=today,
                )
            except services.SwitchNeeded as exc:
                form.add_error(
                    "switch",
                    _("%(problem)s Tick the box to confirm, or keep going with %(name)s.")
                    % {"problem": exc, "name": localized(exc.current.program, _lang()).name},
                )
            except services.EnrolError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("You are enrolled in %(name)s. Here is your schedule.")
                    % {"name": localized(program, _lang()).name},
                )
                return redirect("programs:current")
    elif request.method == "POST":
        return redirect(f"{reverse('login')}?next={request.path}")
    status = 400 if form is not None and form.is_bound and form.errors else 200
    shown = localized(program, _lang())
    file = shown.file
    return render(
        request,
        "programs/detail.html",
        {
            "program": shown,
            "file": file,
            "levels": [LEVEL_WORDS.get(str(level), str(level)) for level in file.levels],
            "equipment": [EQUIPMENT_WORDS.get(str(e), str(e)) for e in file.equipment],
            "rows": _week_table(shown),
            "form": form,
            "current": current,
            "current_name": localized(current.program, _lang()).name if current is not None else "",
            "lifetime": lifetime,
        },
        status=status,
    )


def _plan_or_redirect(request: HttpRequest) -> services.Plan | HttpResponse:
    user = current_user(request)
    enrolment = services.current_enrolment(user)
    if enrolment is None:
        messages.info(request, _("You are not following a program yet: choose one to start."))
        return redirect("programs:list")
    return services.plan_today(user, enrolment)


def _with_plan(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pass the person's current program plan to the view; without one, send them to the catalogue."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = _plan_or_redirect(request)
        if isinstance(plan, HttpResponse):
            return plan
        return view(request, plan, *args, **kwargs)

    return wrapper


def _safety_advice(request: HttpRequest, plan: services.Plan) -> Any:
    """A safety pause shows what the latest safety check advised (after a pain pause, whether to take it)."""
    pause = plan.open_pause
    if pause is None or pause.reason == Pause.Reason.CHOSEN:
        return None
    if pause.reason != Pause.Reason.RED_FLAG:
        return None
    # The stop in force, not the latest answers: answering again never lifts a stop.
    user = current_user(request)
    screening = stop_in_force(user) or Screening.objects.latest_for(user)
    if screening is not None:
        return advice_for(screening.urgency)
    return None


@login_required
@require_GET
@_with_plan
def current(request: HttpRequest, plan: services.Plan) -> HttpResponse:
    weeks: dict[int, list[services.Workout]] = {}
    for workout in plan.workouts:
        weeks.setdefault(workout.week, []).append(workout)
    return render(
        request,
        "programs/current.html",
        {
            "plan": plan,
            "weeks": sorted(weeks.items()),
            "next": plan.next_workout,
            "advice": _safety_advice(request, plan),
            "scale": range(11),
            "morning_form": PainForm(),
        },
    )


@login_required
@require_GET
@_with_plan
def calendar_file(request: HttpRequest, plan: services.Plan) -> HttpResponse:
    return calendar_download(request, plan, current_user(request))


@login_required
@screening_cleared
@require_GET
@_with_plan
def workout(request: HttpRequest, plan: services.Plan, number: int) -> HttpResponse:
    """A workout's page: what unlocking gives when it is locked; else pain now, then the workout and why."""
    user = current_user(request)
    refused = services.refusal(plan, number)
    context: dict[str, Any] = {
        "plan": plan,
        "number": number,
        "refused": refused,
        "advice": _safety_advice(request, plan),
    }
    if refused is not None:
        context["workout"] = plan.workout(number) if 1 <= number <= len(plan.workouts) else None
        if context["workout"] is not None and context["workout"].status == services.Status.PAID:
            # The honest paywall: what unlocking gives, the price and where to buy, and the code form.
            context["offer"] = offer(plan.program)
            context["redeem_form"] = RedeemForm()
        status = 404 if context["workout"] is None else 403
        return render(request, "programs/workout.html", context, status=status)
    context["workout"] = plan.workout(number)
    kind = services.test_kind(plan, number)
    if kind is not None:
        here = reverse("programs:workout", args=[number])
        context["tests_url"] = f"{reverse('assessments:battery')}?{urlencode({'kind': kind, 'next': here})}"
        context["tests_done"] = services.tests_taken(plan, kind)
    read = workouts.readings(user, plan.enrolment)
    if read.pain_now is None:
        context["pain_form"] = PainForm()
        return render(request, "programs/workout.html", context)
    try:
        prepared = workouts.prepare(user, plan, number, read)
    except NothingSafe as exc:
        return refuse_nothing_safe(request, _("workout %(number)s") % {"number": number}, exc)
    context["prepared"] = prepared
    # The exercises named in the page's language (the prescription itself keeps its slugs).
    context["shown_routine"] = localized_plan(prepared.routine, _lang())
    context["level_name"] = LEVEL_WORDS.get(str(prepared.level), str(prepared.level))
    return render(request, "programs/workout.html", context)


@login_required
@screening_cleared
@require_POST
@_with_plan
def workout_pain(request: HttpRequest, plan: services.Plan, number: int) -> HttpResponse:
    """Record "pain now" before a workout; the pain rule then decides it (and may pause the program)."""
    refused = services.refusal(plan, number)
    if refused is not None:
        messages.error(request, refused)
        return redirect("programs:workout", number=number)
    form = PainForm(request.POST)
    if not form.is_valid():
        context = {"plan": plan, "number": number, "workout": plan.workout(number), "pain_form": form}
        return render(request, "programs/workout.html", context, status=400)
    user = current_user(request)
    workouts.record_pain_now(user, form.cleaned_data["pain"], client_id=form.cleaned_data["client_id"])
    verdict = workouts.apply_rule(user, plan)
    if verdict.decision == Decision.PAUSE:
        for reason in verdict.reasons:
            messages.warning(request, say(reason))
        return redirect("programs:current")
    return redirect("programs:workout", number=number)


@login_required
@screening_cleared
@require_GET
@_with_plan
def workout_play(request: HttpRequest, plan: services.Plan, number: int) -> HttpResponse:
    user = current_user(request)
    read = workouts.readings(user, plan.enrolment)
    if services.refusal(plan, number) is not None or read.pain_now is None:
        return redirect("programs:workout", number=number)
    # The page is prepared for that "pain now": it is not kept past the reading's freshness.
    page_valid_until(request, read.pain_now.at + workouts.PAIN_NOW_FRESH)
    try:
        prepared = workouts.prepare(user, plan, number, read)
    except NothingSafe as exc:
        return refuse_nothing_safe(request, _("workout %(number)s") % {"number": number}, exc)
    workout = plan.workout(number)
    return render_player(
        request,
        prepared.prescription,
        prepared.level,
        name=_("%(program)s: %(name)s (workout %(number)s)")
        % {"program": plan.program.name, "name": workout.name, "number": number},
        slug=None,
        speed=_speed(request),
        profile=prepared.limits,
        back_url=reverse("programs:workout", args=[number]),
        back_label=_("Workout %(number)s") % {"number": number},
        save_url=reverse("programs:start", args=[number]),
        pain_before=prepared.pain_now,
        notes=prepared.reasons,
        # What the server prepared is what the player may save: signed into the page's token.
        program={
            "enrolment": plan.enrolment.pk,
            "number": number,
            "dose_week": prepared.dose_week,
            "decision": prepared.verdict.decision.value,
            "reasons": prepared.reasons,
        },
    )


def _speed(request: HttpRequest) -> float:
    try:
        speed = float(request.GET.get("speed", "1"))
    except ValueError:
        return 1.0
    return min(max(speed, 1.0), 1000.0)


@screening_cleared
@require_POST
def workout_start(request: HttpRequest, number: int) -> HttpResponse:
    """The player starts a program workout: checked again on the server, then recorded and linked."""
    if not request.user.is_authenticated:
        return json_errors(403, [_("Sign in to follow a program.")])
    user = current_user(request)
    enrolment = services.current_enrolment(user)
    if enrolment is None:
        return json_errors(404, [_("You are not following a program.")])
    plan = services.plan_today(user, enrolment)
    refused = services.refusal(plan, number)
    if refused is not None:
        return json_errors(403, [refused])
    started = parse_start(request)
    if isinstance(started, JsonResponse):
        return started
    report, prescribed = started
    expected = prescribed.program
    if expected.get("enrolment") != enrolment.pk or expected.get("number") != number:
        return json_errors(409, [_("This workout was not opened from your program page: open it again.")])
    return record_start(
        request,
        report,
        prescribed,
        lambda data: workouts.start_workout(user, plan, number, data, expected, report.client_id),
    )


@login_required
@require_POST
@_with_plan
def pause_program(request: HttpRequest, plan: services.Plan) -> HttpResponse:
    services.pause(plan.enrolment, plan.today)
    messages.success(
        request, _("Your program is paused. Its dates will move on by the days it stays paused.")
    )
    return redirect("programs:current")


@login_required
@require_POST
@_with_plan
def resume_program(request: HttpRequest, plan: services.Plan) -> HttpResponse:
    try:
        services.resume(plan.enrolment, plan.today)
    except services.ResumeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Welcome back: your program carries on, with the later dates moved."))
    return redirect("programs:current")


@login_required
@require_POST
@_with_plan
def stop_program(request: HttpRequest, plan: services.Plan) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm you want to stop the program."))
        return redirect("programs:current")
    services.stop(plan.enrolment, plan.today)
    messages.success(
        request,
        _("You stopped %(name)s. Your sessions stay in your history.") % {"name": plan.program.name},
    )
    return redirect("programs:list")


@login_required
@require_POST
def morning_check(request: HttpRequest) -> HttpResponse:
    form = PainForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how much your back hurts this morning, from 0 to 10."))
    else:
        workouts.record_pain_now(
            current_user(request),
            form.cleaned_data["pain"],
            PainCheck.Kind.MORNING,
            client_id=form.cleaned_data["client_id"],
        )
        messages.success(request, _("Thank you: your next workout takes this morning's pain into account."))
    return redirect(safe_next(request, reverse("home")))


@login_required
@require_http_methods(["GET", "POST"])
def redeem_code(request: HttpRequest) -> HttpResponse:
    form = RedeemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = redeem(current_user(request), form.cleaned_data["code"], _client_ip(request))
        except RedeemError as exc:
            form.add_error("code", str(exc))
        else:
            user = current_user(request)
            enrolment = services.current_enrolment(user)
            if enrolment is not None and enrolment.program_id == done.program.pk:
                # Say which workouts are open now and when the others open: the schedule still holds.
                plan = services.plan_today(user, enrolment)
                opens = " ".join(services.what_opens(plan))
                messages.success(
                    request,
                    _(
                        "Lifetime access to %(name)s is yours: no workout needs a code any more, and each"
                        " opens on its day of your schedule."
                    )
                    % {"name": plan.program.name}
                    + (" " + opens if opens else ""),
                )
                return redirect(safe_next(request, reverse("programs:current")))
            messages.success(
                request,
                _(
                    "Lifetime access to %(name)s is yours. Start it when you are ready: its weeks open one"
                    " after another from the start date you choose."
                )
                % {"name": localized(done.program, _lang()).name},
            )
            return redirect(done.program.get_absolute_url())
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "programs/redeem.html", {"form": form, "next": safe_next(request)}, status=status)
