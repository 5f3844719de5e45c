"""Screenings moved from the assessments app to safety without losing a row."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from spinewise.safety.models import Screening

BEFORE_THE_MOVE = [("assessments", "0002_home_tests")]


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_screenings_stored_before_the_move_are_kept_with_their_clearance() -> None:
    executor = migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    person = old.get_model("auth", "User").objects.create(username="before-the-move")
    cleared = timezone.now()
    old.get_model("assessments", "Screening").objects.create(
        user=person, source="web", answers={"infection": True}, urgency=3, cleared_at=cleared
    )
    assert ContentType.objects.filter(app_label="assessments", model="screening").exists()

    migrate()

    kept = Screening.objects.get(user__username="before-the-move")
    assert (kept.answers, kept.urgency, kept.cleared_at) == ({"infection": True}, 3, cleared)
    assert kept.may_exercise  # cleared by a clinician, as it was before the move
    # The admin's permissions on screenings follow the model to its new app.
    assert ContentType.objects.filter(app_label="safety", model="screening").count() == 1
    assert not ContentType.objects.filter(app_label="assessments", model="screening").exists()
