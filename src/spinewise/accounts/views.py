from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from spinewise.accounts.forms import ClearanceForm, DeleteAccountForm, ProfileForm, ScreeningForm, SignupForm
from spinewise.accounts.safety import QUICK_CHECK_KEY, latest_screening
from spinewise.accounts.services import create_account, delete_account, export_data, profile_for
from spinewise.assessments.models import Screening
from spinewise.assessments.screening import ADVICE, Urgency, outcome
from spinewise.redirects import safe_next


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = create_account(form.cleaned_data["email"], form.cleaned_data["password"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to spinewise. First, a short safety check.")
        return redirect(f"{reverse('accounts:screening')}?{urlencode({'next': reverse('accounts:profile')})}")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance = profile_for(_user(request))
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect(safe_next(request, reverse("accounts:profile")))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


@login_required
def download_data(request: HttpRequest) -> HttpResponse:
    data = export_data(_user(request))
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="spinewise-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(_user(request), request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_account(_user(request))
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


# ------------------------------------------------------------------ safety screening


@login_required
@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        advice = outcome(form.yes_keys())
        Screening.objects.create(
            user=_user(request), source="web", answers=form.answers(), urgency=int(advice.urgency)
        )
        url = reverse("accounts:screening-result")
        target = safe_next(request, "")
        return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
    return render(request, "accounts/screening.html", {"form": form, "next": safe_next(request, "")})


@login_required
@require_http_methods(["GET", "POST"])
def screening_result(request: HttpRequest) -> HttpResponse:
    last = latest_screening(request)
    if last is None:
        return redirect("accounts:screening")
    advice = ADVICE[Urgency(last.urgency)]
    form = ClearanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not advice.may_exercise and form.is_valid():
        with transaction.atomic():
            Screening.objects.filter(pk=last.pk, cleared_at__isnull=True).update(cleared_at=timezone.now())
        messages.success(request, "Thank you. You can exercise again; start gently.")
        return redirect(safe_next(request, reverse("home")))
    return render(
        request,
        "accounts/screening_result.html",
        {"screening": last, "advice": advice, "form": form, "next": safe_next(request, "")},
    )


@require_http_methods(["GET", "POST"])
def quick_check(request: HttpRequest) -> HttpResponse:
    """Quick relief without an account: the same questions on one screen, kept in this browser session."""
    if request.user.is_authenticated:
        return HttpResponseRedirect(
            f"{reverse('accounts:screening')}?{urlencode({'next': safe_next(request, '')})}"
        )
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    advice = None
    if request.method == "POST" and form.is_valid():
        advice = outcome(form.yes_keys())
        if advice.may_exercise:
            request.session[QUICK_CHECK_KEY] = True
            if advice.urgency == Urgency.MENTION:
                messages.info(request, f"{advice.headline} {advice.action}")
            return redirect(safe_next(request, reverse("training:relief")))
        request.session.pop(QUICK_CHECK_KEY, None)
    return render(
        request, "accounts/quick_check.html", {"form": form, "advice": advice, "next": safe_next(request, "")}
    )


def home(request: HttpRequest) -> HttpResponse:
    """The front page; for a signed-in person, today's shortcuts."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    from spinewise.programs.services import current_enrolment, local_today, plan_for
    from spinewise.training.models import Favourite, Session

    user = _user(request)
    favourites = list(Favourite.objects.filter(user=user, routine__retired=False).select_related("routine"))
    recent = list(Session.objects.filter(user=user).order_by("-started_at")[:3])
    enrolment = current_enrolment(user)
    plan = plan_for(enrolment, local_today(user)) if enrolment is not None else None
    return render(
        request,
        "accounts/today.html",
        {
            "favourites": favourites,
            "recent": recent,
            "profile": profile_for(user),
            "screening": latest_screening(request),
            "plan": plan,
            "next": plan.next_workout if plan else None,
        },
    )
