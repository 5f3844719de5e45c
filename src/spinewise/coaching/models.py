"""Coaching: who may coach, the invitations and consented links between a coach and a client,
what the coach assigns, the log of every change to it, and the sessions played from it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils import timezone


class CoachProfile(models.Model):
    """The coach role: the owner grants it in the admin (add a row), or an owner's invitation does."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profile"
    )
    display_name = models.CharField(
        max_length=80, validators=[ProhibitNullCharactersValidator()], help_text="how clients see the coach"
    )
    practice = models.CharField(
        max_length=120, blank=True, default="", validators=[ProhibitNullCharactersValidator()]
    )
    active = models.BooleanField(default=True, help_text="untick to take the coach role away")
    granted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.display_name


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        return self.filter(
            used_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(models.Model):
    """A single-use code a coach gives a client (kind "client"), or the owner gives a future coach
    (kind "coach"). Only its SHA-256 digest is kept; it lasts 7 days."""

    class Kind(models.TextChoices):
        CLIENT = "client", "A coach invites a client"
        COACH = "coach", "The owner invites a coach"

    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.CLIENT)
    # The coach who invites a client; empty for the owner's invitation of a coach.
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coach_invitations",
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=4, editable=False, help_text="the code's last characters")
    note = models.CharField(
        max_length=120, blank=True, default="", validators=[ProhibitNullCharactersValidator()]
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_coach_invitations",
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation …{self.hint}"

    @property
    def state(self) -> str:
        if self.used_at is not None:
            return "accepted"
        if self.declined_at is not None:
            return "declined"
        if self.revoked_at is not None:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class LinkQuerySet(models.QuerySet["Link"]):
    def current(self) -> LinkQuerySet:
        return self.filter(ended_at__isnull=True)


class Link(models.Model):
    """A client's consent to one coach seeing their sessions, pain, tests and screening outcome.

    Either side ends it; from then on the coach sees nothing dated after `ended_at`."""

    class Side(models.TextChoices):
        COACH = "coach"
        CLIENT = "client"

    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_links")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coached_by")
    invitation = models.OneToOneField(Invitation, null=True, blank=True, on_delete=models.SET_NULL)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=6, choices=Side.choices, blank=True, default="")

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "client"], condition=models.Q(ended_at__isnull=True), name="one_current_link"
            ),
            models.CheckConstraint(condition=~models.Q(coach=models.F("client")), name="no_self_coaching"),
        ]

    def __str__(self) -> str:
        return f"{self.coach} coaches {self.client}"

    @property
    def current(self) -> bool:
        return self.ended_at is None


class Assignment(models.Model):
    """What a coach gives a client: a routine the coach composed (items as a built-in routine's:
    exercise, phase, dose, note) or a built-in program (enrolled through programs)."""

    class Kind(models.TextChoices):
        ROUTINE = "routine"
        PROGRAM = "program"

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=120, validators=[ProhibitNullCharactersValidator()])
    notes = models.TextField(blank=True, default="", validators=[ProhibitNullCharactersValidator()])
    per_week = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(7)])
    items = models.JSONField(default=list, blank=True)
    program = models.ForeignKey("programs.Program", null=True, blank=True, on_delete=models.PROTECT)
    enrolment = models.ForeignKey("programs.Enrolment", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(per_week__gte=1, per_week__lte=7), name="per_week_1_7")
        ]

    def __str__(self) -> str:
        return self.name


class Change(models.Model):
    """One edit of an assignment: who made it, when, and each difference in plain words."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=80)
    at = models.DateTimeField(auto_now_add=True)
    lines = models.JSONField(default=list)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.by_name} changed {self.assignment} on {self.at:%Y-%m-%d}"


class AssignedSession(models.Model):
    """A session the client played from an assignment."""

    session = models.OneToOneField(
        "training.Session", on_delete=models.CASCADE, related_name="assignment_link"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="sessions")

    def __str__(self) -> str:
        return f"{self.session} from {self.assignment}"
