"""Desk mode's pieces on other apps' pages: the in-page reminder (every page, when desk mode is
on) and the breaks on the progress page."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import User

from spinewise.breaks.services import desk_on, weekly_counts

register = template.Library()


@register.inclusion_tag("breaks/_reminder_slot.html", takes_context=True)
def desk_reminder(context: template.Context) -> dict[str, Any]:
    """The reminder's markup and script for a signed-in person with desk mode on (no query: the
    session says, see services.desk_on)."""
    request = context.get("request")
    on = request is not None and desk_on(request)
    return {"on": on, "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("breaks/_progress.html")
def breaks_summary(user: User, time_zone: str = "") -> dict[str, Any]:
    """Finished breaks per week, counted in `time_zone` (the profile's, which the page has): one query."""
    weeks = weekly_counts(user, time_zone=time_zone or None)
    return {
        "summary": {
            "weeks": weeks,
            "this_week": weeks[-1].count if weeks else 0,
            "total": sum(w.count for w in weeks),
        }
    }
