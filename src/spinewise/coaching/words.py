"""Coaching's words that depend on the reader's language: an exercise's name, a dose, and the
lines of an assignment's change log.

The stored routine keeps slugs and numbers; these give the words at the moment a page, a handout
or the API shows them, in the active language (English by default).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

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


# ---------------------------------------------------------------------- the change log
#
# A change's lines are kept in English (data: the same whoever reads them, whatever language the
# coach used); `change_line` shows one in the reader's language by matching it against the
# sentences services.py writes, with the exercises, doses and programs in it translated too.

ASSIGNED = gettext_noop("Assigned %(name)s.")
RENAMED = gettext_noop("Renamed from %(old)s to %(new)s.")
HOW_OFTEN = gettext_noop("How often: %(old)s to %(new)s times a week.")
NOTES_CHANGED = gettext_noop("The coach's notes changed.")
ADDED = gettext_noop("Added %(item)s.")
REMOVED = gettext_noop("Removed %(item)s.")
SWAPPED = gettext_noop("%(old)s (%(old_dose)s) swapped for %(new)s (%(new_dose)s).")
DOSE_CHANGED = gettext_noop("%(name)s: %(old)s changed to %(new)s.")
NOTE_CHANGED = gettext_noop("%(name)s: the note changed.")
STARTED = gettext_noop("Started %(program)s on %(day)s.")

# Which placeholder of which sentence holds an exercise's name, a dose, "name (dose)", a program
# or a day; the others (a routine's name as the coach typed it, numbers) are shown as they are.
_EXERCISE_KEYS = {SWAPPED: {"old", "new"}, DOSE_CHANGED: {"name"}, NOTE_CHANGED: {"name"}}
_DOSE_KEYS = {SWAPPED: {"old_dose", "new_dose"}, DOSE_CHANGED: {"old", "new"}}
_ITEM_KEYS = {ADDED: {"item"}, REMOVED: {"item"}}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_DOSE = re.compile(
    r"^(?:(?P<sets>\d+) x )?(?:(?P<reps>\d+) reps?|hold (?P<hold>\d+) s|(?P<duration>\d+) s)(?P<side> per side)?$"
)
_ITEM = re.compile(r"^(?P<name>.+) \((?P<dose>[^()]*)\)$")
_DAY = re.compile(r"^(?P<weekday>[A-Z][a-z]+) (?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+)$")


def _pattern(sentence: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(sentence)
    regex = "".join(f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


_SENTENCES = [
    (s, _pattern(s))
    for s in (
        ASSIGNED,
        RENAMED,
        HOW_OFTEN,
        NOTES_CHANGED,
        ADDED,
        REMOVED,
        SWAPPED,
        DOSE_CHANGED,
        NOTE_CHANGED,
        STARTED,
    )
]


def _dose_in_language(text: str) -> str:
    found = _DOSE.match(text)
    if found is None:
        return text
    number = {k: int(v) for k, v in found.groupdict().items() if v and k != "side"}
    dose = Dose(
        sets=number.get("sets", 1),
        reps=number.get("reps"),
        hold_seconds=number.get("hold"),
        duration_seconds=number.get("duration"),
        per_side=bool(found.group("side")),
        rest_seconds=0,
    )
    return dose_words(dose)


def _day_in_language(text: str) -> str:
    """ "Monday 5 March" with the weekday and the month in the active language."""
    found = _DAY.match(text)
    if found is None:
        return text
    return f"{_(found['weekday']).lower()} {found['day']} {_(found['month']).lower()}"


class ChangeWords:
    """Shows a change log's English lines in the active language (exercise and program names read
    once, on the first line that needs them)."""

    def __init__(self) -> None:
        self.lang = translation.get_language() or "en"
        self._exercises: dict[str, str] | None = None
        self._programs: dict[str, str] | None = None

    def _names(self, model: type[Any]) -> dict[str, str]:
        names: dict[str, str] = {}
        for name, translations in model.objects.values_list("name", "translations"):
            texts = (translations or {}).get(self.lang) or {}
            names[name] = texts.get("name") or name
        return names

    def exercise(self, name: str) -> str:
        if self._exercises is None:
            self._exercises = self._names(Exercise)
        return self._exercises.get(name, name)

    def program(self, name: str) -> str:
        if self._programs is None:
            from spinewise.programs.models import Program

            self._programs = self._names(Program)
        return self._programs.get(name, name)

    def line(self, text: str) -> str:
        if self.lang == "en" or not isinstance(text, str):
            return text
        for sentence, pattern in _SENTENCES:
            found = pattern.match(text)
            if found is None:
                continue
            args = dict(found.groupdict())
            for key in _EXERCISE_KEYS.get(sentence, ()):
                args[key] = self.exercise(args[key])
            for key in _DOSE_KEYS.get(sentence, ()):
                args[key] = _dose_in_language(args[key])
            for key in _ITEM_KEYS.get(sentence, ()):
                item = _ITEM.match(args[key])
                if item is not None:
                    args[key] = _("%(name)s (%(dose)s)") % {
                        "name": self.exercise(item["name"]),
                        "dose": _dose_in_language(item["dose"]),
                    }
            if sentence == STARTED:
                args["program"] = self.program(args["program"])
                args["day"] = _day_in_language(args["day"])
            return _(sentence) % args
        return text

    def lines(self, texts: Iterable[str]) -> list[str]:
        return [self.line(text) for text in texts]
