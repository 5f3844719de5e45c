"""A person's profile: what the planner needs, and what they consented to."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from spinewise.library.models import choices
from spinewise.planning.model import Profile as PlannerProfile
from spinewise.planning.vocabulary import (
    Equipment,
    Focus,
    Level,
    Preference,
    State,
    expand_avoided,
)

WEEKDAYS = [
    ("mon", "Mon"),
    ("tue", "Tue"),
    ("wed", "Wed"),
    ("thu", "Thu"),
    ("fri", "Fri"),
    ("sat", "Sat"),
    ("sun", "Sun"),
]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"'{value}' is not a known time zone (for example Europe/London).")


class Profile(models.Model):
    class Units(models.TextChoices):
        CM = "cm", "Centimetres"
        INCHES = "in", "Inches"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    level = models.CharField(max_length=12, choices=choices(Level), default=Level.BEGINNER.value)
    equipment = models.JSONField(default=list, blank=True)
    avoid = models.JSONField(
        default=list, blank=True, help_text="positions or the groups 'kneeling' and 'floor'"
    )
    usual_minutes = models.PositiveSmallIntegerField(default=9)
    days = models.JSONField(default=list, blank=True)
    goal = models.CharField(max_length=200, blank=True, default="")
    focus = models.CharField(max_length=10, choices=choices(Focus), default=Focus.BALANCED.value)
    prefer = models.CharField(max_length=10, choices=choices(Preference), blank=True, default="")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    reminder_time = models.TimeField(null=True, blank=True)
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.CM)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True, default="")
    consented_at = models.DateTimeField(help_text="when they agreed to us storing their health data")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    def planner_profile(self, state: str = State.FINE.value, **overrides: Any) -> PlannerProfile:
        return PlannerProfile(
            level=Level(overrides.get("level", self.level)),
            equipment=frozenset(Equipment(e) for e in overrides.get("equipment", self.equipment)),
            avoid=expand_avoided(overrides.get("avoid", self.avoid)),
            state=State(state),
            focus=Focus(overrides.get("focus", self.focus)),
            prefer=Preference(self.prefer) if self.prefer else None,
        )
