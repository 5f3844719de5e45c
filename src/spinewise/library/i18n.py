"""The one way to read a content item's text in a language: `localized(row, lang)`.

Exercises, routines, programs and home tests keep their translations beside the English in a
`translations` field ({language: texts}, written by the loaders from the `*.es.yaml` files).
`localized` gives a read-only copy of the row with its text fields in the language, so a page, the
API or the command line reads `.name`, `.steps`, `.cautions` as usual. A language not declared in
content/languages.yaml falls back to English; a declared one is complete for every loaded item.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from spinewise.library.translations import SOURCE, Texts, languages_at

if TYPE_CHECKING:
    from spinewise.planning.model import ExerciseSpec
    from spinewise.planning.model import Routine as PlannedRoutine


def content_languages() -> dict[str, str]:
    """{code: name} of the languages the content is written in, English first."""
    from django.conf import settings

    return languages_at(Path(settings.CONTENT_DIR))


def language_code(value: str | None) -> str:
    """A language as given (`es`, `es-MX`, `es_ES.UTF-8`) -> the declared code it means, else ''."""
    if not value:
        return ""
    tag = value.split(".")[0].split("@")[0].replace("_", "-").lower()
    declared = content_languages()
    if tag in declared:
        return tag
    primary = tag.split("-")[0]
    return primary if primary in declared else ""


def environment_language() -> str:
    """The declared language of the environment's locale (LC_ALL, LC_MESSAGES, LANG), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return language_code(value) or SOURCE
    return SOURCE


class Translatable:
    """A content row with `translations`; `in_language` is its read-only copy in a language."""

    translations: dict[str, Texts]
    # Set on a translated copy: saving it would write the translation over the English.
    localized_to = ""

    def apply_texts(self, texts: Texts) -> None:
        raise NotImplementedError

    def in_language(self: T, lang: str) -> T:
        if lang == SOURCE or lang not in content_languages():
            return self
        texts = (self.translations or {}).get(lang)
        if not texts:
            # Declared but absent: an item made outside the content files (the admin).
            return self
        translated = copy.copy(self)
        translated.apply_texts(texts)
        translated.localized_to = lang
        return translated

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.localized_to:
            raise RuntimeError(f"{self} is a copy translated to '{self.localized_to}': save the row itself")
        super().save(*args, **kwargs)  # type: ignore[misc]


T = TypeVar("T", bound=Translatable)


def localized(row: T, lang: str | None) -> T:
    """The row with its text in `lang` (English when none is asked or the language is not declared)."""
    return row.in_language(lang or SOURCE)


def localized_plan(planned: PlannedRoutine, lang: str | None) -> PlannedRoutine:
    """A planned routine with its exercises named in `lang` (one query; English when not declared)."""
    from dataclasses import replace

    from spinewise.library.models import Exercise

    lang = lang or SOURCE
    if lang == SOURCE or lang not in content_languages():
        return planned
    slugs = {item.exercise.slug for item in planned.items}
    found = dict(Exercise.objects.filter(slug__in=slugs).values_list("slug", "translations"))

    def named(spec: ExerciseSpec) -> ExerciseSpec:
        texts = (found.get(spec.slug) or {}).get(lang)
        return replace(spec, name=texts["name"]) if texts else spec

    return replace(
        planned, items=tuple(replace(item, exercise=named(item.exercise)) for item in planned.items)
    )
