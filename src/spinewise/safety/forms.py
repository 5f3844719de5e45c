from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext, gettext_lazy

from spinewise.safety.screening import BY_KEY, GROUPS, QUESTIONS, Question, asked, questions_in
from spinewise.safety.services import MAX_CLEARED_BY
from spinewise.safety.words import group_name, question_text

YES_NO = [("no", gettext_lazy("No")), ("yes", gettext_lazy("Yes"))]
ANSWER = gettext_lazy("Please answer yes or no.")


def _lead_words(question: Question) -> str:
    """Which earlier questions a follow-up depends on, by their number in the form."""
    numbers = [str(QUESTIONS.index(BY_KEY[key]) + 1) for key in question.follows]
    if len(numbers) == 1:
        return gettext("Answer only if you answered yes to question %(number)s.") % {"number": numbers[0]}
    return gettext("Answer only if you answered yes to questions %(first)s and %(last)s.") % {
        "first": ", ".join(numbers[:-1]),
        "last": numbers[-1],
    }


class ScreeningForm(forms.Form):
    """One yes/no per question. Every lead question needs an answer (a missing answer is not a
    "no"); a follow-up needs one only when its leads were all "yes", and counts only then."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question_text(question),
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=not question.follows,
                help_text=_lead_words(question) if question.follows else "",
                error_messages={"required": ANSWER},
            )

    def groups(self) -> list[tuple[str, list[tuple[int, forms.BoundField, str]]]]:
        """The questions under their plain headings, each with its number and the keys of the
        questions it follows (space-separated, for the one-question-per-screen script)."""
        return [
            (
                group_name(group),
                [(QUESTIONS.index(q) + 1, self[q.key], " ".join(q.follows)) for q in questions_in(group)],
            )
            for group in GROUPS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        said_yes = {key for key, value in data.items() if value == "yes"}
        for question in QUESTIONS:
            if question.follows and asked(question, said_yes) and not data.get(question.key):
                self.add_error(question.key, ANSWER)
        return data

    def yes_keys(self) -> set[str]:
        said_yes = {q.key for q in QUESTIONS if self.cleaned_data.get(q.key) == "yes"}
        # A follow-up answered although its lead was "no" was never meant to count.
        return {key for key in said_yes if asked(BY_KEY[key], said_yes)}


class DateInput(forms.DateInput):
    """A browser's date field: its value is always ISO (2026-11-30), whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


class ClearanceForm(forms.Form):
    """The clinician visit that lifts a stop: its date (checked against the stop by the service)
    and, if the person wants, who saw them."""

    visit_date = forms.DateField(
        label=gettext_lazy("Date a doctor or physiotherapist assessed you"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Please give the date of the visit."),
            "invalid": gettext_lazy("Please give a real date."),
        },
    )
    cleared_by = forms.CharField(
        label=gettext_lazy("Who saw you (optional)"),
        required=False,
        max_length=MAX_CLEARED_BY,
        validators=[ProhibitNullCharactersValidator()],
    )

    def __init__(self, *args: Any, stopped_on: date | None = None, today: date | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The browser's date picker offers only dates that can count; the server checks again.
        attrs = self.fields["visit_date"].widget.attrs
        if stopped_on is not None:
            attrs["min"] = stopped_on.isoformat()
        if today is not None:
            attrs["max"] = today.isoformat()
