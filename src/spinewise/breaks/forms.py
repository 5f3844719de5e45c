"""The desk mode settings form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.breaks.models import DeskMode
from spinewise.breaks.schedule import working_day_names

# The day names are marked in schedule.py; gettext_lazy shows them in the page's language.
DAY_CHOICES = [(str(n), _(name)) for n, name in enumerate(working_day_names(range(7)))]


class DeskModeForm(forms.ModelForm[DeskMode]):
    enabled = forms.BooleanField(required=False, label=_("Remind me to move while I work"))
    days = forms.MultipleChoiceField(
        choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple, label=_("Working days")
    )
    every = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (30, _("Every 30 minutes")),
            (45, _("Every 45 minutes")),
            (60, _("Every hour")),
            (90, _("Every 90 minutes")),
        ],
        widget=forms.RadioSelect,
        label=_("How often to move"),
    )
    minutes = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, _("1 minute")), (2, _("2 minutes")), (3, _("3 minutes"))],
        widget=forms.RadioSelect,
        label=_("How long each break lasts"),
    )

    class Meta:
        model = DeskMode
        fields = ["enabled", "days", "start", "end", "time_zone", "every", "minutes"]
        labels = {
            "start": _("Working hours start"),
            "end": _("Working hours end"),
            "time_zone": _("Time zone"),
        }
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not self.is_bound:
            self.initial["days"] = [str(d) for d in self.instance.days]

    def clean_days(self) -> list[int]:
        return sorted({int(d) for d in self.cleaned_data["days"]})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and not start < end:
            self.add_error("end", _("The working hours must end after they start (on the same day)."))
        return data
