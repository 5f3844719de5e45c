from __future__ import annotations

from django.conf import settings
from django.db import models

from spinewise.assessments.screening import ADVICE, Urgency


class Screening(models.Model):
    """One answered safety screening, kept with its date; a clearance is recorded on it later."""

    # Null for the command line's local person until accounts exist.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    source = models.CharField(max_length=10, choices=[("cli", "Command line"), ("web", "Web")])
    answers = models.JSONField(help_text="question key -> true/false")
    urgency = models.PositiveSmallIntegerField(choices=[(u.value, u.name.lower()) for u in Urgency])
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="when the person confirmed a clinician cleared them"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"screening {self.created_at:%Y-%m-%d}: {Urgency(self.urgency).name.lower()}"

    @property
    def may_exercise(self) -> bool:
        return ADVICE[Urgency(self.urgency)].may_exercise or self.cleared_at is not None
