from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import User
from django.db.models import Q

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.accounts.models import WEEKDAYS, Profile
from spinewise.planning.planner import MAX_MINUTES, MIN_MINUTES
from spinewise.planning.request import avoids_every_position
from spinewise.planning.vocabulary import GROUP_LABELS, Equipment, Position, choices

# The groups first; a position spelled like a group ("kneeling") is covered by the group, so it is
# not listed again (two boxes with one value would tick together).
AVOID_CHOICES = [
    *GROUP_LABELS.items(),
    *((value, words) for value, words in choices(Position) if value not in GROUP_LABELS),
]
EQUIPMENT_CHOICES = choices(Equipment)


def check_avoid(avoid: list[str]) -> list[str]:
    if avoids_every_position(avoid):
        raise forms.ValidationError("Avoiding every position leaves no exercise; untick at least one.")
    return avoid


class SignupForm(forms.Form):
    email = forms.EmailField(max_length=150, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_again = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent = forms.BooleanField(
        label="I agree that spinewise stores the health information I enter (pain scores, screening answers and"
        " sessions) to guide my exercise, as the privacy page explains.",
        error_messages={
            "required": "We need your agreement to store health information before you can sign up."
        },
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if users.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in or reset your password."
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The two passwords do not match.")
        elif password:
            try:
                password_validation.validate_password(password, User(username=data.get("email", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


def equipment_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        required=False, choices=EQUIPMENT_CHOICES, widget=forms.CheckboxSelectMultiple, label=label
    )


def avoid_field() -> forms.MultipleChoiceField:
    """Positions to avoid; the form's clean_avoid refuses a choice that leaves no position."""
    return forms.MultipleChoiceField(
        required=False, choices=AVOID_CHOICES, widget=forms.CheckboxSelectMultiple, label="Positions to avoid"
    )


class ProfileForm(forms.ModelForm[Profile]):
    equipment = equipment_field("Equipment you have (a mat, the floor and a wall are assumed)")
    avoid = avoid_field()
    days = forms.MultipleChoiceField(
        required=False,
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        label="Days you usually exercise",
    )
    usual_minutes = forms.IntegerField(min_value=MIN_MINUTES, max_value=MAX_MINUTES, label="Usual minutes")
    prefer = forms.ChoiceField(
        required=False,
        choices=[("", "Unknown"), ("flexion", "Bending forward"), ("extension", "Bending backward")],
        label="A direction that eases your pain (leave unknown if unsure)",
    )
    sex = forms.ChoiceField(
        required=False,
        choices=[("", "Prefer not to say"), *Profile.Sex.choices],
        label="Sex (optional, only for test norms)",
    )
    birth_year = forms.IntegerField(
        required=False, min_value=1900, max_value=2020, label="Birth year (optional, only for test norms)"
    )

    class Meta:
        model = Profile
        fields = [
            "level",
            "equipment",
            "avoid",
            "usual_minutes",
            "days",
            "goal",
            "focus",
            "prefer",
            "time_zone",
            "reminder_time",
            "units",
            "birth_year",
            "sex",
        ]
        labels = {
            "goal": "Your goal, in your words",
        }
        widgets = {"reminder_time": forms.TimeInput(attrs={"type": "time"})}

    def clean_avoid(self) -> list[str]:
        return check_avoid(self.cleaned_data["avoid"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class ApiTokenForm(forms.Form):
    """A new personal API token: its name and what it may do."""

    name = forms.CharField(max_length=60, label="Name", help_text="For example: my phone, a script.")
    scope = forms.ChoiceField(
        choices=[("read", "Read only"), ("write", "Read and write")],
        initial="read",
        widget=forms.RadioSelect,
        label="It may",
    )
