"""The front page; for a signed-in person, today's shortcuts across training, programs and safety."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from spinewise.accounts.auth import current_user
from spinewise.accounts.services import profile_for
from spinewise.programs.services import current_enrolment, local_today, plan_for
from spinewise.safety.services import stop_in_force
from spinewise.training.models import Favourite, Session


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html")
    user = current_user(request)
    favourites = list(Favourite.objects.filter(user=user, routine__retired=False).select_related("routine"))
    recent = list(Session.objects.filter(user=user).order_by("-started_at")[:3])
    enrolment = current_enrolment(user)
    plan = plan_for(enrolment, local_today(user)) if enrolment is not None else None
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
        },
    )
