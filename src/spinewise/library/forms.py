from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spinewise.planning.vocabulary import Category, Equipment, Position, Target, choices


def _shown(enum: type[Any]) -> list[tuple[str, Any]]:
    """A vocabulary's choices with their plain words in the page's language (translated when shown)."""
    return [(value, _(label)) for value, label in choices(enum)]


class LibraryFilterForm(forms.Form):
    """The library's search and filters; every state is a plain GET URL, so it can be shared."""

    q = forms.CharField(required=False, max_length=80, label=_("Search"))
    category = forms.MultipleChoiceField(
        required=False, choices=_shown(Category), widget=forms.CheckboxSelectMultiple, label=_("Category")
    )
    position = forms.MultipleChoiceField(
        required=False, choices=_shown(Position), widget=forms.CheckboxSelectMultiple, label=_("Position")
    )
    equipment = forms.MultipleChoiceField(
        required=False,
        choices=[("none", _("None needed")), *_shown(Equipment)],
        widget=forms.CheckboxSelectMultiple,
        label=_("Equipment"),
    )
    target = forms.MultipleChoiceField(
        required=False, choices=_shown(Target), widget=forms.CheckboxSelectMultiple, label=_("Target")
    )
    difficulty = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=[("1", _("1 (easy)")), ("2", "2"), ("3", _("3 (hard)"))],
        widget=forms.CheckboxSelectMultiple,
        label=_("Difficulty"),
    )
