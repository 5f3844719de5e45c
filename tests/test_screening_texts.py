"""The screening's words in every declared language: no red-flag question or advice left in English."""

from __future__ import annotations

import pytest

from spinewise.library.translations import SOURCE, languages_at
from spinewise.safety import screening
from spinewise.safety.screening_texts import (
    SPANISH,
    TRANSLATIONS,
    advice_in,
    group_name,
    missing,
    question_text,
    reason,
)
from tests.factories import CONTENT

DECLARED = [lang for lang in languages_at(CONTENT) if lang != SOURCE]


def test_spanish_is_declared_so_the_check_below_covers_it() -> None:
    assert "es" in DECLARED


@pytest.mark.parametrize("lang", DECLARED)
def test_every_red_flag_question_and_every_advice_exists_in_every_declared_language(lang: str) -> None:
    assert missing(lang) == []
    red_flags = [q for q in screening.QUESTIONS if q.urgency >= screening.Urgency.WITHIN_DAYS]
    assert red_flags
    for question in screening.QUESTIONS:
        text = question_text(question.key, lang)
        assert text.strip() and text != question.text, question.key
    for urgency, english in screening.ADVICE.items():
        advice = advice_in(urgency, lang)
        assert advice.headline != english.headline and advice.action != english.action, urgency.name
        # The decision never changes with the language; only its words do.
        assert (advice.urgency, advice.may_exercise) == (english.urgency, english.may_exercise)
    for rule in screening.RULES:
        assert reason(rule.why, lang) != rule.why
    for group in screening.GROUPS:
        assert group_name(group, lang) != group


def test_missing_names_what_a_table_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    broken = replace(
        SPANISH,
        questions={k: v for k, v in SPANISH.questions.items() if k != "saddle_numbness"},
        advice={u: t for u, t in SPANISH.advice.items() if u != screening.Urgency.EMERGENCY},
    )
    monkeypatch.setitem(TRANSLATIONS, "xx", broken)

    assert missing("xx") == [
        "xx: question 'saddle_numbness' is not translated",
        "xx: advice 'EMERGENCY' is not translated",
    ]
    assert missing("zz") == ["zz: no screening table"]


def test_the_stop_keeps_its_meaning_in_spanish() -> None:
    emergency = advice_in(screening.Urgency.EMERGENCY, "es")
    assert emergency.headline == "Ve ahora mismo a urgencias."
    assert emergency.action.startswith("No hagas ejercicio.")
    for urgency in (screening.Urgency.EMERGENCY, screening.Urgency.SAME_DAY, screening.Urgency.WITHIN_DAYS):
        assert (
            "Esta pausa se mantiene hasta que te vea un profesional sanitario"
            in advice_in(urgency, "es").action
        )


def test_a_language_without_a_table_reads_english() -> None:
    assert question_text("fever", "fr") == screening.BY_KEY["fever"].text
    assert advice_in(screening.Urgency.NONE, "en") is screening.ADVICE[screening.Urgency.NONE]
