"""Programs (content), enrolments with their pauses, the workouts done in them, and lifetime access."""

from __future__ import annotations

import copy
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from spinewise.library.i18n import Translatable

if TYPE_CHECKING:
    from spinewise.programs.schema import ProgramFile


class ProgramQuerySet(models.QuerySet["Program"]):
    def active(self) -> ProgramQuerySet:
        return self.filter(retired=False)


class Program(Translatable, models.Model):
    """A program from content/programs; `content` keeps the whole validated file."""

    class Access(models.TextChoices):
        FREE = "free"
        PAID = "paid"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    summary = models.CharField(max_length=400)
    access = models.CharField(max_length=4, choices=Access.choices)
    free_workouts = models.PositiveSmallIntegerField(default=0)
    weeks = models.PositiveSmallIntegerField()
    workouts_per_week = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField()
    content = models.JSONField()
    retired = models.BooleanField(default=False)
    translations = models.JSONField(default=dict, blank=True, help_text="{language: texts}")
    content_hash = models.CharField(max_length=64, editable=False, default="")

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["access", "name"]  # free ones first, then by name

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:program", args=[self.slug])

    def apply_texts(self, texts: dict[str, Any]) -> None:
        self.name = texts["name"]
        self.summary = texts["summary"]
        content = copy.deepcopy(self.content)
        content["name"] = texts["name"]
        content["summary"] = texts["summary"]
        content["description"] = texts["description"]
        for block, words in zip(content["blocks"], texts["blocks"], strict=True):
            for workout, said in zip(block["workouts"], words["workouts"], strict=True):
                workout["name"] = said["name"]
                workout["summary"] = said["summary"]
                notes = said.get("notes", {})
                for item in workout.get("items") or []:
                    if item["exercise"] in notes:
                        item["note"] = notes[item["exercise"]]
        for step, said in zip(content.get("progression", []), texts.get("progression", []), strict=False):
            step["why"] = said["why"]
        self.content = content
        self.__dict__.pop("file", None)  # parsed again from the translated content

    @cached_property
    def file(self) -> ProgramFile:
        # The schema (pydantic) is imported on use, not when Django starts.
        from spinewise.programs.schema import ProgramFile

        return ProgramFile.model_validate(self.content)

    @property
    def total_workouts(self) -> int:
        return self.weeks * self.workouts_per_week

    @property
    def is_paid(self) -> bool:
        return self.access == self.Access.PAID


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def current(self) -> EnrolmentQuerySet:
        return self.filter(status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.PAUSED])


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active"
        PAUSED = "paused"
        ENDED = "ended", "Ended (switched or stopped)"
        FINISHED = "finished"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrolments")
    start_date = models.DateField()
    weekdays = models.JSONField(help_text="Python weekday numbers, Monday 0")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["active", "paused"]),
                name="one_current_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.program} from {self.start_date}"


class Pause(models.Model):
    class Reason(models.TextChoices):
        CHOSEN = "chosen", "Paused by the person"
        PAIN = "pain", "Paused by the pain rule"
        RED_FLAG = "red-flag", "Paused by the safety check"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="the day the program resumed")
    reason = models.CharField(max_length=8, choices=Reason.choices)
    explain = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=models.Q(end__isnull=True), name="one_open_pause"
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="pause_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"pause from {self.start} to {self.end or 'now'}"


class ProgramSession(models.Model):
    """A session done as one of a program's workouts, with the doses it used and why."""

    session = models.OneToOneField("training.Session", on_delete=models.CASCADE, related_name="program_link")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="done")
    number = models.PositiveSmallIntegerField()
    dose_week = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=12)
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["enrolment", "number"]
        indexes = [models.Index(fields=["enrolment", "number"])]

    def __str__(self) -> str:
        return f"workout {self.number} of {self.enrolment}"


class PainCheck(models.Model):
    """A "pain now" given outside a session: before a program workout, or the morning after one."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Before a workout"
        MORNING = "morning", "The morning after"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pain_checks")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    pain = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    # From the form that sent it: a double tap or a resent form records one check-in.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(pain__lte=10), name="pain_check_0_10"),
            models.UniqueConstraint(fields=["user", "client_id"], name="one_pain_check_per_client_id"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} pain {self.pain}/10 at {self.at:%Y-%m-%d %H:%M}"


class CodeBatch(models.Model):
    """Access codes made together, to be sold elsewhere; the codes themselves are only shown once."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="code_batches")
    label = models.CharField(max_length=120, help_text="who or where they are sold, for your records")
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "code batches"

    def __str__(self) -> str:
        return f"{self.size} codes for {self.program}: {self.label}"


class AccessCode(models.Model):
    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalised code")
    hint = models.CharField(max_length=4, help_text="its last four characters, to find a code a buyer quotes")
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    redeemed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"code …{self.hint} ({'used' if self.redeemed_at else 'unused'})"


class Access(models.Model):
    """Lifetime access to a paid program."""

    class Source(models.TextChoices):
        CODE = "code", "Access code"
        ADMIN = "admin", "Granted in the admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_access"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="access_grants")
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.ADMIN)
    code = models.OneToOneField(AccessCode, null=True, blank=True, on_delete=models.PROTECT)
    note = models.CharField(max_length=200, blank=True, default="")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "lifetime access"
        constraints = [models.UniqueConstraint(fields=["user", "program"], name="one_access_per_program")]

    def __str__(self) -> str:
        return f"{self.user}: lifetime access to {self.program}"


class RedeemAttempt(models.Model):
    """A code typed in; failed ones count towards the throttle."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["ip", "at"])]

    def __str__(self) -> str:
        return f"{'right' if self.succeeded else 'wrong'} code at {self.at:%Y-%m-%d %H:%M}"
