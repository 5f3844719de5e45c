"""Quick relief: minutes, equipment, positions to avoid and today's state -> a routine to play."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from spinewise.accounts.services import profile_for
from spinewise.planning.planner import Unplannable
from spinewise.planning.request import DEFAULT_MINUTES, PlanningRequest
from spinewise.planning.vocabulary import State
from spinewise.safety.gate import screening_cleared
from spinewise.training.forms import QuickReliefForm
from spinewise.training.services import build_routine
from spinewise.training.words import named_plan, refusal


@screening_cleared
def relief(request: HttpRequest) -> HttpResponse:
    """The form (no parameters yet), or the routine it asks for."""
    profile = profile_for(request.user) if isinstance(request.user, User) else None
    if "minutes" not in request.GET:
        initial = {"minutes": DEFAULT_MINUTES, "state": State.STIFF.value}
        if profile is not None:
            initial.update(minutes=profile.usual_minutes, equipment=profile.equipment, avoid=profile.avoid)
        return render(request, "training/relief.html", {"form": QuickReliefForm(initial=initial)})
    form = QuickReliefForm(request.GET)
    if not form.is_valid():
        return render(request, "training/relief.html", {"form": form}, status=400)
    asked = form.planning_request(profile.planning_request() if profile is not None else PlanningRequest())
    error = None
    planned = None
    try:
        # Its exercises named in the page's language (the planned routine itself is shared).
        planned = named_plan(build_routine(asked.profile(), asked.minutes, asked.seed))
    except Unplannable as exc:
        error = refusal(exc)
    return render(
        request,
        "training/relief_routine.html",
        {
            "form": form,
            "planned": planned,
            "error": error,
            "play_url": f"{reverse('play:plan')}?{urlencode(asked.query())}",
        },
    )
