"""Desk mode (when to remind a person to move) and the movement breaks they took."""

from __future__ import annotations

import secrets
from datetime import datetime, time

from django.conf import settings
from django.db import models

from spinewise.accounts.models import validate_time_zone
from spinewise.breaks.schedule import INTERVALS, WORKDAYS, DeskHours, next_break
from spinewise.planning.planner import MAX_BREAK_MINUTES, MIN_BREAK_MINUTES


def new_feed_token() -> str:
    """The calendar feed's secret: 192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


class DeskMode(models.Model):
    """A person's working days and hours, time zone, and how often to get up and move."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_mode")
    enabled = models.BooleanField(default=True)
    days = models.JSONField(default=list, help_text="weekday numbers, 0 = Monday")
    start = models.TimeField(default=time(9, 0))
    end = models.TimeField(default=time(17, 0))
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    every = models.PositiveSmallIntegerField(
        choices=[(m, f"every {m} minutes") for m in INTERVALS], default=60
    )
    minutes = models.PositiveSmallIntegerField(
        choices=[
            (m, f"{m} minute{'s' if m > 1 else ''}") for m in range(MIN_BREAK_MINUTES, MAX_BREAK_MINUTES + 1)
        ],
        default=2,
    )
    # The private calendar feed's secret; a new one revokes the old address.
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    skipped_slot = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="desk_hours_in_order"),
        ]

    def __str__(self) -> str:
        return f"desk mode of {self.user}"

    def hours(self) -> DeskHours:
        return DeskHours(
            days=frozenset(self.days or WORKDAYS),
            start=self.start,
            end=self.end,
            every=self.every,
            time_zone=self.time_zone,
            skipped=frozenset([self.skipped_slot]) if self.skipped_slot else frozenset(),
            snoozed_until=self.snoozed_until,
        )

    def next_break(self, now: datetime) -> datetime | None:
        return next_break(self.hours(), now) if self.enabled else None


class BreakTaken(models.Model):
    """One movement break, lightly: when, which routine, and whether it was finished."""

    # Null for the command line's local person, as with sessions.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="breaks_taken"
    )
    source = models.CharField(max_length=10, choices=[("cli", "Command line"), ("web", "Web")])
    routine_name = models.CharField(max_length=120)
    prescription = models.JSONField()
    slot = models.DateTimeField(null=True, blank=True, help_text="the scheduled break it answered")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_break_per_client_id"),
        ]

    def __str__(self) -> str:
        return f"break {self.routine_name} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def slugs(self) -> frozenset[str]:
        items = self.prescription.get("items", []) if isinstance(self.prescription, dict) else []
        return frozenset(str(i.get("slug")) for i in items if isinstance(i, dict))

    def as_dict(self) -> dict[str, object]:
        return {
            "routine": self.routine_name,
            "source": self.source,
            "slot": self.slot.isoformat() if self.slot else None,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "exercises": [i.get("name") for i in self.prescription.get("items", [])]
            if isinstance(self.prescription, dict)
            else [],
        }
