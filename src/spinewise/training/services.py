"""Service functions over routines and sessions: views, the command line and the API call these."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from spinewise.library import cache as content_cache
from spinewise.library.models import Exercise
from spinewise.planning.adapt import FixedItem
from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.model import Routine as PlannedRoutine
from spinewise.planning.planner import assemble, plan_routine
from spinewise.planning.vocabulary import Level, Phase
from spinewise.training import hooks
from spinewise.training.models import Routine, Session, SessionItem
from spinewise.training.schema import RoutineItemJSON, RoutineJSON, SessionIn


def _read_specs(include_retired: bool) -> dict[str, ExerciseSpec]:
    qs = Exercise.objects.all() if include_retired else Exercise.objects.active()
    return {ex.slug: ex.to_spec() for ex in qs.with_tags().with_variants()}


def library_specs(*, include_retired: bool = False, version: str | None = None) -> dict[str, ExerciseSpec]:
    """Every exercise as the planner sees it: read once per content version, then one query a call.

    The dict is a fresh copy (callers may add to it); the specs themselves are frozen.
    """
    name = "specs-all" if include_retired else "specs-active"
    return dict(content_cache.derived(name, lambda: _read_specs(include_retired), version))


def build_routine(profile: Profile, minutes: int, seed: int) -> PlannedRoutine:
    """The planner's routine; the same request and seed give the same routine all day, planned once."""
    version = content_cache.content_version()
    return _planned(profile, minutes, seed, version, date.today())


@functools.lru_cache(maxsize=1024)
def _planned(profile: Profile, minutes: int, seed: int, version: str, day: date) -> PlannedRoutine:
    # The version and the day are in the key so a content edit or midnight starts afresh.
    return plan_routine(list(library_specs(version=version).values()), profile, minutes, seed)


@dataclass(frozen=True)
class BuiltIn:
    routine: Routine
    planned: PlannedRoutine


def builtin_items(routine: Routine, specs: Mapping[str, ExerciseSpec]) -> list[FixedItem]:
    """A built-in routine's items as written: an item's own dose (its seed's), else None (the level's)."""
    items: list[FixedItem] = []
    for item in routine.items:
        spec = specs[item["exercise"]]
        phase = Phase(item["phase"]) if item.get("phase") else min(spec.phases, key=list(Phase).index)
        raw = item.get("dose")
        items.append(FixedItem(spec, phase, Dose(**raw) if raw else None))
    return items


def builtin_routine(
    routine: Routine, level: Level, specs: dict[str, ExerciseSpec] | None = None
) -> PlannedRoutine:
    """A built-in routine at a level; an item's own dose (its seed's) overrides the level's."""
    specs = specs if specs is not None else library_specs(include_retired=True)
    return assemble(
        [(i.exercise, i.phase, i.dose or i.exercise.dose(level)) for i in builtin_items(routine, specs)]
    )


def builtin_routines(level: Level = Level.BEGINNER) -> list[BuiltIn]:
    specs = library_specs(include_retired=True)
    return [BuiltIn(r, builtin_routine(r, level, specs)) for r in Routine.objects.active()]


def item_json(
    *,
    slug: str,
    name: str,
    phase: str,
    position: str,
    equipment: list[str],
    dose: Dose,
    seconds_per_rep: float | None,
) -> RoutineItemJSON:
    """One prescribed item, its time estimated from the dose as the planner estimates it."""
    return RoutineItemJSON(
        slug=slug,
        name=name,
        phase=phase,
        position=position,
        equipment=equipment,
        **asdict(dose),
        seconds=dose.seconds(seconds_per_rep),
    )


def routine_json(routine: PlannedRoutine) -> RoutineJSON:
    return RoutineJSON(
        total_seconds=routine.total_seconds,
        position_changes=routine.position_changes,
        relaxed=list(routine.relaxed),
        items=[
            item_json(
                slug=item.exercise.slug,
                name=item.exercise.name,
                phase=item.phase.value,
                position=item.exercise.position.value,
                equipment=sorted(e.value for e in item.exercise.equipment),
                dose=item.dose,
                seconds_per_rep=item.exercise.seconds_per_rep,
            )
            for item in routine.items
        ],
    )


