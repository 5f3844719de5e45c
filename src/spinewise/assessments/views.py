"""The home-test pages: the battery with its questionnaires, and one sitting's results."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.assessments.forms import BatteryForm
from spinewise.assessments.models import Assessment, FunctionActivity, HomeTest
from spinewise.assessments.services import AssessmentRefused, default_kind, record_assessment, report_for
from spinewise.redirects import safe_next
from spinewise.safety.gate import screening_cleared

RECENT = 5


@login_required
@screening_cleared
@require_http_methods(["GET", "POST"])
def battery(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    profile = profile_for(user)
    recent = list(Assessment.objects.filter(user=user).order_by("-taken_at", "-pk")[:RECENT])
    kind = default_kind(request.GET.get("kind"), bool(recent))
    form = BatteryForm(
        request.POST if request.method == "POST" else None,
        tests=list(HomeTest.objects.active()),
        activities=list(FunctionActivity.objects.filter(user=user, retired=False)),
        units=profile.units,
        first_assessment=not recent,
        initial={"kind": kind},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = record_assessment(user, form.to_input(), form.cleaned_data["client_id"])
        except AssessmentRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Saved. Here is how this sitting compares."))
            target = reverse("assessments:result", args=[assessment.pk])
            after = safe_next(request)
            return redirect(f"{target}?{urlencode({'next': after})}" if after else target)
    context = {
        "form": form,
        "recent": recent,
        "kind": kind,
        "next": safe_next(request),
        "speed": _speed(request),
    }
    return render(request, "assessments/battery.html", context)


def _speed(request: HttpRequest) -> float:
    """The stopwatches' clock speed (`?speed=`, 1 to 1000): faster only for demos and tests."""
    try:
        speed = float(request.GET.get("speed", "1"))
    except ValueError:
        return 1.0
    return min(max(speed, 1.0), 1000.0) if speed == speed else 1.0


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    profile = profile_for(user)
    try:
        report = report_for(user, pk, units=profile.units, sex=profile.sex, birth_year=profile.birth_year)
    except Assessment.DoesNotExist as exc:
        raise Http404("no such assessment") from exc
    context = {"report": report, "profile": profile, "next": safe_next(request)}
    return render(request, "assessments/result.html", context)
