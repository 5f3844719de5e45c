"""Screenings as the pages and the command line record and read them; each write in one transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from spinewise.safety import hooks
from spinewise.safety.models import Screening
from spinewise.safety.screening import QUESTIONS, Advice, outcome


def record_screening(user: User | None, yes: Iterable[str], source: str) -> tuple[Screening, Advice]:
    """Store one answered screening (every question, the "yes" ones named) and the advice it leads to.

    Apps that act on a screening (programs pause on a red flag) run in the same transaction.
    """
    yes_keys = set(yes)
    advice = outcome(yes_keys)
    with transaction.atomic():
        screening = Screening.objects.create(
            user=user,
            source=source,
            answers={q.key: q.key in yes_keys for q in QUESTIONS},
            urgency=int(advice.urgency),
        )
        hooks.screening_recorded(screening)
    return screening, advice


def clear(screening: Screening) -> None:
    """The person says a clinician has seen them and cleared them to exercise; the first clearance stays."""
    with transaction.atomic():
        Screening.objects.filter(pk=screening.pk, cleared_at__isnull=True).update(cleared_at=timezone.now())


def export_screenings(user: User) -> list[dict[str, object]]:
    """Every screening of the person, oldest first, for their data download."""
    return [
        {
            "at": s.created_at.isoformat(),
            "answers": s.answers,
            "urgency": s.urgency,
            "cleared_at": s.cleared_at.isoformat() if s.cleared_at else None,
        }
        for s in Screening.objects.filter(user=user).order_by("created_at")
    ]
