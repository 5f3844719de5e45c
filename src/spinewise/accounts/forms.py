from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.accounts.models import WEEKDAYS, Profile, translated_choices
from spinewise.planning.planner import MAX_MINUTES, MIN_MINUTES
from spinewise.planning.request import avoids_every_position
from spinewise.planning.vocabulary import GROUP_LABELS, Equipment, Position, choices

# The groups first; a position spelled like a group ("kneeling") is covered by the group, so it is
# not listed again (two boxes with one value would tick together).
# The words are marked in planning.vocabulary and shown in the page's language (lazily).
AVOID_CHOICES = [
    *((value, _(words)) for value, words in GROUP_LABELS.items()),
    *((value, _(words)) for value, words in choices(Position) if value not in GROUP_LABELS),
]
EQUIPMENT_CHOICES = translated_choices(Equipment)


def check_avoid(avoid: list[str]) -> list[str]:
    if avoids_every_position(avoid):
        raise forms.ValidationError(_("Avoiding every position leaves no exercise; untick at least one."))
    return avoid


class SignupForm(forms.Form):
    email = forms.EmailField(
        max_length=150, label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that spinewise stores the health information I enter (pain scores, screening answers and"
            " sessions) to guide my exercise, as the privacy page explains."
        ),
        error_messages={
            "required": _("We need your agreement to store health information before you can sign up.")
        },
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if users.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            raise forms.ValidationError(
                _("An account with this email already exists. Log in or reset your password.")
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords do not match."))
        elif password:
            try:
                password_validation.validate_password(password, User(username=data.get("email", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


def equipment_field(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        required=False, choices=EQUIPMENT_CHOICES, widget=forms.CheckboxSelectMultiple, label=label
    )


def avoid_field() -> forms.MultipleChoiceField:
    """Positions to avoid; the form's clean_avoid refuses a choice that leaves no position."""
    return forms.MultipleChoiceField(
        required=False,
        choices=AVOID_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label=_("Positions to avoid"),
    )


def language_choices() -> list[tuple[str, Any]]:
    """The interface's languages, each named in itself, after "follow the browser"."""
    return [("", _("The browser's language")), *settings.LANGUAGES]


class LanguageSelect(forms.Select):
    """Each language's name is marked as written in that language (`lang`), for screen readers."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = str(value)
        return option


class ProfileForm(forms.ModelForm[Profile]):
    equipment = equipment_field(_("Equipment you have (a mat, the floor and a wall are assumed)"))
    avoid = avoid_field()
    days = forms.MultipleChoiceField(
        required=False,
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        label=_("Days you usually exercise"),
    )
    usual_minutes = forms.IntegerField(min_value=MIN_MINUTES, max_value=MAX_MINUTES, label=_("Usual minutes"))
    prefer = forms.ChoiceField(
        required=False,
        choices=[("", _("Unknown")), ("flexion", _("Bending forward")), ("extension", _("Bending backward"))],
        label=_("A direction that eases your pain (leave unknown if unsure)"),
    )
    sex = forms.ChoiceField(
        required=False,
        choices=[("", _("Prefer not to say")), *Profile.Sex.choices],
        label=_("Sex (optional, only for test norms)"),
    )
    birth_year = forms.IntegerField(
        required=False, min_value=1900, max_value=2020, label=_("Birth year (optional, only for test norms)")
    )
    # "" follows the browser's language; the switcher on every page sets it too (web/language.py).
    language = forms.ChoiceField(
        required=False,
        choices=language_choices,
        widget=LanguageSelect,
        label=_("Language / Idioma"),
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
            "language",
        ]
        labels = {
            "level": _("Level"),
            "goal": _("Your goal, in your words"),
            "focus": _("Focus"),
            "time_zone": _("Time zone"),
            "reminder_time": _("Reminder time"),
            "units": _("Units"),
        }
        widgets = {"reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean_avoid(self) -> list[str]:
        return check_avoid(self.cleaned_data["avoid"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class ApiTokenForm(forms.Form):
    """A new personal API token: its name and what it may do."""

    name = forms.CharField(max_length=60, label=_("Name"), help_text=_("For example: my phone, a script."))
    scope = forms.ChoiceField(
        choices=[("read", _("Read only")), ("write", _("Read and write"))],
        initial="read",
        widget=forms.RadioSelect,
        label=_("It may"),
    )
