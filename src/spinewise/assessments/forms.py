"""The battery page's form: a field per test and side in the person's units, the questionnaires, the PSFS."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from spinewise.assessments.models import Assessment, FunctionActivity, HomeTest
from spinewise.assessments.services import MAX_ACTIVITIES, MIN_ACTIVITIES, AssessmentIn, NewActivity, ResultIn
from spinewise.edge import client_id_field
from spinewise.library.i18n import localized
from spinewise.planning.scoring import Unit, cm_to_inches, inches_to_cm

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# "" first: every rating can be left out, and a mistaken tap can be undone.
SCALE = [("", gettext_lazy("Skip")), *((str(n), str(n)) for n in range(11))]


def scale_field(label: StrOrPromise, low: StrOrPromise, high: StrOrPromise) -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        empty_value=None,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    field.low, field.high = low, high  # type: ignore[attr-defined]
    return field


@dataclass(frozen=True)
class TestInputs:
    """The inputs of one test, for the template: one bound field per side."""

    __test__ = False  # not a pytest test class

    test: HomeTest
    fields: list[tuple[str, forms.BoundField]]  # (side label, field)
    unit_label: str


class BatteryForm(forms.Form):
    client_id = client_id_field()
    kind = forms.ChoiceField(choices=Assessment.Kind.choices, label=gettext_lazy("What is this sitting for?"))
    pain_now = scale_field(
        gettext_lazy("Your back pain right now"), gettext_lazy("no pain"), gettext_lazy("worst imaginable")
    )
    pain_worst_week = scale_field(
        gettext_lazy("Your worst back pain in the last 7 days"),
        gettext_lazy("no pain"),
        gettext_lazy("worst imaginable"),
    )
    stiffness = scale_field(
        gettext_lazy("How stiff your back feels today"),
        gettext_lazy("not stiff"),
        gettext_lazy("as stiff as it could be"),
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=gettext_lazy("A note for yourself (optional)"),
        help_text=gettext_lazy("For example: done in the evening, or a different chair."),
    )

    def __init__(
        self,
        *args: Any,
        tests: Sequence[HomeTest],
        activities: Sequence[FunctionActivity],
        units: str = "cm",
        first_assessment: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if first_assessment:
            # The first sitting is what every later one is compared with.
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [(Assessment.Kind.BASELINE.value, Assessment.Kind.BASELINE.label)]
        lang = translation.get_language()
        self.tests = [localized(test, lang) for test in tests]
        self.activities = list(activities)
        self.units = units
        for test in self.tests:
            for side in test.side_list:
                self.fields[self.result_name(test, side)] = self._result_field(test, side)
        for activity in self.activities:
            self.fields[f"rate_{activity.pk}"] = scale_field(
                activity.name, _("unable to do it"), _("as well as before")
            )
        for n in range(self.new_slots):
            number = {"n": len(self.activities) + n + 1}
            self.fields[f"new_name_{n}"] = forms.CharField(
                required=False, max_length=80, label=_("Activity %(n)s") % number
            )
            self.fields[f"new_score_{n}"] = scale_field(
                _("How able you are to do activity %(n)s") % number,
                _("unable to do it"),
                _("as well as before"),
            )

    # -------------------------------------------------------------- layout helpers

    @staticmethod
    def result_name(test: HomeTest, side: str) -> str:
        return f"result__{test.slug}__{side or 'one'}"

    @property
    def new_slots(self) -> int:
        return max(0, MAX_ACTIVITIES - len(self.activities))

    @property
    def first_time(self) -> bool:
        return not self.activities

    def unit_key(self, test: HomeTest) -> str:
        """The unit the field takes, as a key (seconds, inches, cm); `unit_label` is its words."""
        if test.unit == Unit.SECONDS:
            return "seconds"
        return "inches" if self.units == "in" else "cm"

    def unit_label(self, test: HomeTest) -> str:
        return {
            "seconds": pgettext("unit", "seconds"),
            "inches": pgettext("unit", "inches"),
            "cm": pgettext("unit", "cm"),
        }[self.unit_key(test)]

    @staticmethod
    def side_label(side: str) -> str:
        return {"left": pgettext("side", "Left"), "right": pgettext("side", "Right")}.get(side, side)

    def _result_field(self, test: HomeTest, side: str) -> forms.FloatField:
        unit = self.unit_label(test)
        top = test.max_value
        if test.unit == Unit.CM and self.units == "in":
            top = round(cm_to_inches(test.max_value), 1)
        lowest = 0.0 if test.unit == Unit.CM else 1.0
        said = {"test": test.name, "side": self.side_label(side).lower(), "unit": unit}
        said |= {"low": f"{lowest:g}", "high": f"{top:g}"}
        if side:
            message = _(
                "%(test)s, %(side)s: enter a number from %(low)s to %(high)s %(unit)s, or leave it empty."
            )
            label = _("%(side)s (%(unit)s)") % {"side": self.side_label(side), "unit": unit}
        else:
            message = _("%(test)s: enter a number from %(low)s to %(high)s %(unit)s, or leave it empty.")
            label = _("Result (%(unit)s)") % {"unit": unit}
        message = message % said
        return forms.FloatField(
            required=False,
            min_value=lowest,
            max_value=top,
            label=label,
            widget=forms.NumberInput(
                attrs={"step": "any", "inputmode": "decimal", "min": lowest, "max": top}
            ),
            error_messages={"invalid": message, "min_value": message, "max_value": message},
        )

    def test_inputs(self) -> list[TestInputs]:
        return [
            TestInputs(
                test,
                [(self.side_label(side), self[self.result_name(test, side)]) for side in test.side_list],
                self.unit_key(test),
            )
            for test in self.tests
        ]

    def questions(self) -> list[forms.BoundField]:
        return [self["pain_now"], self["pain_worst_week"], self["stiffness"]]

    def activity_fields(self) -> list[forms.BoundField]:
        return [self[f"rate_{a.pk}"] for a in self.activities]

    def new_activity_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"new_name_{n}"], self[f"new_score_{n}"]) for n in range(self.new_slots)]

    # -------------------------------------------------------------- validation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = 0
        for n in range(self.new_slots):
            name = (data.get(f"new_name_{n}") or "").strip()
            score = data.get(f"new_score_{n}")
            if name and score is None:
                self.add_error(
                    f"new_score_{n}", _("Rate '%(name)s' from 0 to 10, or clear its name.") % {"name": name}
                )
            if score is not None and not name:
                self.add_error(f"new_name_{n}", _("Name the activity you rated."))
            named += bool(name)
        if self.first_time and 0 < named < MIN_ACTIVITIES:
            self.add_error(
                None,
                _(
                    "Name at least %(min)s activities (up to %(max)s) that your back makes hard,"
                    " or leave them all empty for now."
                )
                % {"min": MIN_ACTIVITIES, "max": MAX_ACTIVITIES},
            )
        names = [(data.get(f"new_name_{n}") or "").strip().casefold() for n in range(self.new_slots)]
        names = [n for n in names if n]
        existing = {a.name.casefold() for a in self.activities}
        if len(set(names)) != len(names) or existing & set(names):
            self.add_error(None, _("Each activity needs its own name; one of them is listed twice."))
        if not self.errors and self.to_input().is_empty:
            self.add_error(None, _("Answer at least one test or question before saving."))
        return data

    def to_input(self) -> AssessmentIn:
        data = self.cleaned_data
        results = []
        for test in self.tests:
            for side in test.side_list:
                value = data.get(self.result_name(test, side))
                if value is None:
                    continue
                if test.unit == Unit.CM and self.units == "in":
                    value = inches_to_cm(value)
                results.append(ResultIn(test.slug, side, float(value)))
        ratings = {
            a.pk: data[f"rate_{a.pk}"] for a in self.activities if data.get(f"rate_{a.pk}") is not None
        }
        new = [
            NewActivity(data[f"new_name_{n}"].strip(), data[f"new_score_{n}"])
            for n in range(self.new_slots)
            if (data.get(f"new_name_{n}") or "").strip() and data.get(f"new_score_{n}") is not None
        ]
        return AssessmentIn(
            kind=data.get("kind") or Assessment.Kind.CHECK.value,
            note=data.get("note") or "",
            pain_now=data.get("pain_now"),
            pain_worst_week=data.get("pain_worst_week"),
            stiffness=data.get("stiffness"),
            results=results,
            ratings=ratings,
            new_activities=new,
        )
