"""Load content/tests into the database: idempotent by slug, all or nothing, never deleting."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from spinewise.assessments.battery import HomeTestFile, read_tests
from spinewise.assessments.models import HomeTest
from spinewise.library.loader import LoadReport, load_folder


def tests_folder() -> Path:
    return Path(settings.CONTENT_DIR) / "tests"


def _fields(test: HomeTestFile) -> dict[str, object]:
    return {
        "name": test.name,
        "order": test.order,
        "summary": test.summary,
        "purpose": test.purpose,
        "equipment": list(test.equipment),
        "steps": list(test.steps),
        "measure": test.measure,
        "unit": test.unit.value,
        "sides": list(test.sides),
        "better": test.better.value,
        "max_value": test.max_value,
        "safety": list(test.safety),
        "norms": [band.model_dump(mode="json") for band in test.norms],
        "measurement_error": test.measurement_error.model_dump(mode="json")
        if test.measurement_error
        else None,
        "sources": list(test.sources),
        "figure_id": test.figure,
    }


def load_tests(folder: Path | None = None, *, force: bool = False) -> LoadReport:
    """Bring the database in line with the folder. Raises ContentError before writing anything.

    A test whose file is gone is retired, not deleted: past results still point at it.
    """
    return load_folder(
        "tests", folder or tests_folder(), read_tests, HomeTest, _fields, HomeTest.objects.all(), force=force
    )
