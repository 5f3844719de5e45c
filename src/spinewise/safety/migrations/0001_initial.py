# Screenings move here from the assessments app without touching the database: the model
# state is created on the existing table (assessments_screening), so every stored screening
# and clearance stays. A database that already has the old content type keeps it, renamed,
# so the admin permissions on screenings follow.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_safety(apps, schema_editor):  # type: ignore[no-untyped-def]
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="safety", model="screening").exists():
        content_types.objects.filter(app_label="assessments", model="screening").update(app_label="safety")


def content_type_to_assessments(apps, schema_editor):  # type: ignore[no-untyped-def]
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="assessments", model="screening").exists():
        content_types.objects.filter(app_label="safety", model="screening").update(app_label="assessments")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessments", "0003_screening_moves_to_safety"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Screening",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[("cli", "Command line"), ("web", "Web")], max_length=10
                            ),
                        ),
                        ("answers", models.JSONField(help_text="question key -> true/false")),
                        (
                            "urgency",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (0, "none"),
                                    (1, "mention"),
                                    (2, "within_days"),
                                    (3, "same_day"),
                                    (4, "emergency"),
                                ]
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "cleared_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="when the person confirmed a clinician cleared them",
                                null=True,
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "assessments_screening",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_safety, content_type_to_assessments),
    ]
