"""The safety screening's pages: the questions, what they lead to, the stop that holds and its
clearance (a dated clinician visit), and the one-screen check without an account."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spinewise.accounts.auth import current_user
from spinewise.redirects import safe_next
from spinewise.safety.forms import ClearanceForm, ScreeningForm
from spinewise.safety.gate import (
    QUICK_CHECK_KEY,
    BrowserStop,
    browser_stop,
    keep_browser_stop,
    lift_browser_stop,
)
from spinewise.safety.models import Screening
from spinewise.safety.screening import (
    Advice,
    ClearanceError,
    Urgency,
    check_clearance,
    outcome,
    stops,
)
from spinewise.safety.screening import urgency_in_force as standing_after
from spinewise.safety.services import record_clearance, record_screening, stop_in_force, stopped_on
from spinewise.safety.words import advice_for


def _cleared() -> str:
    return _("Thank you: the visit is recorded. You can exercise again; start gently.")


def _not_recorded(since: date, visit: date, today: date) -> str:
    """Why a visit date cannot lift the stop of `since`, in the reader's language."""
    if visit > today:
        return _("Not recorded: the visit date %(visit)s is in the future.") % {"visit": visit.isoformat()}
    return _(
        "Not recorded: the visit on %(visit)s was before the safety check of %(since)s that asked you to"
        " see someone; a clinician needs to have seen you since."
    ) % {"visit": visit.isoformat(), "since": since.isoformat()}


def _with_next(url: str, request: HttpRequest) -> str:
    target = safe_next(request, "")
    return f"{url}?{urlencode({'next': target})}" if target else url


def _stop_page(
    request: HttpRequest,
    template: str,
    advice: Advice,
    since: date,
    form: ClearanceForm | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The stop in force: its advice and date, the clearance step, and "I have new symptoms"."""
    today = timezone.localdate()
    target = safe_next(request, "")
    signed_in = isinstance(request.user, User)
    asks = reverse("safety:screening" if signed_in else "safety:quick-check")
    context = {
        "advice": advice,
        "stopped_on": since,
        "clearance": form or ClearanceForm(stopped_on=since, today=today),
        "clearance_url": reverse("safety:clearance" if signed_in else "safety:quick-clearance"),
        "next": target,
        "new_symptoms_url": f"{asks}?{urlencode({'new': 1, **({'next': target} if target else {})})}",
        **extra,
    }
    return render(request, template, context, status=status)


def _clearance(request: HttpRequest, since: date) -> tuple[ClearanceForm, date | None, str]:
    """The clearance form as posted; the visit date and name when they can lift a stop of `since`."""
    today = timezone.localdate()
    form = ClearanceForm(request.POST, stopped_on=since, today=today)
    if not form.is_valid():
        return form, None, ""
    visit: date = form.cleaned_data["visit_date"]
    try:
        check_clearance(since, visit, today)
    except ClearanceError:
        form.add_error("visit_date", _not_recorded(since, visit, today))
        return form, None, ""
    return form, visit, form.cleaned_data["cleared_by"]


# ---------------------------------------------------------------- with an account


@login_required
@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if request.method == "GET" and "new" not in request.GET:
        stop = stop_in_force(user)
        if stop is not None:
            return _stop_page(request, "safety/screening.html", advice_for(stop.urgency), stopped_on(stop))
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record_screening(user, form.yes_keys(), source="web")
        return redirect(_with_next(reverse("safety:screening-result"), request))
    return render(request, "safety/screening.html", {"form": form, "next": safe_next(request, "")})


@login_required
@require_GET
def screening_result(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    last = Screening.objects.latest_for(user)
    if last is None:
        return redirect("safety:screening")
    stop = stop_in_force(user)
    if stop is not None:
        return _stop_page(
            request,
            "safety/screening_result.html",
            advice_for(stop.urgency),
            stopped_on(stop),
            screening=last,
            answered=advice_for(last.urgency) if last.pk != stop.pk else None,
        )
    return render(
        request,
        "safety/screening_result.html",
        {"screening": last, "advice": advice_for(last.urgency), "next": safe_next(request, "")},
    )


@login_required
@require_POST
def clearance(request: HttpRequest) -> HttpResponse:
    """Record the clinician visit that lifts the stop in force (and any given before the visit)."""
    user = current_user(request)
    stop = stop_in_force(user)
    if stop is None:
        return redirect(_with_next(reverse("safety:screening-result"), request))
    since = stopped_on(stop)
    form, visit, who = _clearance(request, since)
    if visit is None:
        return _stop_page(request, "safety/screening.html", advice_for(stop.urgency), since, form, status=400)
    record_clearance(stop, visit, who)
    if stop_in_force(user) is not None:  # a stop given after that visit still holds
        return redirect(_with_next(reverse("safety:screening"), request))
    messages.success(request, _cleared())
    return redirect(safe_next(request, reverse("home")))


# ---------------------------------------------------------------- without an account


@require_http_methods(["GET", "POST"])
def quick_check(request: HttpRequest) -> HttpResponse:
    """Quick relief without an account: the same questions on one screen. A stop is kept in this
    browser for a day; answering again within it can only raise it."""
    if isinstance(request.user, User):
        return HttpResponseRedirect(_with_next(reverse("safety:screening"), request))
    held = browser_stop(request)
    if request.method == "GET" and held is not None and "new" not in request.GET:
        return _stop_page(request, "safety/quick_check.html", advice_for(held.urgency), held.since)
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    if not (request.method == "POST" and form.is_valid()):
        return render(request, "safety/quick_check.html", {"form": form, "next": safe_next(request, "")})
    answered = advice_for(outcome(form.yes_keys()).urgency)
    today = timezone.localdate()
    standing = standing_after(
        held.urgency if held else None, held.since if held else None, answered.urgency, today
    )
    if not stops(standing.urgency):
        request.session[QUICK_CHECK_KEY] = True
        if answered.urgency == Urgency.MENTION:
            messages.info(request, f"{answered.headline} {answered.action}")
        return redirect(safe_next(request, reverse("training:relief")))
    request.session.pop(QUICK_CHECK_KEY, None)
    response = _stop_page(
        request,
        "safety/quick_check.html",
        advice_for(standing.urgency),
        standing.since,
        answered=answered if standing.held else None,
    )
    keep_browser_stop(response, BrowserStop(standing.urgency, standing.since))
    return response


@require_POST
def quick_clearance(request: HttpRequest) -> HttpResponse:
    """Lift this browser's stop with a clinician visit since it was given."""
    held = browser_stop(request)
    if held is None:
        return redirect(_with_next(reverse("safety:quick-check"), request))
    form, visit, _ = _clearance(request, held.since)
    if visit is None:
        return _stop_page(
            request, "safety/quick_check.html", advice_for(held.urgency), held.since, form, status=400
        )
    request.session[QUICK_CHECK_KEY] = True
    messages.success(request, _cleared())
    response = redirect(safe_next(request, reverse("training:relief")))
    lift_browser_stop(response)
    return response
