"""Account-level writes and reads, each in one transaction."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session as DjangoSession
from django.db import transaction
from django.utils import timezone

from spinewise.accounts import exports, stamps
from spinewise.accounts.models import Profile


def create_account(email: str, password: str) -> User:
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=email, email=email, password=password)
        Profile.objects.create(user=user, consented_at=timezone.now())
    return user


def profile_for(user: User) -> Profile:
    """The person's profile; made on first use for accounts created outside the sign-up form (admin).

    Read once per request: the signed-in user comes with it (accounts.backends), and a user read
    any other way keeps it after the first call."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"consented_at": timezone.now()})
    user.profile = profile
    return profile


def export_data(user: User) -> dict[str, Any]:
    """Everything spinewise keeps about a person, as plain JSON-ready data."""
    profile = profile_for(user)
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "consented_at": profile.consented_at.isoformat(),
        },
        "profile": {
            "level": profile.level,
            "equipment": profile.equipment,
            "avoid": profile.avoid,
            "usual_minutes": profile.usual_minutes,
            "days": profile.days,
            "goal": profile.goal,
            "focus": profile.focus,
            "prefer": profile.prefer or None,
            "time_zone": profile.time_zone,
            "reminder_time": profile.reminder_time.isoformat() if profile.reminder_time else None,
            "units": profile.units,
            "birth_year": profile.birth_year,
            "sex": profile.sex or None,
        },
    }
    for name, section in exports.sections().items():
        data[name] = section(user)
    return data


def delete_account(user: User) -> None:
    """The account and everything in it: every app's rows about the person cascade from the user;
    the log-in throttle's records of them (address, browser) and their web sessions go too."""
    with transaction.atomic():
        names = {user.get_username(), user.email} - {""}
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__in=names).delete()
        user_id = str(user.pk)
        for row in DjangoSession.objects.filter(expire_date__gt=timezone.now()).iterator():
            if row.get_decoded().get("_auth_user_id") == user_id:
                # Through the configured engine, so a cached copy of the session goes too.
                import_module(settings.SESSION_ENGINE).SessionStore(session_key=row.session_key).delete()
        with stamps.leaving(user.pk):
            user.delete()