def _is_complete(data: SessionIn) -> bool:
    reported = {item.index for item in data.items}
    return data.finished_at is not None and all(i in reported for i in range(len(data.prescription.items)))


def _item_rows(session: Session, data: SessionIn) -> list[SessionItem]:
    """One row per prescribed item; items the player never reached are kept as "not-reached"."""
    reported = {item.index: item for item in data.items}
    rows: list[SessionItem] = []
    for index, item in enumerate(data.prescription.items):
        done = reported.get(index)
        rows.append(
            SessionItem(
                session=session,
                index=index,
                exercise_slug=item.slug,
                exercise_name=item.name,
                phase=item.phase,
                prescribed=item.model_dump(mode="json"),
                outcome=done.outcome if done else SessionItem.Outcome.NOT_REACHED,
                performed_slug=(done.performed_slug or "") if done else "",
                mark=(done.mark or "") if done else "",
                seconds=done.seconds if done else 0,
            )
        )
    return rows


def record_session(data: SessionIn, user: User | None = None) -> Session:
    """Save a session and one row per prescribed item, in one transaction.

    Items the player never reached are kept as "not-reached", and the session is
    partial unless it finished with every item reached.
    """
    with transaction.atomic():
        session = Session.objects.create(
            user=user,
            source=data.source,
            routine_name=data.routine_name,
            routine_slug=data.routine_slug or "",
            prescription=data.prescription.model_dump(mode="json"),
            started_at=data.started_at,
            finished_at=data.finished_at,
            status=Session.Status.COMPLETE if _is_complete(data) else Session.Status.PARTIAL,
            pain_before=data.pain_before,
            worst_pain_during=data.worst_pain_during,
            pain_after=data.pain_after,
            effort=data.effort,
            notes=data.notes,
        )
        SessionItem.objects.bulk_create(_item_rows(session, data))
        hooks.session_saved(session)
    return session


class ReportMismatch(ValueError):
    """A report for a session names a different routine than the one it started with."""


def update_session(session: Session, data: SessionIn) -> Session:
    """Replace a session's report (items, pain, effort, notes, finish) with a player's latest one.

    The routine's snapshot, its name and the start time stay as first recorded. Items are
    replaced in one transaction, and the status is worked out as record_session does.
    """
    if data.prescription.model_dump(mode="json") != session.prescription:
        raise ReportMismatch("prescription: does not match the routine this session started with")
    with transaction.atomic():
        # Lock the row: two reports of one session (a progress report and a pagehide one)
        # may arrive together, and each deletes and re-inserts the items.
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.finished_at is not None and data.finished_at is None:
            # A report sent before the finish can overtake the final one (keepalive requests
            # are not ordered); it must not turn a finished session back into a partial one.
            return locked
        locked.finished_at = data.finished_at
        locked.status = Session.Status.COMPLETE if _is_complete(data) else Session.Status.PARTIAL
        locked.pain_before = data.pain_before
        locked.worst_pain_during = data.worst_pain_during
        locked.pain_after = data.pain_after
        locked.effort = data.effort
        locked.notes = data.notes
        locked.save(
            update_fields=[
                "finished_at",
                "status",
                "pain_before",
                "worst_pain_during",
                "pain_after",
                "effort",
                "notes",
            ]
        )
        locked.items.all().delete()
        SessionItem.objects.bulk_create(_item_rows(locked, data))
        hooks.session_saved(locked)
    return locked


def export_sessions(user: User) -> list[dict[str, Any]]:
    """Every session of the person with its items, oldest first, for their data download."""
    sessions = Session.objects.filter(user=user).prefetch_related("items").order_by("started_at")
    return [
        {
            "routine": s.routine_name,
            "started_at": s.started_at.isoformat(),
            "finished_at": s.finished_at.isoformat() if s.finished_at else None,
            "status": s.status,
            "pain_before": s.pain_before,
            "worst_pain_during": s.worst_pain_during,
            "pain_after": s.pain_after,
            "effort": s.effort,
            "notes": s.notes,
            "prescription": s.prescription,
            "items": [i.as_dict() for i in s.items.all()],
        }
        for s in sessions
    ]
