"""Desk mode's pieces on other apps' pages: the in-page reminder (every page, when desk mode is
on) and the breaks on the progress page."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import User

from spinewise.breaks.models import DeskMode
from spinewise.breaks.services import weekly_counts

register = template.Library()


@register.inclusion_tag("breaks/_reminder_slot.html", takes_context=True)
def desk_reminder(context: template.Context) -> dict[str, Any]:
    """The reminder's markup and script for a signed-in person with desk mode on (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    on = isinstance(user, User) and DeskMode.objects.filter(user=user, enabled=True).exists()
    return {"on": on, "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("breaks/_progress.html")
def breaks_summary(user: User) -> dict[str, Any]:
    weeks = weekly_counts(user)
    return {
        "summary": {
            "weeks": weeks,
            "this_week": weeks[-1].count if weeks else 0,
            "total": sum(w.count for w in weeks),
            "desk_on": DeskMode.objects.filter(user=user, enabled=True).exists(),
        }
    }
