"""`{% assigned_routines %}`: what a person's coaches assigned them, for their own pages (one query)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy, pgettext_lazy

from spinewise.coaching.models import Assignment
from spinewise.coaching.words import ChangeWords

register = template.Library()


@register.inclusion_tag("coaching/_assigned.html", takes_context=True)
def assigned_routines(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"assigned": []}
    rows = Assignment.objects.filter(link__client=user, link__ended_at__isnull=True).only(
        "pk", "kind", "name", "per_week"
    )
    return {"assigned": list(rows)}


# A home test's verdict and a session's status, as the coach's board shows them.
_VERDICT_WORDS = {
    "improved": gettext_lazy("improved"),
    "worsened": gettext_lazy("worsened"),
    "within-error": gettext_lazy("within error"),
    "unknown": gettext_lazy("cannot tell"),
}
_STATUS_WORDS = {
    "complete": pgettext_lazy("session status", "complete"),
    "partial": pgettext_lazy("session status", "partial"),
}


@register.filter
def verdict_words(value: object) -> str:
    """A verdict's value ("within-error") in the page's language."""
    key = str(getattr(value, "value", value))
    return str(_VERDICT_WORDS.get(key, key))


@register.filter
def session_status(value: object) -> str:
    """A session's status ("complete", "partial") in the page's language."""
    key = str(getattr(value, "value", value))
    return str(_STATUS_WORDS.get(key, key))


@register.filter
def change_lines(lines: list[str]) -> list[str]:
    """A change's lines (kept in English) in the page's language."""
    return ChangeWords().lines(lines or [])
