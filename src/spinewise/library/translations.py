"""Content in more than one language: which languages, where their files are, and what they must hold.

English is the source. Every item's translatable text sits in a parallel file beside it,
`cat-cow.es.yaml` next to `cat-cow.yaml`, with the same structure but only the fields people read
(each kind says which, as a function from the parsed English item to its texts). A language is
declared in `languages.yaml` at the content root; a declared language must be complete: the loader
refuses an item whose translation is missing, lacks a field the English has, or has a different
number of steps, cautions or skip-if lines (the English structure is the contract).

A folder outside a content root (no `languages.yaml` beside it, as in a test's own folder) is
English-only: translations found in it are checked, but none is required.

No Django import: the content checker uses this directly.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE = "en"
LANGUAGES_FILE = "languages.yaml"
# What a folder without a languages file holds: the source language only.
SOURCE_ONLY: dict[str, str] = {SOURCE: "English"}

Texts = dict[str, Any]
# The longest text a field may hold, as the English schemas allow (names are kept in prescriptions).
LONGEST = {"name": 80, "aliases": 80, "description": 1500}
LONGEST_OTHER = 400


class LanguagesError(ValueError):
    """The languages file is broken; the message names it."""


def is_translation(path: Path) -> bool:
    """`cat-cow.es.yaml` is a translation (slugs never hold a dot); `cat-cow.yaml` is an item."""
    return "." in path.stem


def translation_path(path: Path, lang: str) -> Path:
    return path.with_name(f"{path.stem}.{lang}.yaml")


def split_translation(path: Path) -> tuple[str, str]:
    """`cat-cow.es.yaml` -> ("cat-cow", "es")."""
    slug, _, lang = path.stem.rpartition(".")
    return slug, lang


@dataclass(frozen=True)
class Languages:
    """What a content root declares: complete languages, and languages still being written.

    A language in progress has its files checked when they are there, but none is required and
    nothing is shown in it; moving it under `languages` makes it required and offered.
    """

    declared: dict[str, str]
    in_progress: dict[str, str] = field(default_factory=dict)

    def allows(self, lang: str) -> bool:
        return lang != SOURCE and (lang in self.declared or lang in self.in_progress)

    @property
    def required(self) -> list[str]:
        return [code for code in self.declared if code != SOURCE]


def language_set(root: Path) -> Languages:
    """The languages at a content root, or English alone when it has no languages file."""
    path = root / LANGUAGES_FILE
    if not path.is_file():
        return Languages(dict(SOURCE_ONLY))
    return _read_languages(path, path.stat().st_mtime_ns)


def languages_at(root: Path) -> dict[str, str]:
    """The languages declared (complete) at a content root ({code: name}, English first)."""
    return language_set(root).declared


def _codes(path: Path, value: Any, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise LanguagesError(f"{path.name}: expected '{key}:' mapping each code to its name")
    for code in value:
        if not (2 <= len(code) <= 8 and code.replace("-", "").isalpha() and code == code.lower()):
            raise LanguagesError(f"{path.name}: '{code}' is not a language code (like 'es' or 'pt-br')")
    return dict(value)


@functools.lru_cache(maxsize=8)
def _read_languages(path: Path, _mtime: int) -> Languages:
    import yaml  # only when a languages file is read: the models import this module at start-up

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LanguagesError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise LanguagesError(f"{path.name}: expected 'languages:' mapping each code to its name")
    declared = _codes(path, raw.get("languages"), "languages")
    in_progress = _codes(path, raw.get("in_progress"), "in_progress")
    if SOURCE not in declared:
        raise LanguagesError(f"{path.name}: the source language '{SOURCE}' must be declared")
    both = sorted(set(declared) & set(in_progress))
    if both:
        raise LanguagesError(f"{path.name}: {', '.join(both)} both declared and in progress")
    ordered = {SOURCE: declared[SOURCE], **{k: v for k, v in declared.items() if k != SOURCE}}
    return Languages(ordered, in_progress)


def shape_problems(english: Any, other: Any, at: str = "") -> list[str]:
    """Where `other` does not have the shape of `english`: each as "field 'x': what is wrong".

    Mappings need the same keys, lists the same length, text must be text, and numbers (a
    breathing cue's step) must be the same number.
    """
    where = at or "(whole file)"
    if isinstance(english, Mapping):
        if not isinstance(other, Mapping):
            return [f"field '{where}': expected fields ({', '.join(english)})"]
        problems: list[str] = []
        for key, value in english.items():
            path = f"{at}.{key}" if at else str(key)
            if key not in other or other[key] is None:
                problems.append(f"field '{path}': missing (the English has it)")
            else:
                problems.extend(shape_problems(value, other[key], path))
        for key in other:
            if key not in english:
                path = f"{at}.{key}" if at else str(key)
                problems.append(f"field '{path}': not a translatable field of the English")
        return problems
    if isinstance(english, list):
        if not isinstance(other, list):
            return [f"field '{where}': expected a list of {len(english)}"]
        if len(other) != len(english):
            return [f"field '{where}': has {len(other)} lines, the English has {len(english)}"]
        problems = []
        for n, (e, o) in enumerate(zip(english, other, strict=True)):
            problems.extend(shape_problems(e, o, f"{at}.{n}"))
        return problems
    if isinstance(english, int):
        if other != english:
            return [f"field '{where}': must be {english!r}, as in the English (got {other!r})"]
        return []
    if isinstance(english, str):
        if not isinstance(other, str) or not other.strip():
            return [f"field '{where}': expected text"]
        field = next((part for part in reversed(where.split(".")) if not part.isdigit()), where)
        longest = LONGEST.get(field, LONGEST_OTHER)
        if len(other.strip()) > longest:
            return [f"field '{where}': {len(other.strip())} characters, at most {longest}"]
        return []
    return []


def read_translation(path: Path, english: Texts) -> tuple[Texts | None, list[str]]:
    """One translation file checked against the English texts: (its texts, problems)."""
    import yaml

    slug, lang = split_translation(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return None, [f"{path.name}: {slug}: language '{lang}': not valid YAML: {exc}"]
    problems = [
        f"{path.name}: {slug}: language '{lang}': {p}" for p in shape_problems(english, raw if raw else {})
    ]
    if problems:
        return None, problems
    assert isinstance(raw, dict)
    return _stripped(raw), []


def _stripped(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    return value


def in_language(
    english: Texts, translations: Mapping[str, Texts], lang: str, declared: Mapping[str, str]
) -> Texts:
    """An item's texts in `lang`: its translation, or the English for a language not declared.

    A declared language is complete for every item the loader wrote; an item made another way
    (the admin) may lack it, and is shown in English rather than not at all.
    """
    if lang == SOURCE or lang not in declared:
        return english
    found = translations.get(lang)
    if not found:
        return english
    return {**english, **found}
