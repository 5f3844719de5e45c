"""Account-level writes and reads, each in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from spinewise.accounts.models import Profile
from spinewise.assessments.models import Screening
from spinewise.assessments.services import export_assessments
from spinewise.training.models import Session


def create_account(email: str, password: str) -> User:
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=email, email=email, password=password)
        Profile.objects.create(user=user, consented_at=timezone.now())
    return user


def profile_for(user: User) -> Profile:
    """The person's profile; made on first use for accounts created outside the sign-up form (admin)."""
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"consented_at": timezone.now()})
    return profile


def export_data(user: User) -> dict[str, Any]:
    """Everything spinewise keeps about a person, as plain JSON-ready data."""
    profile = profile_for(user)
    sessions = Session.objects.filter(user=user).prefetch_related("items").order_by("started_at")
    return {
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
        "screenings": [
            {
                "at": s.created_at.isoformat(),
                "answers": s.answers,
                "urgency": s.urgency,
                "cleared_at": s.cleared_at.isoformat() if s.cleared_at else None,
            }
            for s in Screening.objects.filter(user=user).order_by("created_at")
        ],
        "assessments": export_assessments(user),
        "sessions": [
            {
                "routine": s.routine_name,
                "started_at": s.started_at.isoformat(),
                "finished_at": s.finished_at.isoformat() if s.finished_at else None,
                "status": s.status,
                "pain_before": s.pain_before,
                "worst_pain_during": s.worst_pain_during,
                "pain_after": s.pain_after,
                "effort": s.effort,
                "notes": s.notes,
                "prescription": s.prescription,
                "items": [i.as_dict() for i in s.items.all()],
            }
            for s in sessions
        ],
    }


def delete_account(user: User) -> None:
    """The account and everything in it: profile, screenings, sessions (all cascade from the user)."""
    with transaction.atomic():
        user.delete()
