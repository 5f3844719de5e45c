from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def minutes(seconds: int) -> str:
    """260 -> "4 min 20 s"; 540 -> "9 min"."""
    mins, secs = divmod(int(seconds), 60)
    if mins and secs:
        return f"{mins} min {secs} s"
    if mins:
        return f"{mins} min"
    return f"{secs} s"
