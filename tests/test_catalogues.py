"""The interface catalogues: one per language offered, complete, and safe to format.

A language in settings.LANGUAGES (English aside) has both catalogues under src/spinewise/locale,
compiled; every message is translated and none is fuzzy (msgfmt leaves fuzzy ones out, so the
page would quietly fall back to English); a translation keeps the placeholders of its English
(a missing `%(name)s` raises at render time, an extra one shows raw).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.LOCALE_PATHS[0])
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")


def catalogue(lang: str, domain: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_each_language_has_its_catalogues_compiled(lang: str, domain: str) -> None:
    folder = LOCALE / lang / "LC_MESSAGES"
    assert (folder / f"{domain}.po").is_file()
    compiled = folder / f"{domain}.mo"
    assert compiled.is_file(), f"{compiled} is missing: run `make install` (it compiles the catalogues)"
    assert compiled.stat().st_mtime >= (folder / f"{domain}.po").stat().st_mtime, (
        f"{compiled} is older than its .po: run `make messages-compiled`"
    )


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str, domain: str) -> None:
    po = catalogue(lang, domain)
    assert po.metadata.get("Language") == lang
    assert "plural=" in po.metadata.get("Plural-Forms", "")
    missing = [entry.msgid for entry in po if not entry.obsolete and not entry.translated()]
    fuzzy = [entry.msgid for entry in po if "fuzzy" in entry.flags and not entry.obsolete]
    assert not missing, f"{lang}/{domain}: {len(missing)} untranslated: {missing[:20]}"
    assert not fuzzy, f"{lang}/{domain}: {len(fuzzy)} fuzzy: {fuzzy[:20]}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_their_placeholders(lang: str, domain: str) -> None:
    wrong = []
    for entry in catalogue(lang, domain):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                english = entry.msgid if index == 0 else entry.msgid_plural
                # A singular form may leave out the count ("one minute"), never add or rename one.
                if not set(placeholders(text)) <= set(placeholders(entry.msgid_plural)):
                    wrong.append((english, text))
        elif entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, f"{lang}/{domain}: placeholders differ: {wrong[:10]}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_compiled_catalogue_is_the_one_django_reads(lang: str) -> None:
    with translation.override(lang):
        assert translation.gettext("Skip to content") != "Skip to content"
