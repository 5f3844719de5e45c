"""Who may start a routine: the safety screening gate, for accounts and for quick relief.

Signed in, the stop in force is the stored one (`services.stop_in_force`), never the latest
answers alone. Without an account nothing about the person is stored: a stop is kept in a
signed cookie of that browser for a day, with its urgency and date, and a passed check in
the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from spinewise.safety.models import STOPPING, Screening
from spinewise.safety.screening import Urgency, stops

QUICK_CHECK_KEY = "quick_check_passed"
STOP_COOKIE = "spinewise_stop"
STOP_SALT = "spinewise.safety.quick-stop"
STOP_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class BrowserStop:
    """A quick check's stop, as this browser remembers it."""

    urgency: Urgency
    since: date


def browser_stop(request: HttpRequest) -> BrowserStop | None:
    """The stop kept in this browser's signed cookie, if it is there, untampered and under a day old."""
    raw = request.get_signed_cookie(STOP_COOKIE, default=None, salt=STOP_SALT, max_age=STOP_MAX_AGE)
    if raw is None:
        return None
    try:
        urgency, since = raw.split("|")
        stop = BrowserStop(Urgency(int(urgency)), date.fromisoformat(since))
    except ValueError:
        return None
    return stop if stops(stop.urgency) else None


def keep_browser_stop(response: HttpResponse, stop: BrowserStop) -> None:
    response.set_signed_cookie(
        STOP_COOKIE,
        f"{int(stop.urgency)}|{stop.since.isoformat()}",
        salt=STOP_SALT,
        max_age=int(STOP_MAX_AGE.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def lift_browser_stop(response: HttpResponse) -> None:
    response.delete_cookie(STOP_COOKIE, samesite="Lax")


def may_exercise(request: HttpRequest) -> bool:
    """Signed in: a screening was taken and no stop is in force (uncleared), in one query.
    Anonymous: the one-screen check was passed in this browser session and no stop is kept."""
    if isinstance(request.user, User):
        # Read with the signed-in user at the request's start (web.backends): no query of its own.
        taken = getattr(request.user, "screening_taken", None)
        held = getattr(request.user, "stop_held", None)
        if taken is not None and held is not None:
            return bool(taken) and not held
        counts = Screening.objects.of(request.user).aggregate(
            taken=Count("id"), held=Count("id", filter=Q(urgency__in=STOPPING, cleared_at__isnull=True))
        )
        return bool(counts["taken"]) and not counts["held"]
    return bool(request.session.get(QUICK_CHECK_KEY)) and browser_stop(request) is None


def screening_url(request: HttpRequest) -> str:
    name = "safety:screening" if request.user.is_authenticated else "safety:quick-check"
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


def screening_cleared(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send the person to the safety screening until it allows them to exercise."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_exercise(request):
            return HttpResponseRedirect(screening_url(request))
        return view(request, *args, **kwargs)

    return wrapper
