from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from spinewise.edge import client_id_field
from spinewise.planning.schedule import WEEKDAY_NAMES

WEEKDAY_CHOICES = [(str(n), name.capitalize()) for n, name in enumerate(WEEKDAY_NAMES)]
PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]


class EnrolForm(forms.Form):
    start = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as YYYY-MM-DD.", "required": "Choose a start date."},
    )
    weekdays = forms.MultipleChoiceField(
        label="Workout days",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the days you will train."},
    )
    switch = forms.BooleanField(
        required=False, label="End my current program and start this one (its history stays)"
    )

    def __init__(self, *args: Any, per_week: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.per_week = per_week
        if per_week == 7:
            self.fields["weekdays"].help_text = "Every day."
        else:
            self.fields[
                "weekdays"
            ].help_text = f"Choose {per_week}, with a rest day between them where you can."

    def clean_weekdays(self) -> list[int]:
        days = sorted({int(d) for d in self.cleaned_data["weekdays"]})
        if len(days) != self.per_week:
            raise forms.ValidationError(
                f"This program has {self.per_week} workout{'s' if self.per_week != 1 else ''} a week:"
                f" choose {self.per_week} day{'s' if self.per_week != 1 else ''} (you chose {len(days)})."
            )
        return days

    def start_value(self) -> date:
        value: date = self.cleaned_data["start"]
        return value


class PainForm(forms.Form):
    client_id = client_id_field()
    pain = forms.TypedChoiceField(
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 0 to 10 (0 means no pain).",
            "invalid_choice": "Pain is a whole number from 0 to 10.",
        },
    )


class RedeemForm(forms.Form):
    code = forms.CharField(
        label="Access code",
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Type the code you bought.",
            "max_length": "That is far longer than a code.",
        },
    )
