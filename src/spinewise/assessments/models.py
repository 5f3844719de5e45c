from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spinewise.library.i18n import Translatable
from spinewise.planning.scoring import MeasurementError, NormBand


class HomeTestQuerySet(models.QuerySet["HomeTest"]):
    def active(self) -> HomeTestQuerySet:
        return self.filter(retired=False)


class HomeTest(Translatable, models.Model):
    """A test of the home battery, loaded by slug from content/tests (see assessments.battery)."""

    class Measure(models.TextChoices):
        DISTANCE = "distance"
        TIME = "time"

    class Unit(models.TextChoices):
        CM = "cm", "Centimetres"
        SECONDS = "seconds", "Seconds"

    class Better(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(help_text="position in the battery, gentlest first")
    summary = models.CharField(max_length=400)
    purpose = models.CharField(max_length=400)
    equipment = models.JSONField(default=list)
    steps = models.JSONField(default=list)
    measure = models.CharField(max_length=10, choices=Measure.choices)
    unit = models.CharField(max_length=10, choices=Unit.choices, help_text="the unit results are stored in")
    sides = models.JSONField(default=list, blank=True, help_text='[] or ["left", "right"]')
    better = models.CharField(max_length=6, choices=Better.choices)
    max_value = models.FloatField(help_text="the largest believable result, in the stored unit")
    safety = models.JSONField(default=list)
    norms = models.JSONField(
        default=list, blank=True, help_text="published bands: sex, ages, mean, sd, n, source"
    )
    measurement_error = models.JSONField(null=True, blank=True, help_text="value, kind, population, source")
    sources = models.JSONField(default=list)
    retired = models.BooleanField(
        default=False, help_text="Left out of new assessments; old results keep it."
    )
    # The exercise whose figure shows the test's movement; its still illustrates the test.
    figure = models.ForeignKey(
        "library.Exercise",
        to_field="slug",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="home_tests",
    )
    translations = models.JSONField(default=dict, blank=True, help_text="{language: texts}")
    content_hash = models.CharField(max_length=64, editable=False, default="")

    objects = HomeTestQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name

    def apply_texts(self, texts: dict[str, Any]) -> None:
        self.name = texts["name"]
        self.summary = texts["summary"]
        self.purpose = texts["purpose"]
        self.equipment = list(texts["equipment"])
        self.steps = list(texts["steps"])
        self.safety = list(texts["safety"])

    def still(self) -> str:
        """The still figure of the test's movement, when the figure was loaded with the test
        (select_related): never a query of its own, so report pages keep their query count."""
        if self.figure_id is None or not HomeTest.figure.is_cached(self):
            return ""
        exercise = self.figure
        return exercise.figure_still_here() if exercise is not None else ""

    @property
    def side_list(self) -> list[str]:
        """The sides measured, or [""] for a test done once."""
        return list(self.sides) or [""]

    def norm_bands(self) -> list[NormBand]:
        # The battery's reader (pydantic, YAML) is imported on use, not when Django starts.
        from spinewise.assessments.battery import norm_bands

        return norm_bands(self.norms)

    def error(self) -> MeasurementError | None:
        from spinewise.assessments.battery import measurement_error

        return measurement_error(self.measurement_error)


class Assessment(models.Model):
    """One sitting of the battery and questionnaires; every answer is optional but one."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        MIDDLE = "middle", _("Middle of a program")
        END = "end", _("End of a program")
        CHECK = "check", _("Check-in")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    taken_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHECK)
    note = models.CharField(max_length=500, blank=True, default="")
    pain_now = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_worst_week = models.PositiveSmallIntegerField(null=True, blank=True)
    stiffness = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # From the form that sent it: a double tap or a resent form records one sitting.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["user", "-taken_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_assessment_per_client_id"),
            models.CheckConstraint(
                condition=models.Q(pain_now__lte=10) | models.Q(pain_now__isnull=True),
                name="assessment_pain_now_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(pain_worst_week__lte=10) | models.Q(pain_worst_week__isnull=True),
                name="assessment_pain_worst_week_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(stiffness__lte=10) | models.Q(stiffness__isnull=True),
                name="assessment_stiffness_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.taken_at:%Y-%m-%d}"


class TestResult(models.Model):
    """One measured value of one test (and side), in the test's stored unit."""

    __test__ = False  # not a pytest test class, whatever its name

    class Side(models.TextChoices):
        NONE = "", "Both (one measure)"
        LEFT = "left", "Left"
        RIGHT = "right", "Right"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    test = models.ForeignKey(HomeTest, on_delete=models.PROTECT, related_name="results")
    side = models.CharField(max_length=5, choices=Side.choices, blank=True, default="")
    value = models.FloatField()

    class Meta:
        ordering = ["test__order", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "test", "side"], name="one_result_per_test_and_side"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="test_result_not_negative"),
        ]

    def __str__(self) -> str:
        side = f" ({self.side})" if self.side else ""
        return f"{self.test_id}{side}: {self.value:g}"


class FunctionActivity(models.Model):
    """An activity the person finds hard, named for the Patient-Specific Functional Scale.

    Kept so that later assessments rerate the same activities; retired, never deleted, when
    the person drops one, so past ratings still read.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="function_activities"
    )
    name = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "function activities"

    def __str__(self) -> str:
        return self.name


class FunctionRating(models.Model):
    """How able the person is to do one activity: 0 (unable) to 10 (as well as before the problem)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    activity = models.ForeignKey(FunctionActivity, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["activity__created_at", "activity_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "activity"], name="one_rating_per_activity"),
            models.CheckConstraint(condition=models.Q(score__lte=10), name="function_rating_0_10"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.score}"
