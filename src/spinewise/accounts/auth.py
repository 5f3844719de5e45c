from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the email address people signed up with (stored as the username)."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()
