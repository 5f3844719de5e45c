"""The first visit as one guided path: sign up -> safety check -> profile -> baseline tests -> choose a
program -> days and reminder time -> the calendar file.

The path lives in the person's web session ("onboarding": the key of the step to come back to), set
at sign-up and cleared at the end or when the person leaves the path. Each page of the path shows
where it stands and what comes next (templates/web/_steps.html, through `context`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "onboarding"


@dataclass(frozen=True)
class Step:
    key: str
    title: str | Promise  # shown in the page's language
    url_name: str
    views: frozenset[str]
    optional: bool = False


STEPS: tuple[Step, ...] = (
    Step("signup", _("Create your account"), "accounts:signup", frozenset({"accounts:signup"})),
    Step(
        "safety",
        _("Safety check"),
        "safety:screening",
        frozenset({"safety:screening", "safety:screening-result", "safety:clearance"}),
    ),
    Step("profile", _("Your profile"), "accounts:profile", frozenset({"accounts:profile"})),
    Step(
        "tests",
        _("Baseline tests"),
        "welcome-tests",
        frozenset({"welcome-tests", "assessments:battery", "assessments:result"}),
        optional=True,
    ),
    Step("program", _("Choose a program"), "welcome-program", frozenset({"welcome-program"}), optional=True),
    Step(
        "schedule",
        _("Days and reminder time"),
        "welcome-schedule",
        frozenset({"welcome-schedule"}),
        optional=True,
    ),
    Step("calendar", _("Your calendar"), "welcome-calendar", frozenset({"welcome-calendar"}), optional=True),
)
BY_KEY = {step.key: step for step in STEPS}


def step_for_view(view_name: str) -> int | None:
    for index, step in enumerate(STEPS):
        if view_name in step.views:
            return index
    return None


def in_onboarding(request: HttpRequest) -> bool:
    return SESSION_KEY in request.session


def remember(request: HttpRequest, key: str) -> None:
    """The step to come back to ("Continue setting up" on the today page)."""
    request.session[SESSION_KEY] = key


def finish(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def resume_step(request: HttpRequest) -> Step | None:
    key = request.session.get(SESSION_KEY)
    return BY_KEY.get(key) if isinstance(key, str) else None


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the step indicator on the pages of the path (a context processor)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    index = step_for_view(match.view_name)
    if index is None:
        return {}
    if index > 0 and not (request.user.is_authenticated and in_onboarding(request)):
        return {}
    following = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return {
        "onboarding": {
            "steps": [
                {"title": s.title, "state": "done" if i < index else "current" if i == index else "todo"}
                for i, s in enumerate(STEPS)
            ],
            "number": index + 1,
            "total": len(STEPS),
            "current": STEPS[index],
            "next": following,
        }
    }
