"""Load content/programs: validated against the library and the routines, idempotent by slug, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from django.conf import settings

from spinewise.library.content import read_folder
from spinewise.library.loader import LoadReport, load_folder
from spinewise.planning.model import ExerciseSpec
from spinewise.planning.planner import Unplannable
from spinewise.programs.build import build_workout, full_profile, place
from spinewise.programs.models import Program
from spinewise.programs.schema import ProgramFile
from spinewise.training.models import Routine
from spinewise.training.schema import RoutineItemFile


def programs_folder() -> Path:
    return Path(settings.CONTENT_DIR) / "programs"


def check_program(
    program: ProgramFile,
    library: Mapping[str, ExerciseSpec],
    routines: Mapping[str, Sequence[RoutineItemFile]],
) -> list[str]:
    """Problems with a parsed program that its schema cannot see: names, equipment and time.

    Every workout is built at every level the program offers, in every week, for someone with
    all the equipment it lists, and must fit the program's minutes.
    """
    where = program.slug
    problems: list[str] = []
    allowed = set(program.equipment)
    for b, block in enumerate(program.blocks):
        for w, workout in enumerate(block.workouts):
            field = f"blocks.{b}.workouts.{w}"
            if workout.routine is not None and workout.routine not in routines:
                problems.append(f"{where}: field '{field}.routine': no active routine '{workout.routine}'")
            for n, item in enumerate(workout.items or ()):
                spec = library.get(item.exercise)
                if spec is None:
                    problems.append(
                        f"{where}: field '{field}.items.{n}.exercise': no active exercise '{item.exercise}'"
                    )
                    continue
                if item.phase is not None and item.phase not in spec.phases:
                    problems.append(
                        f"{where}: field '{field}.items.{n}.phase': {item.exercise} does not suit {item.phase.value}"
                    )
                if not spec.equipment <= allowed:
                    missing = ", ".join(sorted(e.value for e in spec.equipment - allowed))
                    problems.append(
                        f"{where}: field '{field}.items.{n}.exercise': {item.exercise} needs {missing},"
                        " which the program's equipment does not list"
                    )
    if problems:
        return problems
    for level in program.levels:
        profile = full_profile(level)
        for number in range(1, program.total_workouts + 1):
            week = place(program, number).week
            try:
                built = build_workout(
                    program,
                    number,
                    level=level,
                    dose_week=week,
                    profile=profile,
                    library=library,
                    routines=routines,
                    seed=number,
                )
            except Unplannable as exc:
                problems.append(f"{where}: workout {number} ({level.value}) cannot be planned: {exc}")
                continue
            if built.routine.total_seconds > program.minutes * 60:
                problems.append(
                    f"{where}: workout {number} in week {week} takes {built.routine.total_seconds // 60} min"
                    f" {built.routine.total_seconds % 60} s at {level.value} level, over the program's"
                    f" {program.minutes} minutes"
                )
    return problems


def read_programs(
    folder: Path,
    library: Mapping[str, ExerciseSpec],
    routines: Mapping[str, Sequence[RoutineItemFile]],
) -> list[ProgramFile]:
    def plannable(path: Path, program: ProgramFile) -> list[str]:
        return [f"{path.name}: {p}" for p in check_program(program, library, routines)]

    return read_folder(folder, ProgramFile, plannable).checked()


def _fields(program: ProgramFile) -> dict[str, object]:
    return {
        "name": program.name,
        "summary": program.summary,
        "access": program.access,
        "free_workouts": program.free_workouts,
        "weeks": program.weeks,
        "workouts_per_week": program.workouts_per_week,
        "minutes": program.minutes,
        "content": program.model_dump(mode="json"),
    }


def routine_items() -> dict[str, list[RoutineItemFile]]:
    return {
        slug: [RoutineItemFile.model_validate(item) for item in items]
        for slug, items in Routine.objects.active().values_list("slug", "items")
    }


def load_programs(folder: Path | None = None, *, force: bool = False) -> LoadReport:
    from spinewise.training.services import library_specs

    return load_folder(
        "programs",
        folder or programs_folder(),
        lambda path: read_programs(path, library_specs(), routine_items()),
        Program,
        _fields,
        Program.objects.all(),
        force=force,
    )
