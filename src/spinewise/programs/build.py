"""One program workout as the person will do it. No Django import.

The template's items (or its routine's, or the planner's for a slot) at the week's doses; then
fitted to the person (variants for what they cannot do) and eased by the pain rule (easier
variants for what hurt, and for the direction that hurts when a preference is known).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spinewise.library.schema import Dose as DoseFile
from spinewise.planning.adapt import reason
from spinewise.planning.limits import Limit
from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.model import Routine as PlannedRoutine
from spinewise.planning.planner import assemble, plan_routine
from spinewise.planning.progression import Ceiling, Step, Swap, ease, growth, opposite, progressed, suits
from spinewise.planning.vocabulary import Equipment, Level, Phase
from spinewise.planning.words import ExerciseName, Said, gettext_noop
from spinewise.programs.schema import ProgramFile, WorkoutFile
from spinewise.training.schema import RoutineItemFile


def steps_of(program: ProgramFile) -> list[Step]:
    return [Step(**step.model_dump()) for step in program.progression]


def ceiling_of(program: ProgramFile) -> Ceiling:
    return Ceiling(**program.ceiling.model_dump())


@dataclass(frozen=True, slots=True)
class Place:
    """Where a workout number sits: its week, and its template."""

    number: int
    week: int
    index: int
    workout: WorkoutFile


def place(program: ProgramFile, number: int) -> Place:
    if not 1 <= number <= program.total_workouts:
        raise ValueError(f"{program.name} has workouts 1 to {program.total_workouts}")
    week, index = divmod(number - 1, program.workouts_per_week)
    return Place(number, week + 1, index, program.block_for(week + 1).workouts[index])


@dataclass(frozen=True, slots=True)
class Built:
    routine: PlannedRoutine
    notes: tuple[str, ...] = ()
    swaps: tuple[Swap, ...] = ()


def _own_dose(dose: DoseFile | None) -> Dose | None:
    return Dose(**dose.model_dump()) if dose is not None else None


def _phase(item: RoutineItemFile, spec: ExerciseSpec) -> Phase:
    return item.phase if item.phase is not None else min(spec.phases, key=list(Phase).index)


def _fit(
    spec: ExerciseSpec, dose: Dose, level: Level, library: Mapping[str, ExerciseSpec], profile: Profile
) -> tuple[ExerciseSpec, Dose] | None:
    """The exercise, or a variant of it the person can do (easier first), or None."""
    if suits(spec, profile):
        return spec, dose
    for slug in (*spec.easier, *spec.harder):
        variant = library.get(slug)
        if variant is not None and suits(variant, profile):
            return variant, variant.dose(level)
    return None


def build_workout(
    program: ProgramFile,
    number: int,
    *,
    level: Level,
    dose_week: int,
    profile: Profile,
    library: Mapping[str, ExerciseSpec],
    routines: Mapping[str, Sequence[RoutineItemFile]],
    seed: int,
    hurts: Sequence[str] = (),
    hurts_when: str = "last time",
) -> Built:
    """Workout `number` (from 1) at the doses of `dose_week`, fitted to the person and eased."""
    where = place(program, number)
    workout = where.workout
    steps, ceiling = steps_of(program), ceiling_of(program)
    avoid_direction = opposite(profile.prefer) if profile.prefer is not None else None
    notes: list[str] = []
    if workout.slot is not None:
        minutes = min(program.minutes, workout.slot.minutes + growth(steps, dose_week).slot_minutes)
        planned = plan_routine(
            list(library.values()), replace(profile, focus=workout.slot.focus), minutes, seed
        )
        items = [(i.exercise, i.dose) for i in planned.items]
        phases = {i.exercise.slug: i.phase for i in planned.items}
        notes.extend(planned.relaxed)
    else:
        template = workout.items if workout.items is not None else routines[workout.routine or ""]
        items = []
        phases = {}
        for item in template:
            spec = library[item.exercise]
            moved, dose = progressed(
                spec, _own_dose(item.dose), level, dose_week, steps, ceiling, library, profile
            )
            fitted = _fit(moved, dose, level, library, profile)
            if fitted is None or fitted[0].slug != moved.slug:
                # Said item by item as every fixed routine says it (planning.adapt's words).
                why = reason(
                    moved, Limit.EQUIPMENT if moved.equipment - profile.equipment else Limit.POSITION, profile
                )
                name = ExerciseName(moved.name, moved.slug)
                if fitted is None:
                    notes.append(
                        Said(
                            gettext_noop(
                                "%(name)s: left out, because %(why)s, and it has no other version you can do."
                            ),
                            name=name,
                            why=why,
                        )
                    )
                else:
                    notes.append(
                        Said(
                            gettext_noop("%(name)s: swapped for %(version)s, because %(why)s."),
                            name=name,
                            version=ExerciseName(fitted[0].name, fitted[0].slug),
                            why=why,
                        )
                    )
            if fitted is None:
                continue
            items.append(fitted)
            phases[fitted[0].slug] = _phase(item, spec)
    eased = ease(
        items,
        hurts=hurts,
        avoid_direction=avoid_direction,
        level=level,
        library=library,
        profile=profile,
        when=hurts_when,
    )
    for spec, _dose in eased.items:
        if spec.slug not in phases:
            original = next((s.slug for s in eased.swaps if s.to == spec.slug), "")
            phases[spec.slug] = phases.get(original, Phase.MAIN)
    routine = assemble([(spec, phases[spec.slug], dose) for spec, dose in eased.items])
    return Built(routine, tuple(notes), eased.swaps)


def full_profile(level: Level) -> Profile:
    """Someone with every piece of equipment and no position avoided: the content check's person."""
    return Profile(level=level, equipment=frozenset(Equipment))
