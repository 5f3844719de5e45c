"""Load content/exercises into the database: idempotent by slug, all or nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from spinewise.library.content import read_exercises, yaml_files
from spinewise.library.models import ContentVersion, EquipmentTag, Exercise, TargetTag
from spinewise.library.schema import ExerciseFile
from spinewise.planning.vocabulary import Equipment, Target


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    skipped: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    def summary(self) -> str:
        if self.skipped:
            return "library unchanged since the last load"
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.retired)} retired"
        )


def exercises_folder() -> Path:
    return Path(settings.CONTENT_DIR) / "exercises"


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in yaml_files(folder):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _fields(ex: ExerciseFile) -> dict[str, object]:
    return {
        "name": ex.name,
        "aliases": list(ex.aliases),
        "summary": ex.summary,
        "category": ex.category.value,
        "position": ex.position.value,
        "direction": [d.value for d in ex.direction],
        "phase": [p.value for p in ex.phase],
        "flare_up_ok": ex.flare_up_ok,
        "difficulty": ex.difficulty,
        "seconds_per_rep": ex.seconds_per_rep,
        "doses": ex.doses.model_dump(mode="json"),
        "steps": list(ex.steps),
        "breathing": [cue.model_dump(mode="json") for cue in ex.breathing],
        "feel": ex.feel,
        "cautions": list(ex.cautions),
        "skip_if": list(ex.skip_if),
        "sources": list(ex.sources),
        "references": list(ex.references),
        "retired": False,
    }


def load_exercises(folder: Path | None = None, *, force: bool = False) -> LoadReport:
    """Bring the database in line with the folder. Raises ContentError before writing anything."""
    folder = folder or exercises_folder()
    digest = folder_digest(folder)
    if not force:
        known = ContentVersion.objects.filter(kind="exercises").values_list("digest", flat=True).first()
        if known == digest:
            return LoadReport(skipped=True)
    parsed = read_exercises(folder)
    report = LoadReport()
    with transaction.atomic():
        equipment_tags = {t.slug: t for t in EquipmentTag.objects.all()}
        for eq in Equipment:
            if eq.value not in equipment_tags:
                equipment_tags[eq.value] = EquipmentTag.objects.create(slug=eq.value)
        target_tags = {t.slug: t for t in TargetTag.objects.all()}
        for tg in Target:
            if tg.value not in target_tags:
                target_tags[tg.value] = TargetTag.objects.create(slug=tg.value)

        existing = {e.slug: e for e in Exercise.objects.all()}
        touched: list[tuple[Exercise, ExerciseFile]] = []
        for ex in parsed:
            # The stored hash is of the file as last loaded, so edits made in the admin
            # survive until the file itself changes.
            content_hash = hashlib.sha256(ex.model_dump_json().encode()).hexdigest()
            row = existing.get(ex.slug)
            if row is not None and row.content_hash == content_hash and not row.retired:
                report.unchanged.append(ex.slug)
                continue
            if row is None:
                row = Exercise(slug=ex.slug)
                report.created.append(ex.slug)
            else:
                report.updated.append(ex.slug)
            for name, value in _fields(ex).items():
                setattr(row, name, value)
            row.content_hash = content_hash
            row.save()
            row.equipment.set([equipment_tags[e.value] for e in ex.equipment])
            row.targets.set([target_tags[t.value] for t in ex.targets])
            existing[ex.slug] = row
            touched.append((row, ex))
        for row, ex in touched:
            row.easier.set([existing[s] for s in ex.easier])
            row.harder.set([existing[s] for s in ex.harder])

        in_content = {ex.slug for ex in parsed}
        for slug, row in existing.items():
            if slug not in in_content and not row.retired:
                # Never deleted: past sessions and programs may still name it.
                row.retired = True
                row.save(update_fields=["retired", "updated_at"])
                report.retired.append(slug)
        ContentVersion.objects.update_or_create(kind="exercises", defaults={"digest": digest})
    return report
