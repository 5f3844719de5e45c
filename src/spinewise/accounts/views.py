from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spinewise.accounts import tokens
from spinewise.accounts.auth import current_user
from spinewise.accounts.forms import ApiTokenForm, DeleteAccountForm, ProfileForm, SignupForm
from spinewise.accounts.models import ApiToken
from spinewise.accounts.services import create_account, delete_account, export_data, profile_for
from spinewise.redirects import safe_next


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = create_account(form.cleaned_data["email"], form.cleaned_data["password"])
        login(request, user, backend="spinewise.web.backends.ModelBackendWithProfile")
        # The guided first visit (web/onboarding.py): its pages show the steps while this is set.
        request.session["onboarding"] = "safety"
        messages.success(request, _("Welcome to spinewise. First, a short safety check."))
        return redirect(f"{reverse('safety:screening')}?{urlencode({'next': reverse('accounts:profile')})}")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance = profile_for(current_user(request))
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        if "onboarding" in request.session and not safe_next(request):
            request.session["onboarding"] = "tests"
            return redirect("welcome-tests")
        return redirect(safe_next(request, reverse("home")))
    return render(request, "accounts/profile.html", {"form": form})


def _account_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    tokens = list(ApiToken.objects.of(current_user(request)))
    context = {"tokens": tokens, "token_form": extra.pop("token_form", None) or ApiTokenForm(), **extra}
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


@login_required
@require_POST
def make_api_token(request: HttpRequest) -> HttpResponse:
    """Make a personal API token and show it once, in this reply only: it is never stored."""
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = tokens.make_token(
                current_user(request), form.cleaned_data["name"], form.cleaned_data["scope"]
            )
        except tokens.TokenRefused as exc:
            form.add_error(None, str(exc))
        else:
            return _account_page(request, new_token=raw, new_token_row=token)
    return _account_page(request, status=400, token_form=form)


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    if tokens.revoke(current_user(request), pk):
        messages.success(request, _("The token is revoked: it no longer works."))
    else:
        messages.error(request, _("No such token of yours."))
    return redirect("accounts:account")


@login_required
def download_data(request: HttpRequest) -> HttpResponse:
    data = export_data(current_user(request))
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="spinewise-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(current_user(request), request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_account(current_user(request))
        logout(request)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
