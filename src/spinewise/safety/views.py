"""The safety screening's pages: the questions, what they lead to, a clearance, and the one-screen check."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from spinewise.accounts.auth import current_user
from spinewise.redirects import safe_next
from spinewise.safety.forms import ClearanceForm, ScreeningForm
from spinewise.safety.gate import QUICK_CHECK_KEY
from spinewise.safety.models import Screening
from spinewise.safety.screening import ADVICE, Urgency, outcome
from spinewise.safety.services import clear, record_screening


@login_required
@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record_screening(current_user(request), form.yes_keys(), source="web")
        url = reverse("safety:screening-result")
        target = safe_next(request, "")
        return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
    return render(request, "safety/screening.html", {"form": form, "next": safe_next(request, "")})


@login_required
@require_http_methods(["GET", "POST"])
def screening_result(request: HttpRequest) -> HttpResponse:
    last = Screening.objects.latest_for(current_user(request))
    if last is None:
        return redirect("safety:screening")
    advice = ADVICE[Urgency(last.urgency)]
    form = ClearanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not advice.may_exercise and form.is_valid():
        clear(last)
        messages.success(request, "Thank you. You can exercise again; start gently.")
        return redirect(safe_next(request, reverse("home")))
    return render(
        request,
        "safety/screening_result.html",
        {"screening": last, "advice": advice, "form": form, "next": safe_next(request, "")},
    )


@require_http_methods(["GET", "POST"])
def quick_check(request: HttpRequest) -> HttpResponse:
    """Quick relief without an account: the same questions on one screen, kept in this browser session."""
    if request.user.is_authenticated:
        return HttpResponseRedirect(
            f"{reverse('safety:screening')}?{urlencode({'next': safe_next(request, '')})}"
        )
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    advice = None
    if request.method == "POST" and form.is_valid():
        advice = outcome(form.yes_keys())
        if advice.may_exercise:
            request.session[QUICK_CHECK_KEY] = True
            if advice.urgency == Urgency.MENTION:
                messages.info(request, f"{advice.headline} {advice.action}")
            return redirect(safe_next(request, reverse("training:relief")))
        request.session.pop(QUICK_CHECK_KEY, None)
    return render(
        request, "safety/quick_check.html", {"form": form, "advice": advice, "next": safe_next(request, "")}
    )
