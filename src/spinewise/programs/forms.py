from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spinewise.edge import client_id_field
from spinewise.planning.schedule import WEEKDAY_NAMES

# Monday first, named in the page's language (Django's own translated day names).
WEEKDAY_CHOICES = [(str(n), WEEKDAYS[n]) for n in range(len(WEEKDAY_NAMES))]
PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]


class EnrolForm(forms.Form):
    start = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter the start date as YYYY-MM-DD."),
            "required": _("Choose a start date."),
        },
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Workout days"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the days you will train.")},
    )
    switch = forms.BooleanField(
        required=False, label=_("End my current program and start this one (its history stays)")
    )

    def __init__(self, *args: Any, per_week: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.per_week = per_week
        if per_week == 7:
            self.fields["weekdays"].help_text = _("Every day.")
        else:
            self.fields["weekdays"].help_text = _(
                "Choose %(n)s, with a rest day between them where you can."
            ) % {"n": per_week}

    def clean_weekdays(self) -> list[int]:
        days = sorted({int(d) for d in self.cleaned_data["weekdays"]})
        if len(days) != self.per_week:
            raise forms.ValidationError(
                ngettext(
                    "This program has %(n)s workout a week: choose %(n)s day (you chose %(chosen)s).",
                    "This program has %(n)s workouts a week: choose %(n)s days (you chose %(chosen)s).",
                    self.per_week,
                )
                % {"n": self.per_week, "chosen": len(days)}
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
            "required": _("Choose a number from 0 to 10 (0 means no pain)."),
            "invalid_choice": _("Pain is a whole number from 0 to 10."),
        },
    )


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Type the code you bought."),
            "max_length": _("That is far longer than a code."),
        },
    )
