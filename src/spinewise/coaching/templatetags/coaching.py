"""`{% assigned_routines %}`: what a person's coaches assigned them, for their own pages (one query)."""

from __future__ import annotations

from typing import Any

from django import template

from spinewise.coaching.models import Assignment

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
