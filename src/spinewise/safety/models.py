"""Stored safety screenings: the answers, the urgency they led to, and a clinician's clearance."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

from spinewise.safety.screening import ADVICE, Urgency, stops

STOPPING: tuple[int, ...] = tuple(int(u) for u in Urgency if stops(u))


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def latest_for(self, user: User | None) -> Screening | None:
        """The person's latest screening; with no user, the latest one of this computer's terminal."""
        mine = self.filter(user__isnull=True) if user is None else self.filter(user=user)
        return mine.order_by("-created_at", "-id").first()

    def of(self, user: User | None) -> ScreeningQuerySet:
        """The person's screenings; with no user, this computer's terminal's."""
        return self.filter(user__isnull=True) if user is None else self.filter(user=user)

    def uncleared_stops(self) -> ScreeningQuerySet:
        return self.filter(urgency__in=STOPPING, cleared_at__isnull=True)


class Screening(models.Model):
    """One answered safety screening, kept with its date; a clearance is recorded on it later."""

    # Null for the command line's local person until accounts exist.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    source = models.CharField(max_length=10, choices=[("cli", "Command line"), ("web", "Web")])
    answers = models.JSONField(help_text="question key -> true/false")
    urgency = models.PositiveSmallIntegerField(choices=[(u.value, u.name.lower()) for u in Urgency])
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="when the person recorded that a clinician cleared them"
    )
    cleared_on = models.DateField(
        null=True, blank=True, help_text="the date of the clinician visit that lifted this stop"
    )
    cleared_by = models.CharField(
        max_length=120,
        blank=True,
        default="",
        validators=[ProhibitNullCharactersValidator()],
        help_text="who assessed them, if they said",
    )

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when screenings lived in the assessments app.
        db_table = "assessments_screening"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"screening {self.created_at:%Y-%m-%d}: {Urgency(self.urgency).name.lower()}"

    @property
    def stops(self) -> bool:
        """Whether this screening's outcome paused exercise (whether or not it is cleared since)."""
        return stops(Urgency(self.urgency))

    @property
    def may_exercise(self) -> bool:
        return ADVICE[Urgency(self.urgency)].may_exercise or self.cleared_at is not None
