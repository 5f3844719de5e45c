"""Screenings as the pages and the command line record and read them; each write in one transaction.

A stop (an outcome that pauses exercise) holds until the person records a clinician visit on or
after its date: answering again stores the new answers but never lowers what is in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from spinewise.accounts.stamps import touch
from spinewise.safety import hooks
from spinewise.safety.models import Screening
from spinewise.safety.screening import (
    ADVICE,
    QUESTIONS,
    Advice,
    ClearanceError,
    Standing,
    Urgency,
    check_clearance,
    outcome,
    urgency_in_force,
)

MAX_CLEARED_BY = 120


def stop_in_force(user: User | None) -> Screening | None:
    """The person's uncleared stop: the most urgent, and of those the earliest. Several can be
    uncleared when new answers came while an earlier stop held. No user: the terminal's."""
    return Screening.objects.of(user).uncleared_stops().order_by("-urgency", "created_at", "id").first()


def stopped_on(stop: Screening) -> date:
    return timezone.localdate(stop.created_at)


def record_screening(
    user: User | None, yes: Iterable[str], source: str
) -> tuple[Screening, Advice, Standing]:
    """Store one answered screening (every question, the "yes" ones named), the advice the answers
    lead to, and the standing in force after them: an earlier uncleared stop holds unless the new
    answers are more urgent.

    Apps that act on a screening (programs pause on a red flag) run in the same transaction.
    """
    yes_keys = set(yes)
    advice = outcome(yes_keys)
    with transaction.atomic():
        stop = stop_in_force(user)
        standing = urgency_in_force(
            Urgency(stop.urgency) if stop else None,
            stopped_on(stop) if stop else None,
            advice.urgency,
            timezone.localdate(),
        )
        screening = Screening.objects.create(
            user=user,
            source=source,
            answers={q.key: q.key in yes_keys for q in QUESTIONS},
            urgency=int(advice.urgency),
        )
        hooks.screening_recorded(screening)
    return screening, advice, standing


def clean_cleared_by(who: str) -> str:
    """Who assessed the person, as stored: trimmed; too long or a NUL character is refused."""
    who = who.strip()
    if "\x00" in who:
        raise ClearanceError("the clinician's name contains a character that cannot be stored")
    if len(who) > MAX_CLEARED_BY:
        raise ClearanceError(f"the clinician's name is longer than {MAX_CLEARED_BY} characters")
    return who


def record_clearance(stop: Screening, visit_on: date, who: str = "") -> int:
    """Record a clinician visit that lifts `stop` and every other stop of the person given up to
    that date; returns how many were lifted. Raises ClearanceError (a date before the stop or in
    the future, a name that cannot be stored) and changes nothing then."""
    who = clean_cleared_by(who)
    check_clearance(stopped_on(stop), visit_on, timezone.localdate())
    with transaction.atomic():
        lifted = [
            s.pk
            for s in Screening.objects.of(stop.user).uncleared_stops().select_for_update()
            if stopped_on(s) <= visit_on
        ]
        count = Screening.objects.filter(pk__in=lifted).update(
            cleared_at=timezone.now(), cleared_on=visit_on, cleared_by=who
        )
        touch([stop.user_id], progress=False)  # the update sends no signal (accounts.stamps)
        return count


def export_screenings(user: User) -> list[dict[str, object]]:
    """Every screening of the person, oldest first, for their data download."""
    return [
        {
            "at": s.created_at.isoformat(),
            "answers": s.answers,
            "urgency": s.urgency,
            "advice": ADVICE[Urgency(s.urgency)].headline,
            "cleared_at": s.cleared_at.isoformat() if s.cleared_at else None,
            "cleared_on": s.cleared_on.isoformat() if s.cleared_on else None,
            "cleared_by": s.cleared_by or None,
        }
        for s in Screening.objects.filter(user=user).order_by("created_at")
    ]
