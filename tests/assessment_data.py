"""Small helpers for the home-test tests: a person ready to test, content files, sittings."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from spinewise.accounts.models import Profile
from spinewise.assessments.services import AssessmentIn, NewActivity, ResultIn, record_assessment
from spinewise.safety.models import Screening
from tests.factories import CONTENT

TESTS_FOLDER = CONTENT / "tests"
SLUGS = (
    "fingertip-to-floor",
    "side-bending-fingertip-slide",
    "five-times-sit-to-stand",
    "trunk-flexor-endurance",
    "side-bridge-hold",
    "trunk-extensor-endurance",
)


def ready_to_test(user: Any, **profile: Any) -> Profile:
    """A profile and a screening that lets the person exercise."""
    Screening.objects.create(user=user, source="web", answers={}, urgency=0)
    return Profile.objects.create(user=user, consented_at=timezone.now(), **profile)


def content_of(slug: str = "fingertip-to-floor") -> dict[str, Any]:
    """A real content file as a dict, to break one field at a time."""
    data: dict[str, Any] = yaml.safe_load((TESTS_FOLDER / f"{slug}.yaml").read_text(encoding="utf-8"))
    return data


def write_test(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or data['slug']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def sitting(
    user: Any,
    *,
    kind: str = "check",
    days_ago: int = 0,
    results: dict[tuple[str, str], float] | None = None,
    activities: list[tuple[str, int]] | None = None,
    ratings: dict[int, int] | None = None,
    **answers: Any,
) -> Any:
    """Record one assessment through the service, `days_ago` days back."""
    taken_at: datetime = timezone.now() - timedelta(days=days_ago)
    return record_assessment(
        user,
        AssessmentIn(
            kind=kind,
            taken_at=taken_at,
            results=[ResultIn(slug, side, value) for (slug, side), value in (results or {}).items()],
            new_activities=[NewActivity(name, score) for name, score in (activities or [])],
            ratings=ratings or {},
            **answers,
        ),
    )
