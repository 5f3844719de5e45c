"""A person's profile: what the planner needs, and what they consented to."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spinewise.planning.model import Profile as PlannerProfile
from spinewise.planning.planner import MAX_MINUTES, MIN_MINUTES
from spinewise.planning.request import DEFAULT_MINUTES, PlanningRequest
from spinewise.planning.schedule import WEEKDAY_NAMES
from spinewise.planning.vocabulary import Focus, Level, Preference, State, choices

# The days a person picks, in the page's language ("mon" -> "Mon", "lun").
WEEKDAY_WORDS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
WEEKDAYS = list(zip(WEEKDAY_NAMES, WEEKDAY_WORDS, strict=True))


def translated_choices(enum: type[Any]) -> list[tuple[str, Any]]:
    """A vocabulary's plain words (planning.vocabulary marks them) as choices shown in the page's language."""
    return [(value, _(words)) for value, words in choices(enum)]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext("'%(zone)s' is not a known time zone (for example Europe/London).") % {"zone": value}
        )


class Profile(models.Model):
    class Units(models.TextChoices):
        CM = "cm", _("Centimetres")
        INCHES = "in", _("Inches")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    level = models.CharField(max_length=12, choices=translated_choices(Level), default=Level.BEGINNER.value)
    equipment = models.JSONField(default=list, blank=True)
    avoid = models.JSONField(
        default=list, blank=True, help_text="positions or the groups 'kneeling' and 'floor'"
    )
    usual_minutes = models.PositiveSmallIntegerField(default=DEFAULT_MINUTES)
    days = models.JSONField(default=list, blank=True)
    goal = models.CharField(max_length=200, blank=True, default="")
    focus = models.CharField(max_length=10, choices=translated_choices(Focus), default=Focus.BALANCED.value)
    prefer = models.CharField(max_length=10, choices=translated_choices(Preference), blank=True, default="")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    reminder_time = models.TimeField(null=True, blank=True)
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.CM)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True, default="")
    # The interface's language, one of settings.LANGUAGES; empty follows the browser (Accept-Language).
    language = models.CharField(max_length=12, blank=True, default="")
    consented_at = models.DateTimeField(help_text="when they agreed to us storing their health data")
    created_at = models.DateTimeField(auto_now_add=True)
    # Changed (to a fresh random token) by every write to anything of this person's that a page shows
    # (accounts.stamps); their kept pages are keyed by it (web.pagecache), so a write shows at once.
    data_stamp = models.CharField(max_length=32, default="", editable=False)
    # Changed with it by every write to their sessions and sittings (the data points of their
    # progress charts), and by no other: their drawn charts are kept under it (progress.services).
    progress_stamp = models.CharField(max_length=32, default="", editable=False)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    def planning_request(self, **overrides: Any) -> PlanningRequest:
        """What this person usually asks the planner for; `overrides` replace stored inputs (as typed)."""
        stored: dict[str, Any] = {
            # A value saved under other bounds (the admin, older rules) still plans, at the nearest bound.
            "minutes": min(max(self.usual_minutes, MIN_MINUTES), MAX_MINUTES),
            "level": self.level,
            "equipment": self.equipment,
            "avoid": self.avoid,
            "focus": self.focus,
            "prefer": self.prefer,
        }
        return PlanningRequest.parse(**{**stored, **overrides})

    def planner_profile(self, state: str = State.FINE.value, **overrides: Any) -> PlannerProfile:
        return self.planning_request(state=state, **overrides).profile()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def of(self, user: Any) -> ApiTokenQuerySet:
        return self.filter(user=user).order_by("-created_at", "-pk")


class ApiToken(models.Model):
    """A personal API token: shown once when made, kept only as its SHA-256 digest.

    `read` tokens may only read (GET); `write` tokens may also change things. Revoking deletes
    the row, so a revoked token is simply unknown.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token, hex")
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"API token {self.name!r} of {self.user}"

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE
