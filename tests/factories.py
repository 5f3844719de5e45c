"""A small test-data factory: exercise files and planner specs, no JSON fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from spinewise.library.content import read_exercises
from spinewise.library.schema import ExerciseFile
from spinewise.planning.model import Dose, ExerciseSpec
from spinewise.planning.vocabulary import LEVELS, Category, Direction, Equipment, Phase, Position, Target

CONTENT = Path(__file__).resolve().parent.parent / "src" / "spinewise" / "content"


def spec_from_file(ex: ExerciseFile) -> ExerciseSpec:
    return ExerciseSpec(
        slug=ex.slug,
        name=ex.name,
        category=ex.category,
        position=ex.position,
        equipment=frozenset(ex.equipment),
        targets=frozenset(ex.targets),
        direction=frozenset(ex.direction),
        phases=frozenset(ex.phase),
        flare_up_ok=ex.flare_up_ok,
        difficulty=ex.difficulty,
        seconds_per_rep=ex.seconds_per_rep,
        doses={level: Dose(**getattr(ex.doses, level.value).model_dump()) for level in LEVELS},
        easier=tuple(ex.easier),
        harder=tuple(ex.harder),
    )


def specs_from_content() -> list[ExerciseSpec]:
    return [spec_from_file(ex) for ex in read_exercises(CONTENT / "exercises")]


def _figure_of(slug: str) -> Any:
    """A real exercise's figure block: every exercise needs one, and these pass every check."""
    return yaml.safe_load((CONTENT / "exercises" / f"{slug}.yaml").read_text())["figure"]


def exercise_data(slug: str = "test-move", **overrides: Any) -> dict[str, Any]:
    """A valid exercise file as a dict (lying on the back, with Pelvic Tilts' figure); override any field."""
    data: dict[str, Any] = {
        "slug": slug,
        "name": slug.replace("-", " ").title(),
        "aliases": [],
        "summary": "A test movement for the lower back.",
        "category": "mobility",
        "position": "supine",
        "equipment": [],
        "targets": ["lumbar-spine"],
        "direction": ["flexion"],
        "phase": ["warm-up", "main"],
        "flare_up_ok": True,
        "difficulty": 1,
        "seconds_per_rep": 4,
        "doses": {
            "beginner": {"sets": 1, "reps": 5, "per_side": False, "rest_seconds": 0},
            "intermediate": {"sets": 2, "reps": 8, "per_side": False, "rest_seconds": 15},
            "advanced": {"sets": 3, "reps": 10, "per_side": False, "rest_seconds": 15},
        },
        "steps": ["Lie on your back.", "Move gently."],
        "breathing": [{"step": 2, "cue": "Breathe out as you move."}],
        "feel": "A gentle stretch in your lower back.",
        "cautions": ["Stay in a pain-free range."],
        "skip_if": ["It brings on leg pain."],
        "easier": [],
        "harder": [],
        "sources": [],
        "references": [],
        "figure": _figure_of("pelvic-tilts"),
    }
    data.update(overrides)
    if data["figure"] is None:  # figure=None: a file without the block (as before figures existed)
        del data["figure"]
    return data


def write_exercise(folder: Path, slug: str = "test-move", **overrides: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(exercise_data(slug, **overrides), sort_keys=False))
    return path


def make_spec(
    slug: str,
    *,
    category: Category = Category.MOBILITY,
    position: Position = Position.SUPINE,
    equipment: frozenset[Equipment] = frozenset(),
    targets: frozenset[Target] = frozenset({Target.LUMBAR_SPINE}),
    direction: frozenset[Direction] = frozenset({Direction.NEUTRAL}),
    phases: frozenset[Phase] = frozenset({Phase.MAIN}),
    flare_up_ok: bool = True,
    difficulty: int = 1,
    hold: int = 30,
) -> ExerciseSpec:
    dose = Dose(sets=1, hold_seconds=hold)
    return ExerciseSpec(
        slug=slug,
        name=slug,
        category=category,
        position=position,
        equipment=equipment,
        targets=targets,
        direction=direction,
        phases=phases,
        flare_up_ok=flare_up_ok,
        difficulty=difficulty,
        seconds_per_rep=None,
        doses={level: dose for level in LEVELS},
    )


def create_exercise(slug: str = "test-move", **overrides: Any) -> Any:
    """An Exercise row straight through the ORM (checked by the schema first); variants must exist already."""
    from spinewise.library.models import EquipmentTag, Exercise, TargetTag

    ex = ExerciseFile.model_validate(exercise_data(slug, **overrides))
    row = Exercise.objects.create(
        slug=ex.slug,
        name=ex.name,
        aliases=list(ex.aliases),
        summary=ex.summary,
        category=ex.category.value,
        position=ex.position.value,
        direction=[d.value for d in ex.direction],
        phase=[p.value for p in ex.phase],
        flare_up_ok=ex.flare_up_ok,
        difficulty=ex.difficulty,
        seconds_per_rep=ex.seconds_per_rep,
        doses=ex.doses.model_dump(mode="json"),
        steps=list(ex.steps),
        breathing=[cue.model_dump(mode="json") for cue in ex.breathing],
        feel=ex.feel,
        cautions=list(ex.cautions),
        skip_if=list(ex.skip_if),
        sources=list(ex.sources),
        references=list(ex.references),
    )
    row.equipment.set(EquipmentTag.objects.filter(slug__in=[e.value for e in ex.equipment]))
    row.targets.set(TargetTag.objects.filter(slug__in=[t.value for t in ex.targets]))
    row.easier.set(Exercise.objects.filter(slug__in=ex.easier))
    row.harder.set(Exercise.objects.filter(slug__in=ex.harder))
    return row
