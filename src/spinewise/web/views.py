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
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise
from spinewise.planning.vocabulary import GLOSSARY, LABELS, Direction, Position, Target
from spinewise.programs import services as programs
from spinewise.programs.forms import EnrolForm
from spinewise.programs.models import Enrolment, Program
from spinewise.safety.services import stop_in_force
from spinewise.training.history import titled
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
    lang = translation.get_language()
    return [localized(ex, lang) for ex in shown[:3]]


def _in_language(enrolment: Enrolment | None) -> Enrolment | None:
    """The enrolment with its program's texts (name, workouts) in the page's language."""
    if enrolment is not None:
        enrolment.program = localized(enrolment.program, translation.get_language())
    return enrolment


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html", {"showcase": _showcase()})
    user = current_user(request)
    lang = translation.get_language()
    favourites = list(Favourite.objects.filter(user=user, routine__retired=False).select_related("routine"))
    for favourite in favourites:
        favourite.routine = localized(favourite.routine, lang)
    recent = titled(Session.objects.filter(user=user).order_by("-started_at")[:3])
    enrolment = _in_language(programs.current_enrolment(user))
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
        (_("Positions"), {value: _(text) for value, text in LABELS[Position].items()}),
        (_("Parts of the body"), {value: _(text) for value, text in LABELS[Target].items()}),
        (_("Directions of the back"), {value: _(text) for value, text in LABELS[Direction].items()}),
    ]
    # The words in the page's language, in its alphabetical order.
    glossary = sorted(
        ((_(word), _(meaning)) for word, meaning in GLOSSARY.items()), key=lambda p: p[0].lower()
    )
    return render(request, "web/glossary.html", {"glossary": glossary, "words": words})


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
    program = localized(program, translation.get_language())
    price = (
        ngettext(
            "first %(n)s workout free, then lifetime access",
            "first %(n)s workouts free, then lifetime access",
            program.free_workouts,
        )
        % {"n": program.free_workouts}
        if program.is_paid
        else _("free")
    )
    weeks = ngettext("%(n)s week", "%(n)s weeks", program.weeks) % {"n": program.weeks}
    return _("%(name)s: %(weeks)s, %(per_week)s a week, up to %(minutes)s min (%(price)s)") % {
        "name": program.name,
        "weeks": weeks,
        "per_week": program.workouts_per_week,
        "minutes": program.minutes,
        "price": price,
    }


class ProgramChoiceField(forms.ModelChoiceField[Program]):
    def label_from_instance(self, obj: Program) -> str:
        return _program_words(obj)


class ChooseProgramForm(forms.Form):
    program = ProgramChoiceField(
        queryset=Program.objects.none(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        label=gettext_lazy("Which program?"),
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choose a program, or skip this step."),
            "invalid_choice": gettext_lazy("Choose a program."),
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
    current = _in_language(programs.current_enrolment(current_user(request)))
    return render(
        request,
        "web/welcome_program.html",
        {"form": form, "current": current},
        status=400 if form.is_bound else 200,
    )


class ReminderForm(forms.Form):
    reminder_time = forms.TimeField(
        required=False,
        label=gettext_lazy("Reminder time"),
        help_text=gettext_lazy(
            "The time of day your calendar reminds you of a workout. Leave empty for none."
        ),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": gettext_lazy("Enter a time such as 07:30.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def welcome_schedule(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("program") if request.method == "POST" else request.GET.get("program")
    if not slug:
        return redirect("welcome-program")
    program = get_object_or_404(Program.objects.active(), slug=str(slug)[:60])
    shown = localized(program, translation.get_language())
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
            enrol_form.add_error(
                "switch",
                _("%(reason)s Tick the box to confirm, or skip this step.") % {"reason": exc},
            )
        except programs.EnrolError as exc:
            enrol_form.add_error(None, str(exc))
        else:
            profile.reminder_time = reminder_form.cleaned_data["reminder_time"]
            profile.save(update_fields=["reminder_time"])
            onboarding.remember(request, "calendar")
            messages.success(request, _("You are enrolled in %(program)s.") % {"program": shown.name})
            return redirect("welcome-calendar")
    current = _in_language(programs.current_enrolment(user))
    return render(
        request,
        "web/welcome_schedule.html",
        {
            "program": shown,
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
    enrolment = _in_language(programs.current_enrolment(user))
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
    messages.success(request, _("You are set up. This page shows what is due each day."))
    return redirect("home")
