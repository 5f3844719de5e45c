"""Load content/exercises into the database: idempotent by slug, all or nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from django.conf import settings
from django.db import transaction

from spinewise.figures.render import renderer_fingerprint
from spinewise.library.cache import UNCHANGED_SUMMARY
from spinewise.library.content import content_files, figure_hash, read_exercises, rendered_figure
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
            return UNCHANGED_SUMMARY
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.retired)} retired"
        )


class ContentRow(Protocol):
    slug: str
    content_hash: str
    retired: bool
    translations: dict[str, dict[str, object]]

    def save(self) -> None: ...


class ContentFile(Protocol):
    @property
    def slug(self) -> str: ...

    @property
    def translations(self) -> dict[str, dict[str, object]]: ...

    def model_dump_json(self) -> str: ...


Row = TypeVar("Row", bound=ContentRow)
Item = TypeVar("Item", bound=ContentFile)


def item_hash(item: ContentFile) -> str:
    """The file as parsed and its translations: an edit of either writes the row again."""
    text = item.model_dump_json() + json.dumps(item.translations, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def sync_by_slug(
    model: Callable[..., Row],
    parsed: Sequence[Item],
    fields: Callable[[Item], dict[str, object]],
    report: LoadReport,
    existing_rows: Iterable[Row] = (),
) -> tuple[dict[str, Row], list[tuple[Row, Item]]]:
    """Create, update or retire rows so they match the parsed files; unchanged files are left alone.

    Returns every row by slug and the (row, file) pairs that were written. Rows whose file is gone
    are retired, never deleted: past sessions and programs may still name them.
    """
    existing: dict[str, Row] = {row.slug: row for row in existing_rows}
    touched: list[tuple[Row, Item]] = []
    for item in parsed:
        slug = item.slug
        content_hash = item_hash(item)
        row = existing.get(slug)
        if row is not None and row.content_hash == content_hash and not row.retired:
            report.unchanged.append(slug)
            continue
        if row is None:
            row = model(slug=slug)
            report.created.append(slug)
        else:
            report.updated.append(slug)
        for name, value in fields(item).items():
            setattr(row, name, value)
        row.translations = item.translations
        row.retired = False
        row.content_hash = content_hash
        row.save()
        existing[slug] = row
        touched.append((row, item))
    in_content = {item.slug for item in parsed}
    for slug, row in existing.items():
        if slug not in in_content and not row.retired:
            row.retired = True
            row.save()
            report.retired.append(slug)
    return existing, touched


def load_folder(
    kind: str,
    folder: Path,
    read: Callable[[Path], Sequence[Item]],
    model: Callable[..., Row],
    fields: Callable[[Item], dict[str, object]],
    existing_rows: Iterable[Row],
    *,
    force: bool,
) -> LoadReport:
    """Load one content folder of a kind with one row per file: skipped when the folder is unchanged,
    read (and refused whole on any problem) before anything is written, then synced in one transaction.
    """
    digest = folder_digest(folder)
    if not force:
        known = ContentVersion.objects.filter(kind=kind).values_list("digest", flat=True).first()
        if known == digest:
            return LoadReport(skipped=True)
    parsed = read(folder)
    report = LoadReport()
    with transaction.atomic():
        sync_by_slug(model, parsed, fields, report, existing_rows)
        ContentVersion.objects.update_or_create(kind=kind, defaults={"digest": digest})
    return report


def exercises_folder() -> Path:
    return Path(settings.CONTENT_DIR) / "exercises"


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in content_files(folder):
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
    }


FIGURE_FIELDS = ["figure_svg", "figure_css", "figure_still", "figure_view", "figure_hash"]


def store_figures(rows: dict[str, Exercise], parsed: Sequence[ExerciseFile]) -> None:
    """Draw each figure whose content or renderer changed and store it on its row.

    Figures are drawn here, when content loads, so no page ever renders one.
    """
    for ex in parsed:
        row = rows[ex.slug]
        wanted = figure_hash(ex)
        if row.figure_hash == wanted:
            continue
        fig = rendered_figure(ex)
        row.figure_svg = fig.svg if fig else ""
        row.figure_css = fig.css if fig else ""
        row.figure_still = fig.still if fig else ""
        row.figure_view = fig.view if fig else ""
        row.figure_hash = wanted
        row.save(update_fields=FIGURE_FIELDS)


def load_exercises(folder: Path | None = None, *, force: bool = False) -> LoadReport:
    """Bring the database in line with the folder. Raises ContentError before writing anything."""
    folder = folder or exercises_folder()
    # The renderer's code counts as content: a new renderer draws every figure again.
    digest = hashlib.sha256((folder_digest(folder) + renderer_fingerprint()).encode()).hexdigest()
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

        # The stored hash is of the file as last loaded, so edits made in the admin
        # survive until the file itself changes.
        existing, touched = sync_by_slug(Exercise, parsed, _fields, report, Exercise.objects.all())
        for row, ex in touched:
            row.equipment.set([equipment_tags[e.value] for e in ex.equipment])
            row.targets.set([target_tags[t.value] for t in ex.targets])
        for row, ex in touched:
            row.easier.set([existing[s] for s in ex.easier])
            row.harder.set([existing[s] for s in ex.harder])
        store_figures(existing, parsed)
        ContentVersion.objects.update_or_create(kind="exercises", defaults={"digest": digest})
    return report
