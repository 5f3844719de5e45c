from __future__ import annotations

from typing import Any

from django import forms

from spinewise.safety.screening import QUESTIONS

YES_NO = [("no", "No"), ("yes", "Yes")]


class ScreeningForm(forms.Form):
    """One yes/no per red flag, every one answered: a missing answer is not a "no"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer yes or no."},
            )

    def yes_keys(self) -> set[str]:
        return {q.key for q in QUESTIONS if self.cleaned_data.get(q.key) == "yes"}


class ClearanceForm(forms.Form):
    cleared = forms.BooleanField(
        label="A doctor or physiotherapist has seen me about these symptoms and said I may exercise.",
        error_messages={"required": "Tick this only once a clinician has cleared you."},
    )
