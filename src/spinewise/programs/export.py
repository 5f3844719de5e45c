"""The programs' part of a person's data download: enrolments with each workout's decision and
reasons, pauses, "pain now" and morning check-ins, lifetime access and code redemption attempts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model

from spinewise.programs.models import (
    Access,
    AccessCode,
    Enrolment,
    PainCheck,
    Pause,
    ProgramSession,
    RedeemAttempt,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_covers() -> list[type[Model]]:
    return [Enrolment, Pause, ProgramSession, PainCheck, Access, AccessCode, RedeemAttempt]


def export_programs(user: User) -> dict[str, Any]:
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("program")
        .prefetch_related("pauses", "done__session")
        .order_by("created_at")
    )
    return {
        "enrolments": [
            {
                "program": e.program.slug,
                "start_date": _iso(e.start_date),
                "weekdays": e.weekdays,
                "status": e.status,
                "created_at": _iso(e.created_at),
                "ended_at": _iso(e.ended_at),
                "pauses": [
                    {"start": _iso(p.start), "end": _iso(p.end), "reason": p.reason, "explain": p.explain}
                    for p in e.pauses.all()
                ],
                "workouts": [
                    {
                        "number": w.number,
                        "session_started_at": _iso(w.session.started_at),
                        "dose_week": w.dose_week,
                        "decision": w.decision,
                        "reasons": w.reasons,
                    }
                    for w in e.done.all()
                ],
            }
            for e in enrolments
        ],
        "pain_checks": [
            {"kind": c.kind, "pain": c.pain, "at": _iso(c.at)}
            for c in PainCheck.objects.filter(user=user).order_by("at")
        ],
        "lifetime_access": [
            {
                "program": a.program.slug,
                "source": a.source,
                "granted_at": _iso(a.granted_at),
                # The redeemed code's last characters (the code itself is kept only as a digest).
                "code_hint": a.code.hint if a.code else None,
            }
            for a in Access.objects.filter(user=user).select_related("program", "code").order_by("granted_at")
        ],
        "redeem_attempts": [
            {"at": _iso(r.at), "ip": r.ip, "succeeded": r.succeeded}
            for r in RedeemAttempt.objects.filter(user=user).order_by("at")
        ],
    }
