"""Load content/routines: validated against the library, idempotent by slug, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from spinewise.library.content import read_folder
from spinewise.library.loader import LoadReport, load_folder
from spinewise.library.models import Exercise
from spinewise.training.models import Routine
from spinewise.training.schema import RoutineFile


def routines_folder() -> Path:
    return Path(settings.CONTENT_DIR) / "routines"


def read_routines(folder: Path, known: dict[str, list[str]]) -> list[RoutineFile]:
    """Parse every routine; `known` maps active exercise slugs to the phases they suit."""

    def items_known(path: Path, routine: RoutineFile) -> list[str]:
        problems: list[str] = []
        for n, item in enumerate(routine.items):
            if item.exercise not in known:
                problems.append(
                    f"{path.name}: {routine.slug}: field 'items.{n}.exercise': no active exercise '{item.exercise}'"
                )
            elif item.phase is not None and item.phase.value not in known[item.exercise]:
                problems.append(
                    f"{path.name}: {routine.slug}: field 'items.{n}.phase': {item.exercise} does not suit"
                    f" {item.phase.value} (it suits {', '.join(known[item.exercise])})"
                )
        return problems

    return read_folder(folder, RoutineFile, items_known).checked()


def _fields(routine: RoutineFile) -> dict[str, object]:
    return {
        "name": routine.name,
        "description": routine.description,
        "when": routine.when,
        "sources": list(routine.sources),
        "items": [item.model_dump(mode="json", exclude_none=True) for item in routine.items],
    }


def load_routines(folder: Path | None = None, *, force: bool = False) -> LoadReport:
    known = dict(Exercise.objects.active().values_list("slug", "phase"))
    return load_folder(
        "routines",
        folder or routines_folder(),
        lambda path: read_routines(path, known),
        Routine,
        _fields,
        Routine.objects.all(),
        force=force,
    )
