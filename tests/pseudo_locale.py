"""A fake third language, made only of files, to find every string left untranslated.

The pseudo-locale `xx` is built the way a real third language would be added (README,
"Languages"): its interface catalogues are made from the Spanish ones' message ids (so every
string `make messages` collected is in them), plus Django's own strings (month and day names, form
errors); its content is a `*.xx.yaml` file beside every item, declared in languages.yaml of a copy
of the content folder. Every letter of every translated text is swapped for an accented
look-alike ("Quick relief" -> "Ǫúíçķ ŕéĺíéƒ"), keeping placeholders and markup, so a page in `xx`
that still shows a plain ASCII word shows a string that was never marked, never collected, or
built outside the catalogues and the content.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import django
import polib
import yaml

PSEUDO = "xx"
PSEUDO_NAME = "Ƥšéúđó"
_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "àƀçđéƒĝĥíĵķĺɱñóƥǫŕśţúṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤǪŔŚŢÚṼŴẊÝŽ"
_SWAP = str.maketrans(_PLAIN, _ACCENTED)
# What a translation must keep as it is: placeholders (%(n)s, %s, {name}), markup and entities.
_KEEP = re.compile(r"(%\(\w+\)[sdfi]|%[sdfi%]|\{\w*\}|<[^>]*>|&#?\w+;)")


def pseudo(text: str) -> str:
    parts = _KEEP.split(text)
    return "".join(part if i % 2 else part.translate(_SWAP) for i, part in enumerate(parts))


# ---------------------------------------------------------------------------------------------
# The interface catalogues


def _django_catalogues() -> list[Path]:
    root = Path(django.__file__).parent
    return [
        root / "conf/locale/es/LC_MESSAGES/django.po",
        root / "contrib/auth/locale/es/LC_MESSAGES/django.po",
    ]


def _pseudo_entry(entry: polib.POEntry) -> polib.POEntry:
    made = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt)
    if entry.msgid_plural:
        made.msgid_plural = entry.msgid_plural
        made.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
    else:
        made.msgstr = pseudo(entry.msgid)
    return made


def write_catalogues(source_locale: Path, target: Path) -> Path:
    """Compile `xx` catalogues into target/xx/LC_MESSAGES from the Spanish ones' message ids."""
    out = target / PSEUDO / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    for domain in ("django", "djangojs"):
        catalogue = polib.POFile()
        catalogue.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": PSEUDO,
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        seen: set[tuple[str | None, str]] = set()
        sources = [source_locale / "es" / "LC_MESSAGES" / f"{domain}.po"]
        if domain == "django":
            sources += _django_catalogues()
        for path in sources:
            if not path.is_file():
                continue
            for entry in polib.pofile(str(path)):
                key = (entry.msgctxt, entry.msgid)
                if entry.obsolete or not entry.msgid or key in seen:
                    continue
                seen.add(key)
                catalogue.append(_pseudo_entry(entry))
        catalogue.save_as_mofile(str(out / f"{domain}.mo"))
    return target


# ---------------------------------------------------------------------------------------------
# The content


def _mirror(shape: Any, english: Any) -> Any:
    """The English texts at the places the Spanish translation has texts, in pseudo letters."""
    if isinstance(shape, dict):
        return {
            key: _mirror(value, english.get(key) if isinstance(english, dict) else None)
            for key, value in shape.items()
        }
    if isinstance(shape, list):
        english_list = english if isinstance(english, list) else []
        return [
            _mirror(value, english_list[i] if i < len(english_list) else None)
            for i, value in enumerate(shape)
        ]
    if isinstance(shape, str):
        return pseudo(english if isinstance(english, str) else shape)
    return english if english is not None else shape


def write_content(source: Path, target: Path) -> Path:
    """A copy of the content folder with an `xx` file beside every item, and `xx` declared."""
    shutil.copytree(source, target)
    for spanish in sorted(target.rglob("*.es.yaml")):
        english_path = spanish.with_name(spanish.name.replace(".es.yaml", ".yaml"))
        english = yaml.safe_load(english_path.read_text(encoding="utf-8"))
        shape = yaml.safe_load(spanish.read_text(encoding="utf-8"))
        made = _mirror(shape, english)
        spanish.with_name(spanish.name.replace(".es.yaml", f".{PSEUDO}.yaml")).write_text(
            yaml.safe_dump(made, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    languages = target / "languages.yaml"
    declared = yaml.safe_load(languages.read_text(encoding="utf-8"))
    declared["languages"][PSEUDO] = PSEUDO_NAME
    languages.write_text(yaml.safe_dump(declared, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------------
# Reading a page as a person sees it

# Attributes whose values a person reads or hears.
SHOWN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "aria-description", "aria-roledescription"}
SKIPPED_ELEMENTS = {"script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ShownText(html.parser.HTMLParser):
    """The texts of a page a person sees or hears, leaving out elements in another language."""

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this check)
        self.texts: list[str] = []
        self.json_blocks: list[str] = []
        self._json = False

    @property
    def skipping(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang")
        other_language = lang is not None and lang != self.page_lang and tag != "html"
        hidden = tag in SKIPPED_ELEMENTS or other_language
        self._json = (
            tag == "script" and values.get("type") == "application/json" and values.get("id") != "sw-i18n"
        )
        if not self.skipping and not hidden:
            for name, value in attrs:
                if value and name in SHOWN_ATTRIBUTES:
                    self.texts.append(value)
            if tag == "input" and values.get("type") in {"submit", "button", "reset"} and values.get("value"):
                self.texts.append(values["value"] or "")
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        self._json = False

    def handle_data(self, data: str) -> None:
        if self._json:
            self.json_blocks.append(data)
        elif not self.skipping and data.strip():
            self.texts.append(data.strip())


# Keys of the pages' JSON blocks (the player's routine) whose values a person reads or hears.
SHOWN_KEYS = {
    "name",
    "title",
    "summary",
    "steps",
    "cautions",
    "skip_if",
    "feel",
    "cue",
    "say",
    "note",
    "notes",
    "changes",
    "label",
    "text",
    "dose",
    "what",
    "why",
    "advice",
    "message",
    "heading",
    "instructions",
}


def _json_texts(value: Any, key: str | None = None) -> Iterable[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_texts(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _json_texts(v, key)
    elif isinstance(value, str) and key in SHOWN_KEYS:
        yield value


def shown_texts(page: str) -> list[str]:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', page)
    parser = _ShownText(match.group(1) if match else "")
    parser.feed(page)
    texts = list(parser.texts)
    for block in parser.json_blocks:
        try:
            texts.extend(_json_texts(json.loads(block)))
        except ValueError:
            texts.append(block)
    return texts


# Text that is the same in every language: the brand, addresses, and what people typed themselves.
_ADDRESSES = re.compile(r"https?://\S+|\S+@\S+")
_NEVER_TRANSLATED = re.compile(r"spinewise|\bsw_\w+|\b\d+(?:[.,:]\d+)*\b")
_ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def untranslated(texts: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The texts holding a plain ASCII word once the allowed data and the brand are taken out."""
    allowed = sorted({a for a in allowed if a}, key=len, reverse=True)
    found = []
    for text in texts:
        # Addresses first (a name inside one, "coach" in .../coaching/..., must not split it), then
        # what people typed (before the numbers: "stop at 5/10"), then the brand and numbers.
        rest = _ADDRESSES.sub(" ", text)
        for value in allowed:
            rest = rest.replace(value, " ")
        rest = _NEVER_TRANSLATED.sub(" ", rest)
        if _ASCII_WORD.search(rest):
            found.append(text)
    return sorted(set(found))
