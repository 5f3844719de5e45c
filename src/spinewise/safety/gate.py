"""Who may start a routine: the safety screening gate, for accounts and for quick relief."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from spinewise.safety.models import Screening

QUICK_CHECK_KEY = "quick_check_passed"


def may_exercise(request: HttpRequest) -> bool:
    """Signed in: the latest screening allows exercise (or a clinician cleared it).
    Anonymous: the one-screen check was passed in this browser session."""
    if isinstance(request.user, User):
        screening = Screening.objects.latest_for(request.user)
        return screening is not None and screening.may_exercise
    return bool(request.session.get(QUICK_CHECK_KEY))


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
