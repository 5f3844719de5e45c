"""What the planner says to people, kept translatable while the planner stays pure.

The planner writes its notes and reasons in English, but never as glued fragments: each sentence
is a `Said`, a str that is its English text and also remembers the marked template it was made
from ("%(name)s: swapped for %(version)s, because %(why)s.") and the values put in it. The web
(training.words.say) translates the template with gettext and fills it with the values, each
translated in turn: a value that is itself a `Said` by the same rule, an exercise's name
(`ExerciseName`) from the content in that language. Everywhere else (the command line, tests,
logs) a `Said` reads as the plain English string it is.
"""

from __future__ import annotations

from typing import Any


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogues (xgettext collects it); the web translates it later."""
    return message


class Said(str):
    """An English sentence (or words) with its template and values, for translation at the edge."""

    template: str
    values: dict[str, str]

    def __new__(cls, template: str, **values: str) -> Said:
        made = super().__new__(cls, template % values if values else template)
        made.template = template
        made.values = dict(values)
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_remade, (self.template, self.values))


def _remade(template: str, values: dict[str, str]) -> Said:
    return Said(template, **values)


class ExerciseName(str):
    """An exercise's English name that knows its slug, so the web can name it in another language."""

    slug: str

    def __new__(cls, name: str, slug: str) -> ExerciseName:
        made = super().__new__(cls, name)
        made.slug = slug
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (ExerciseName, (str(self), self.slug))


def joined(words: list[str]) -> str:
    """Words joined as a person says them: "a", "a and b", "a, b and c" (each kept translatable)."""
    if not words:
        return ""
    out: str = words[0]
    for i, word in enumerate(words[1:], start=1):
        last = i == len(words) - 1
        out = Said(
            gettext_noop("%(first)s and %(last)s") if last else gettext_noop("%(first)s, %(next)s"),
            **({"first": out, "last": word} if last else {"first": out, "next": word}),
        )
    return out


def minutes_said(n: int) -> Said:
    return Said(gettext_noop("1 minute") if n == 1 else gettext_noop("%(n)s minutes"), n=str(n))


# The directions a person may ask to avoid, and the coverage groups, as words inside a sentence.
DIRECTION_WORDS: dict[str, str] = {
    "flexion": gettext_noop("flexion"),
    "extension": gettext_noop("extension"),
}
GROUP_WORDS: dict[str, str] = {
    "hips": gettext_noop("hips"),
    "lumbar-spine": gettext_noop("lumbar spine"),
    "core": gettext_noop("core"),
}


def word(words: dict[str, str], key: str) -> Said:
    """A value's marked word (a Said without values, translated at the edge)."""
    return Said(words.get(key, key.replace("-", " ")))
