"""The coaching part of a person's data download: their coach role, the invitations they made or
used, their links (as coach or client), what was assigned within them, its change log, and which
sessions were played from an assignment."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model, Q

from spinewise.coaching.models import AssignedSession, Assignment, Change, CoachProfile, Invitation, Link


def export_covers() -> list[type[Model]]:
    return [CoachProfile, Invitation, Link, Assignment, Change, AssignedSession]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_coaching(user: User) -> dict[str, Any]:
    profile = CoachProfile.objects.filter(user=user).first()
    links = (
        Link.objects.filter(Q(coach=user) | Q(client=user))
        .select_related("coach", "client")
        .prefetch_related("assignments__changes", "assignments__sessions")
        .order_by("started_at")
    )
    invitations = Invitation.objects.filter(Q(coach=user) | Q(used_by=user)).order_by("created_at")
    return {
        "coach_profile": {
            "display_name": profile.display_name,
            "practice": profile.practice,
            "active": profile.active,
        }
        if profile
        else None,
        "invitations": [
            {"kind": i.kind, "hint": i.hint, "created_at": _iso(i.created_at), "state": i.state}
            for i in invitations
        ],
        "links": [
            {
                "role": "coach" if link.coach_id == user.pk else "client",
                "coach": link.coach.email,
                "client": link.client.email,
                "started_at": _iso(link.started_at),
                "ended_at": _iso(link.ended_at),
                "ended_by": link.ended_by or None,
                "assignments": [
                    {
                        "kind": a.kind,
                        "name": a.name,
                        "notes": a.notes,
                        "per_week": a.per_week,
                        "items": a.items,
                        "created_at": _iso(a.created_at),
                        "changes": [
                            {"by": c.by_name, "at": _iso(c.at), "lines": c.lines} for c in a.changes.all()
                        ],
                        "sessions": [s.session_id for s in a.sessions.all()],
                    }
                    for a in link.assignments.all()
                ],
            }
            for link in links
        ],
    }
