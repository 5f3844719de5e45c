"""Coaching's words that depend on the reader's language: an exercise's name and a dose.

The stored routine keeps slugs and numbers; these give the words at the moment a page, a handout
or the API shows them, in the active language (English by default).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spinewise.library.models import Exercise
from spinewise.planning.model import Dose


def dose_words(dose: Dose) -> str:
    """A dose as people read it: "2 x 10 reps per side", "hold 20 s", in the active language."""
    if dose.kind == "reps":
        what = ngettext("%(n)s rep", "%(n)s reps", dose.reps or 0) % {"n": dose.reps}
    elif dose.kind == "hold":
        what = _("hold %(n)s s") % {"n": dose.hold_seconds}
    else:
        what = _("%(n)s s") % {"n": dose.duration_seconds}
    if dose.per_side:
        what = _("%(dose)s per side") % {"dose": what}
    if dose.sets > 1:
        what = _("%(sets)s x %(dose)s") % {"sets": dose.sets, "dose": what}
    return what


def exercise_names(slugs: Iterable[str]) -> dict[str, str]:
    """{slug: name} in the active language for these exercises (one query; English when the
    language is not declared or the exercise has no translation)."""
    lang = translation.get_language() or "en"
    names: dict[str, str] = {}
    for slug, name, translations in Exercise.objects.filter(slug__in=set(slugs)).values_list(
        "slug", "name", "translations"
    ):
        texts = (translations or {}).get(lang) or {}
        names[slug] = texts.get("name") or name
    return names
