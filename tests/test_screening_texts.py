"""The screening's words in every offered language: no red-flag question or advice left in English.

The questions, group headings, reasons and advice are English in safety.screening, marked for the
catalogues; each other language in settings.LANGUAGES must have a translation of every one of them
in its compiled catalogue (locale/<code>/LC_MESSAGES/django.mo).
"""

from __future__ import annotations

import gettext as gnu_gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from spinewise.safety import screening
from spinewise.safety.words import advice_for, group_name, question_text, reason

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def screening_texts() -> list[tuple[str, str]]:
    """(what, English text) for every text of the screening a person reads."""
    texts = [(f"question {q.key}", q.text) for q in screening.QUESTIONS]
    texts += [(f"group {g}", g) for g in screening.GROUPS]
    texts += [(f"reason {r.why}", r.why) for r in screening.RULES]
    for urgency, advice in screening.ADVICE.items():
        texts += [(f"{urgency.name} headline", advice.headline), (f"{urgency.name} action", advice.action)]
    return texts


def untranslated(lookup: gnu_gettext.NullTranslations | None = None) -> list[str]:
    """The screening texts the active language leaves in English (through Django, or `lookup`)."""
    translate = lookup.gettext if lookup is not None else gettext
    return [
        what for what, text in screening_texts() if not translate(text).strip() or translate(text) == text
    ]


def test_spanish_is_offered_so_the_check_below_covers_it() -> None:
    assert "es" in OTHER_LANGUAGES


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_red_flag_question_and_every_advice_exists_in_every_language(lang: str) -> None:
    red_flags = [q for q in screening.QUESTIONS if q.urgency >= screening.Urgency.WITHIN_DAYS]
    assert red_flags
    with translation.override(lang):
        assert untranslated() == []
        for question in screening.QUESTIONS:
            assert question_text(question) != question.text, question.key
        for group in screening.GROUPS:
            assert group_name(group) != group
        for rule in screening.RULES:
            assert reason(rule.why) != rule.why
        for urgency, english in screening.ADVICE.items():
            advice = advice_for(urgency)
            assert advice.headline != english.headline and advice.action != english.action, urgency.name
            # The decision never changes with the language; only its words do.
            assert (advice.urgency, advice.may_exercise) == (english.urgency, english.may_exercise)


def _catalogue_without(lang: str, emptied: str, tmp_path: Path) -> gnu_gettext.GNUTranslations:
    """The language's catalogue compiled again with one msgstr emptied."""
    import subprocess

    import polib

    po = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / lang / "LC_MESSAGES" / "django.po"))
    entry = po.find(emptied)
    assert entry is not None and entry.msgstr
    entry.msgstr = ""
    po.save(str(tmp_path / "django.po"))
    subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(tmp_path / "django.po")], check=True)
    with open(tmp_path / "django.mo", "rb") as compiled:
        return gnu_gettext.GNUTranslations(compiled)


def test_the_check_fails_when_one_translation_is_emptied(tmp_path: Path) -> None:
    emergency = screening.ADVICE[screening.Urgency.EMERGENCY].action
    emptied = _catalogue_without("es", emergency, tmp_path)
    assert untranslated(emptied) == ["EMERGENCY action"]
    saddle = screening.BY_KEY["saddle_numbness"].text
    assert untranslated(_catalogue_without("es", saddle, tmp_path)) == ["question saddle_numbness"]


def test_the_stop_keeps_its_meaning_in_spanish() -> None:
    with translation.override("es"):
        emergency = advice_for(screening.Urgency.EMERGENCY)
        assert emergency.headline == "Ve ahora mismo a urgencias."
        assert emergency.action.startswith("No hagas ejercicio.")
        for urgency in (
            screening.Urgency.EMERGENCY,
            screening.Urgency.SAME_DAY,
            screening.Urgency.WITHIN_DAYS,
        ):
            assert (
                "Esta pausa se mantiene hasta que te vea un profesional sanitario"
                in advice_for(urgency).action
            )
        assert question_text(screening.BY_KEY["cancer_history"]) == "¿Has tenido cáncer alguna vez?"


def test_english_reads_the_source() -> None:
    with translation.override("en"):
        assert question_text(screening.BY_KEY["fever"]) == screening.BY_KEY["fever"].text
        assert advice_for(screening.Urgency.NONE) == screening.ADVICE[screening.Urgency.NONE]
