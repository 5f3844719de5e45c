"""Quick relief: minutes, equipment, positions to avoid and today's state -> a routine to play."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from spinewise.accounts.forms import QuickReliefForm
from spinewise.accounts.safety import screening_cleared
from spinewise.accounts.services import profile_for
from spinewise.planning.model import Profile
from spinewise.planning.planner import Unplannable
from spinewise.planning.vocabulary import Equipment, Focus, Level, Preference, State, expand_avoided
from spinewise.training.services import build_routine, today_seed


@screening_cleared
def relief(request: HttpRequest) -> HttpResponse:
    """The form (no parameters yet), or the routine it asks for."""
    profile = profile_for(request.user) if isinstance(request.user, User) else None
    if "minutes" not in request.GET:
        initial = {"minutes": 9, "state": State.STIFF.value}
        if profile is not None:
            initial.update(minutes=profile.usual_minutes, equipment=profile.equipment, avoid=profile.avoid)
        return render(request, "training/relief.html", {"form": QuickReliefForm(initial=initial)})
    form = QuickReliefForm(request.GET)
    if not form.is_valid():
        return render(request, "training/relief.html", {"form": form}, status=400)
    data = form.cleaned_data
    planner_profile = Profile(
        level=Level(profile.level) if profile else Level.BEGINNER,
        equipment=frozenset(Equipment(e) for e in data["equipment"]),
        avoid=expand_avoided(data["avoid"]),
        state=State(data["state"]),
        # "My back hurts now": quick relief always aims at relief, whatever the profile's usual focus.
        focus=Focus.RELIEF,
        prefer=Preference(profile.prefer) if profile is not None and profile.prefer else None,
    )
    seed = today_seed()
    error = None
    planned = None
    try:
        planned = build_routine(planner_profile, data["minutes"], seed)
    except Unplannable as exc:
        error = str(exc)
    params = {
        "minutes": data["minutes"],
        "level": planner_profile.level.value,
        "equipment": ",".join(data["equipment"]) or "none",
        "avoid": ",".join(data["avoid"]),
        "state": data["state"],
        "focus": Focus.RELIEF.value,
        "seed": seed,
    }
    if planner_profile.prefer is not None:
        params["prefer"] = planner_profile.prefer.value
    return render(
        request,
        "training/relief_routine.html",
        {
            "form": form,
            "planned": planned,
            "error": error,
            "play_url": f"{reverse('play:plan')}?{urlencode(params)}",
        },
    )
