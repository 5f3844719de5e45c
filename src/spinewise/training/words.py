"""The planner's words in the page's language: where `planning.words.Said` is translated.

The planner stays pure and writes English `Said` sentences; here each one's template goes
through gettext and is filled with its values, each translated in turn, and an exercise named
in it is named as the content names it in that language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from django.utils import translation
from django.utils.translation import gettext, ngettext

from spinewise.library import cache as content_cache
from spinewise.library.models import Exercise
from spinewise.library.translations import SOURCE
from spinewise.planning.model import Routine as PlannedRoutine
from spinewise.planning.words import ExerciseName, Said


def _names() -> dict[str, dict[str, str]]:
    """{slug: {language: name}} of every exercise, read once per content version."""
    out: dict[str, dict[str, str]] = {}
    for slug, translations in Exercise.objects.values_list("slug", "translations"):
        out[slug] = {
            lang: str(texts["name"]) for lang, texts in (translations or {}).items() if texts.get("name")
        }
    return out


def exercise_name(slug: str, english: str, lang: str | None = None) -> str:
    """An exercise's name in `lang` (the active language by default), else as given."""
    lang = lang or translation.get_language() or SOURCE
    if lang == SOURCE:
        return english
    return content_cache.derived("exercise-names", _names).get(slug, {}).get(lang, english)


def say(text: object, names: Mapping[str, str] | None = None) -> str:
    """`text` in the active language: a `Said` rebuilt from its translated template and values,
    an `ExerciseName` from the content (or `names`, {slug: name}, when given), a plain string
    through gettext (a constant the planner marked), anything else as it is."""
    if isinstance(text, Said):
        template = gettext(text.template)
        if not text.values:
            return template
        values = {key: say(value, names) for key, value in text.values.items()}
        try:
            return template % values
        except (KeyError, ValueError, TypeError):
            return str(text)
    if isinstance(text, ExerciseName):
        if names is not None and text.slug in names:
            return names[text.slug]
        return exercise_name(text.slug, str(text))
    if isinstance(text, str):
        return gettext(text) if text else text
    return str(text)


def said_all(texts: Iterable[object], names: Mapping[str, str] | None = None) -> list[str]:
    return [say(text, names) for text in texts]


def refusal(exc: BaseException) -> str:
    """A planner's exception in the active language (its message is a `Said` when it made one)."""
    return say(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else str(exc)


_MINUTE_ROUTINE = re.compile(r"^(\d+)-minute routine$")


def minute_routine_name(minutes: int) -> str:
    return ngettext("%(n)s-minute routine", "%(n)s-minute routine", minutes) % {"n": minutes}


def session_title(routine_name: str, routine_slug: str, routines: Mapping[str, str]) -> str:
    """A recorded session's routine as the page's language names it: a built-in routine by its
    slug, a planned "10-minute routine" in words, anything else (a coach's name) as recorded."""
    if routine_slug and routine_slug in routines:
        return routines[routine_slug]
    found = _MINUTE_ROUTINE.match(routine_name)
    if found:
        return minute_routine_name(int(found.group(1)))
    return routine_name


def named_plan(planned: PlannedRoutine, lang: str | None = None) -> PlannedRoutine:
    """A planned routine with its exercises named in `lang` (the active language by default); its
    notes stay the planner's `Said`s, translated where they are shown."""
    lang = lang or translation.get_language() or SOURCE
    if lang == SOURCE:
        return planned
    return replace(
        planned,
        items=tuple(
            replace(
                item,
                exercise=replace(
                    item.exercise, name=exercise_name(item.exercise.slug, item.exercise.name, lang)
                ),
            )
            for item in planned.items
        ),
    )
