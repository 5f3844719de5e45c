"""Built-in routines, and the session record every player writes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spinewise.library.i18n import Translatable


class RoutineQuerySet(models.QuerySet["Routine"]):
    def active(self) -> RoutineQuerySet:
        return self.filter(retired=False)


class Routine(Translatable, models.Model):
    """A routine from content/routines: items in the author's order, doses optionally overridden."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=400)
    when = models.CharField(max_length=400)
    items = models.JSONField(help_text='[{"exercise": slug, "phase": ..., "dose": {...}}]')
    sources = models.JSONField(default=list, blank=True)
    retired = models.BooleanField(default=False)
    translations = models.JSONField(default=dict, blank=True, help_text="{language: texts}")
    content_hash = models.CharField(max_length=64, editable=False, default="")

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def apply_texts(self, texts: dict[str, Any]) -> None:
        self.name = texts["name"]
        self.description = texts["description"]
        self.when = texts["when"]
        notes = texts.get("notes", {})
        self.items = [
            {**item, "note": notes[item["exercise"]]} if item["exercise"] in notes else item
            for item in self.items
        ]


class Session(models.Model):
    """One workout as done: the routine as prescribed (a snapshot), what happened, and how it felt."""

    class Status(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        PARTIAL = "partial", _("Partial")

    # Null while accounts do not exist: the command line's sessions belong to the local person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workout_sessions",
    )
    source = models.CharField(max_length=10, choices=[("cli", _("Command line")), ("web", _("Web"))])
    routine_name = models.CharField(max_length=120)
    routine_slug = models.SlugField(max_length=60, blank=True, default="")
    prescription = models.JSONField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    worst_pain_during = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    effort = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True, default="")
    # Made by the player when it starts: the same start sent twice (a double tap, a retry after a
    # lost answer) finds this session again instead of making a second one.
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_session_per_client_id"),
            models.CheckConstraint(
                condition=models.Q(pain_before__lte=10) | models.Q(pain_before__isnull=True),
                name="pain_before_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(worst_pain_during__lte=10) | models.Q(worst_pain_during__isnull=True),
                name="worst_pain_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(pain_after__lte=10) | models.Q(pain_after__isnull=True),
                name="pain_after_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(effort__lte=10) | models.Q(effort__isnull=True), name="effort_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine_name} on {self.started_at:%Y-%m-%d %H:%M}"

    # The built-in routines' names in the active language, when a list of sessions was given them
    # once (training.history.titled); else `title` looks them up for this session alone.
    known_titles: dict[str, str] | None = None

    @property
    def title(self) -> str:
        """The routine's name in the active language (it is recorded in the language of the day)."""
        from spinewise.training.history import routine_titles
        from spinewise.training.words import session_title

        titles = self.known_titles if self.known_titles is not None else routine_titles()
        return session_title(self.routine_name, self.routine_slug, titles)

    @property
    def seconds_done(self) -> int:
        return sum(item.seconds for item in self.items.all())


class SessionItem(models.Model):
    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")
        EASIER = "easier", _("Swapped for the easier variant")
        HARDER = "harder", _("Swapped for the harder variant")
        NOT_REACHED = "not-reached", _("Not reached")

    class Mark(models.TextChoices):
        HURTS = "hurts", _("This one hurts")
        HELPS = "helps", _("This one helps")

    # The outcomes that count as exercise worked: done as given, or swapped for a variant.
    WORKED = (Outcome.DONE, Outcome.EASIER, Outcome.HARDER)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    index = models.PositiveSmallIntegerField()
    exercise_slug = models.SlugField(max_length=60)
    exercise_name = models.CharField(max_length=80)
    phase = models.CharField(max_length=20)
    prescribed = models.JSONField(help_text="the item as prescribed: dose and estimated seconds")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    performed_slug = models.SlugField(max_length=60, blank=True, default="")
    mark = models.CharField(max_length=6, choices=Mark.choices, blank=True, default="")
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["session", "index"]
        constraints = [models.UniqueConstraint(fields=["session", "index"], name="one_row_per_item")]

    def __str__(self) -> str:
        return f"{self.index + 1}. {self.exercise_name}: {self.outcome}"

    @property
    def worked(self) -> bool:
        return self.outcome in self.WORKED

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "slug": self.exercise_slug,
            "outcome": self.outcome,
            "performed_slug": self.performed_slug or None,
            "mark": self.mark or None,
            "seconds": self.seconds,
        }


class Favourite(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="favourited_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "routine"], name="one_favourite_per_routine")]

    def __str__(self) -> str:
        return f"{self.user} likes {self.routine}"
