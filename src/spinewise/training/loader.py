"""Load content/routines: validated against the library, idempotent by slug, all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from spinewise.library.content import ContentError, parse_file, yaml_files
from spinewise.library.loader import LoadReport, folder_digest
from spinewise.library.models import ContentVersion, Exercise
from spinewise.training.models import Routine
from spinewise.training.schema import RoutineFile


def routines_folder() -> Path:
    return Path(settings.CONTENT_DIR) / "routines"


def read_routines(folder: Path, known: dict[str, list[str]]) -> list[RoutineFile]:
    """Parse every routine; `known` maps active exercise slugs to the phases they suit."""
    problems: list[str] = []
    routines: list[RoutineFile] = []
    for path in yaml_files(folder):
        try:
            routine = parse_file(path, RoutineFile)
        except ContentError as err:
            problems.extend(err.problems)
            continue
        if path.stem != routine.slug:
            problems.append(
                f"{path.name}: {routine.slug}: field 'slug': must match the file name ({path.stem})"
            )
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
        routines.append(routine)
    if problems:
        raise ContentError(problems)
    return routines


def load_routines(folder: Path | None = None, *, force: bool = False) -> LoadReport:
    folder = folder or routines_folder()
    digest = folder_digest(folder)
    known_version = ContentVersion.objects.filter(kind="routines").values_list("digest", flat=True).first()
    if not force and known_version == digest:
        return LoadReport(skipped=True)
    known = dict(Exercise.objects.active().values_list("slug", "phase"))
    parsed = read_routines(folder, known)
    report = LoadReport()
    with transaction.atomic():
        existing = {r.slug: r for r in Routine.objects.all()}
        for routine in parsed:
            content_hash = hashlib.sha256(routine.model_dump_json().encode()).hexdigest()
            row = existing.get(routine.slug)
            if row is not None and row.content_hash == content_hash and not row.retired:
                report.unchanged.append(routine.slug)
                continue
            if row is None:
                row = Routine(slug=routine.slug)
                report.created.append(routine.slug)
            else:
                report.updated.append(routine.slug)
            row.name = routine.name
            row.description = routine.description
            row.when = routine.when
            row.sources = list(routine.sources)
            row.items = [item.model_dump(mode="json", exclude_none=True) for item in routine.items]
            row.retired = False
            row.content_hash = content_hash
            row.save()
        in_content = {r.slug for r in parsed}
        for slug, row in existing.items():
            if slug not in in_content and not row.retired:
                row.retired = True
                row.save(update_fields=["retired"])
                report.retired.append(slug)
        ContentVersion.objects.update_or_create(kind="routines", defaults={"digest": digest})
    return report
