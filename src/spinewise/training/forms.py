"""The training pages' forms: the player's parameters, a planned routine's, and quick relief.

Every planner input is read by spinewise.planning.request, so these forms and the command
line accept, default and refuse the same values; the forms only place each problem by its field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spinewise.accounts.forms import avoid_field, check_avoid, equipment_field
from spinewise.planning.planner import MAX_MINUTES, MIN_MINUTES
from spinewise.planning.request import (
    DEFAULT_MINUTES,
    PlanningRequest,
    RequestRefused,
    read_avoid,
    read_equipment,
    read_focus,
    read_level,
    read_minutes,
    read_prefer,
    read_seed,
    read_state,
)
from spinewise.planning.vocabulary import Equipment, Focus, Level, Preference, State

MIN_SPEED = 1.0
MAX_SPEED = 1000.0
T = TypeVar("T")


def _read(reader: Callable[[Any], T], raw: Any) -> T:
    try:
        return reader(raw)
    except RequestRefused as refused:
        raise forms.ValidationError([problem.message for problem in refused.problems]) from None


class ValuesField(forms.Field):
    """Values as repeated parameters (?avoid=prone&avoid=floor) or comma-separated (?avoid=prone,floor)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


class PlayerForm(forms.Form):
    """The parameters every player page takes."""

    level = forms.CharField(required=False)
    speed = forms.FloatField(
        required=False,
        min_value=MIN_SPEED,
        max_value=MAX_SPEED,
        error_messages={
            "invalid": _("Speed must be a number from 1 to 1000."),
            "min_value": _("Speed must be a number from 1 to 1000."),
            "max_value": _("Speed must be a number from 1 to 1000."),
        },
    )

    def clean_level(self) -> Level:
        return _read(read_level, self.cleaned_data["level"])

    def level_value(self) -> Level:
        level: Level = self.cleaned_data["level"]
        return level

    def speed_value(self) -> float:
        speed = self.cleaned_data.get("speed")
        return MIN_SPEED if speed is None else float(speed)

    def problems(self) -> list[str]:
        """Every problem, in the order of the fields."""
        return [str(message) for errors in self.errors.values() for message in errors]


class LimitsForm(PlayerForm):
    """A fixed routine's page (a built-in routine, a session played again): the level and speed,
    and today's limits the routine honours. What the query gives wins; otherwise a signed-in
    person's stored equipment and avoided positions; without an account and without answers, no
    limit is assumed (the routine's equipment at hand, no position avoided, an ordinary day)."""

    equipment = ValuesField(required=False)
    avoid = ValuesField(required=False)
    state = forms.CharField(required=False)

    def clean_equipment(self) -> tuple[Equipment, ...]:
        return _read(read_equipment, self.cleaned_data["equipment"])

    def clean_avoid(self) -> tuple[str, ...]:
        return _read(read_avoid, self.cleaned_data["avoid"])

    def clean_state(self) -> State:
        return _read(read_state, self.cleaned_data["state"])

    def given(self, name: str) -> bool:
        return bool(self.data.get(name))

    def planning_request(self, usual: PlanningRequest | None) -> PlanningRequest:
        data = self.cleaned_data
        base = usual if usual is not None else PlanningRequest(equipment=tuple(Equipment))
        return replace(
            base,
            level=data["level"],
            state=data["state"],
            equipment=data["equipment"] if self.given("equipment") else base.equipment,
            avoid=data["avoid"] if self.given("avoid") else base.avoid,
        )

    def limits_query(self) -> dict[str, str]:
        """The limits given in the query, to carry on to the player's link."""
        data = self.cleaned_data
        given = {
            "equipment": ",".join(e.value for e in data["equipment"]) or "none",
            "avoid": ",".join(data["avoid"]),
            "state": data["state"].value,
        }
        return {name: value for name, value in given.items() if self.given(name)}


class PlanForm(PlayerForm):
    """A routine planned for the time and the day; the defaults are the command line's."""

    minutes = forms.CharField(required=False)
    equipment = ValuesField(required=False)
    avoid = ValuesField(required=False)
    state = forms.CharField(required=False)
    focus = forms.CharField(required=False)
    prefer = forms.CharField(required=False)
    seed = forms.CharField(required=False)

    def clean_minutes(self) -> int:
        return _read(read_minutes, self.cleaned_data["minutes"])

    def clean_equipment(self) -> tuple[Equipment, ...]:
        return _read(read_equipment, self.cleaned_data["equipment"])

    def clean_avoid(self) -> tuple[str, ...]:
        return _read(read_avoid, self.cleaned_data["avoid"])

    def clean_state(self) -> State:
        return _read(read_state, self.cleaned_data["state"])

    def clean_focus(self) -> Focus:
        return _read(read_focus, self.cleaned_data["focus"])

    def clean_prefer(self) -> Preference | None:
        return _read(read_prefer, self.cleaned_data["prefer"])

    def clean_seed(self) -> int:
        return _read(read_seed, self.cleaned_data["seed"])

    def planning_request(self) -> PlanningRequest:
        data = self.cleaned_data
        return PlanningRequest(
            minutes=data["minutes"],
            level=data["level"],
            equipment=data["equipment"],
            avoid=data["avoid"],
            state=data["state"],
            focus=data["focus"],
            prefer=data["prefer"],
            seed=data["seed"],
        )


class QuickReliefForm(forms.Form):
    minutes = forms.IntegerField(
        min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=DEFAULT_MINUTES, label=_("Minutes")
    )
    equipment = equipment_field(_("Equipment at hand (none needed)"))
    avoid = avoid_field()
    state = forms.ChoiceField(
        choices=[
            ("stiff", _("Stiff")),
            ("flare-up", _("Sore: a flare-up")),
            ("fine", _("Fine, just keeping it moving")),
        ],
        initial=State.STIFF.value,
        widget=forms.RadioSelect,
        label=_("How is your back today?"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The shared fields' words (accounts.forms), in the page's language.
        self.fields["avoid"].label = gettext("Positions to avoid")
        for name in ("equipment", "avoid"):
            field = self.fields[name]
            field.choices = [(value, gettext(str(label))) for value, label in field.choices]  # type: ignore[attr-defined]

    def clean_avoid(self) -> list[str]:
        return check_avoid(self.cleaned_data["avoid"])

    def planning_request(self, usual: PlanningRequest) -> PlanningRequest:
        """The person's usual request (level, preference) with today's answers."""
        data = self.cleaned_data
        return replace(
            usual,
            minutes=data["minutes"],
            equipment=tuple(Equipment(e) for e in data["equipment"]),
            avoid=tuple(data["avoid"]),
            state=State(data["state"]),
            # "My back hurts now": quick relief always aims at relief, whatever the profile's usual focus.
            focus=Focus.RELIEF,
        )
