from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.translation import gettext

from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.planning.vocabulary import label_any
from spinewise.training.words import said_all, say

register = template.Library()


@register.simple_tag
def pain_limit() -> int:
    """How much pain during the exercises is acceptable (out of 10): the pain rule's one figure."""
    return ACCEPTABLE_PAIN


@register.filter
def minutes(seconds: int) -> str:
    """260 -> "4 min 20 s"; 540 -> "9 min"."""
    mins, secs = divmod(int(seconds), 60)
    if mins and secs:
        return gettext("%(min)s min %(s)s s") % {"min": mins, "s": secs}
    if mins:
        return gettext("%(min)s min") % {"min": mins}
    return gettext("%(s)s s") % {"s": secs}


@register.filter
def note_for(notes: Mapping[str, str] | None, slug: str) -> str:
    """A routine's own note on one of its items (by exercise), or nothing."""
    return (notes or {}).get(slug, "")


@register.filter
def plain(value: object) -> str:
    """A vocabulary value in everyday words: "lumbar-spine" -> "Lower back (lumbar spine)"."""
    # The vocabulary marks its English words (gettext_noop); they are translated here, where shown.
    return gettext(label_any(str(getattr(value, "value", value))))


@register.filter
def plain_list(values: object) -> str:
    """A list of vocabulary values in everyday words, joined by commas."""
    items = values if isinstance(values, list | tuple) else list(values)  # type: ignore[call-overload]
    return ", ".join(plain(v) for v in items)


@register.filter
def said(texts: object) -> list[str]:
    """The planner's sentences (planning.words.Said) in the page's language."""
    if not texts:
        return []
    return said_all(texts if isinstance(texts, list | tuple) else [texts])


@register.filter
def dose_text(dose: object) -> str:
    """A dose in the page's language: "3 x 8 reps per side"."""
    return say(dose.describe())  # type: ignore[attr-defined]
