"""The safety screening's words in the reader's language.

`safety.screening` keeps its questions, group headings, reasons and advice in English, each
marked for the catalogues (gettext_noop), because the logic keys on them and must stay pure. The
pages, the API and the command line show them through these functions, which translate with
Django's gettext under the active language (locale/<code>/LC_MESSAGES/django.po). A third
language is only a catalogue; a test checks that every one of these texts has a translation in
every offered language.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext

from spinewise.safety.screening import ADVICE, Advice, Question, Urgency


def question_text(question: Question) -> str:
    return gettext(question.text)


def group_name(group: str) -> str:
    return gettext(group)


def reason(why: str) -> str:
    return gettext(why)


def advice_for(urgency: Urgency | int) -> Advice:
    """An outcome's advice in the active language: the same urgency and decision, its words translated."""
    english = ADVICE[Urgency(urgency)]
    return replace(english, headline=gettext(english.headline), action=gettext(english.action))
