from __future__ import annotations

from django import forms

from spinewise.planning.vocabulary import Category, Equipment, Position, Target, choices


class LibraryFilterForm(forms.Form):
    """The library's search and filters; every state is a plain GET URL, so it can be shared."""

    q = forms.CharField(required=False, max_length=80, label="Search")
    category = forms.MultipleChoiceField(
        required=False, choices=choices(Category), widget=forms.CheckboxSelectMultiple
    )
    position = forms.MultipleChoiceField(
        required=False, choices=choices(Position), widget=forms.CheckboxSelectMultiple
    )
    equipment = forms.MultipleChoiceField(
        required=False,
        choices=[("none", "None needed"), *choices(Equipment)],
        widget=forms.CheckboxSelectMultiple,
    )
    target = forms.MultipleChoiceField(
        required=False, choices=choices(Target), widget=forms.CheckboxSelectMultiple
    )
    difficulty = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=[("1", "1 (easy)"), ("2", "2"), ("3", "3 (hard)")],
        widget=forms.CheckboxSelectMultiple,
    )
