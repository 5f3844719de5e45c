"""The front page (a way in for each person; for a signed-in person, today), the guided first visit,
the coaches' explainer and the glossary."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.library.models import Exercise
from spinewise.planning.vocabulary import GLOSSARY, LABELS, Direction, Position, Target
from spinewise.programs import services as programs
from spinewise.programs.forms import EnrolForm
from spinewise.programs.models import Program
from spinewise.safety.services import stop_in_force
from spinewise.training.models import Favourite, Session
from spinewise.web import onboarding

# The exercises the front page shows moving, in this order, when the library has their figures.
SHOWCASE = ("cat-cow", "pelvic-tilts", "bridge", "childs-pose")


def _showcase() -> list[Exercise]:
    found = {ex.slug: ex for ex in Exercise.objects.active().filter(slug__in=SHOWCASE)}
    shown = [found[slug] for slug in SHOWCASE if slug in found and found[slug].has_figure]
    if len(shown) < 2:
        extra = [ex for ex in Exercise.objects.active().order_by("name")[:40] if ex.has_figure]
        shown += [ex for ex in extra if ex not in shown]
    return shown[:3]


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html", {"showcase": _showcase()})
    user = current_user(request)
    favourites = list(Favourite.objects.filter(user=user, routine__retired=False).select_related("routine"))
    recent = list(Session.objects.filter(user=user).order_by("-started_at")[:3])
    enrolment = programs.current_enrolment(user)
    plan = programs.plan_for(enrolment, programs.local_today(user)) if enrolment is not None else None
    return render(
        request,
        "today.html",
        {
            "favourites": favourites,
            "recent": recent,
            "profile": profile_for(user),
            # Whether a stop holds was read with the user (web.backends); the stop itself only then.
            "stop": stop_in_force(user) if getattr(user, "stop_held", True) else None,
            "plan": plan,
            "next": plan.next_workout if plan else None,
            "setup": onboarding.resume_step(request),
        },
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the hashed static file."""
    return redirect(static("spinewise/favicon.ico"))


@require_GET
def coaches(request: HttpRequest) -> HttpResponse:
    return render(request, "web/coaches.html")


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    words = [
        ("Positions", LABELS[Position]),
        ("Parts of the body", LABELS[Target]),
        ("Directions of the back", LABELS[Direction]),
    ]
    return render(request, "web/glossary.html", {"glossary": sorted(GLOSSARY.items()), "words": words})


# --- The guided first visit -------------------------------------------------------------------------


@login_required
@require_GET
def welcome(request: HttpRequest) -> HttpResponse:
    """Back to where the person left the path (the today page's "Continue setting up")."""
    step = onboarding.resume_step(request)
    if step is None:
        return redirect("home")
    return redirect(step.url_name)


@login_required
@require_GET
def welcome_tests(request: HttpRequest) -> HttpResponse:
    onboarding.remember(request, "tests")
    query = urlencode({"kind": "baseline", "next": reverse("welcome-program")})
    return render(
        request, "web/welcome_tests.html", {"tests_url": f"{reverse('assessments:battery')}?{query}"}
    )


def _program_words(program: Program) -> str:
    price = (
        f"first {program.free_workouts} workouts free, then lifetime access" if program.is_paid else "free"
    )
    return (
        f"{program.name}: {program.weeks} week{'s' if program.weeks != 1 else ''},"
        f" {program.workouts_per_week} a week, up to {program.minutes} min ({price})"
    )


class ProgramChoiceField(forms.ModelChoiceField[Program]):
    def label_from_instance(self, obj: Program) -> str:
        return _program_words(obj)


class ChooseProgramForm(forms.Form):
    program = ProgramChoiceField(
        queryset=Program.objects.none(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        label="Which program?",
        empty_label=None,
        error_messages={
            "required": "Choose a program, or skip this step.",
            "invalid_choice": "Choose a program.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, ProgramChoiceField)
        field.queryset = Program.objects.active()


@login_required
@require_GET
def welcome_program(request: HttpRequest) -> HttpResponse:
    onboarding.remember(request, "program")
    form = ChooseProgramForm(request.GET if request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect(
            f"{reverse('welcome-schedule')}?{urlencode({'program': form.cleaned_data['program'].slug})}"
        )
    current = programs.current_enrolment(current_user(request))
    return render(
        request,
        "web/welcome_program.html",
        {"form": form, "current": current},
        status=400 if form.is_bound else 200,
    )


class ReminderForm(forms.Form):
    reminder_time = forms.TimeField(
        required=False,
        label="Reminder time",
        help_text="The time of day your calendar reminds you of a workout. Leave empty for none.",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Enter a time such as 07:30."},
    )


@login_required
@require_http_methods(["GET", "POST"])
def welcome_schedule(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("program") if request.method == "POST" else request.GET.get("program")
    if not slug:
        return redirect("welcome-program")
    program = get_object_or_404(Program.objects.active(), slug=str(slug)[:60])
    onboarding.remember(request, "schedule")
    user = current_user(request)
    profile = profile_for(user)
    today = programs.local_today(user)
    data = request.POST if request.method == "POST" else None
    enrol_form = EnrolForm(
        data,
        initial={
            "start": today,
            "weekdays": [str(d) for d in programs.default_weekdays(program.workouts_per_week, profile.days)],
        },
        per_week=program.workouts_per_week,
    )
    reminder_form = ReminderForm(data, initial={"reminder_time": profile.reminder_time})
    if request.method == "POST" and enrol_form.is_valid() and reminder_form.is_valid():
        try:
            programs.enrol(
                user,
                program,
                enrol_form.start_value(),
                enrol_form.cleaned_data["weekdays"],
                switch=enrol_form.cleaned_data["switch"],
                today=today,
            )
        except programs.SwitchNeeded as exc:
            enrol_form.add_error("switch", f"{exc} Tick the box to confirm, or skip this step.")
        except programs.EnrolError as exc:
            enrol_form.add_error(None, str(exc))
        else:
            profile.reminder_time = reminder_form.cleaned_data["reminder_time"]
            profile.save(update_fields=["reminder_time"])
            onboarding.remember(request, "calendar")
            messages.success(request, f"You are enrolled in {program.name}.")
            return redirect("welcome-calendar")
    current = programs.current_enrolment(user)
    return render(
        request,
        "web/welcome_schedule.html",
        {
            "program": program,
            "enrol_form": enrol_form,
            "reminder_form": reminder_form,
            "current": current if current is not None and current.program_id != program.pk else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def welcome_calendar(request: HttpRequest) -> HttpResponse:
    onboarding.remember(request, "calendar")
    user = current_user(request)
    enrolment = programs.current_enrolment(user)
    return render(
        request,
        "web/welcome_calendar.html",
        {"enrolment": enrolment, "reminder": profile_for(user).reminder_time},
    )


@login_required
@require_POST
def welcome_done(request: HttpRequest) -> HttpResponse:
    """Leave the path (at its end, or "skip the rest"): the today page from now on."""
    onboarding.finish(request)
    messages.success(request, "You are set up. This page shows what is due each day.")
    return redirect("home")
