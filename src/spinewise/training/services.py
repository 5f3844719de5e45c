"""Service functions over routines and sessions: views, the command line and the API call these."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction

from spinewise.accounts.stamps import touch
from spinewise.library import cache as content_cache
from spinewise.library.models import Exercise
from spinewise.planning.adapt import Adapted, FixedItem, adapt
from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.model import Routine as PlannedRoutine
from spinewise.planning.planner import assemble, plan_routine
from spinewise.planning.vocabulary import Category, Equipment, Level, Phase, Position
from spinewise.training import hooks
from spinewise.training.models import Favourite, Routine, Session, SessionItem
from spinewise.training.schema import RoutineItemJSON, RoutineJSON, SessionIn


def _read_specs(include_retired: bool) -> dict[str, ExerciseSpec]:
    qs = Exercise.objects.all() if include_retired else Exercise.objects.active()
    # The planner needs no drawings: leave the stored figures in the database.
    rows = qs.with_tags().with_variants().defer("figure_svg", "figure_css", "figure_still")
    return {ex.slug: ex.to_spec() for ex in rows}


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
    # The version and the day are in the key so a content edit or midnight starts afresh. Kept in
    # Django's cache too, so that a command (one process a run) also plans a request once a day.
    asked = ";".join(
        [
            profile.level.value,
            ",".join(sorted(e.value for e in profile.equipment)),
            ",".join(sorted(p.value for p in profile.avoid)),
            profile.state.value,
            profile.focus.value,
            profile.prefer.value if profile.prefer is not None else "",
            str(minutes),
            str(seed),
        ]
    )
    key = f"spinewise:planned:{version}:{day.isoformat()}:{hashlib.sha256(asked.encode()).hexdigest()[:32]}"
    planned: PlannedRoutine | None = cache.get(key)
    if planned is None:
        planned = plan_routine(list(library_specs(version=version).values()), profile, minutes, seed)
        cache.set(key, planned, content_cache.CACHE_SECONDS)
    return planned


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


@dataclass(frozen=True)
class Fitted:
    """A fixed routine as the person will do it today: what changed (in `planned.relaxed`, item by
    item, with the reason) and the routine's own note on each item kept as written, by exercise."""

    planned: PlannedRoutine
    adapted: Adapted
    item_notes: dict[str, str]


def _fitted(adapted: Adapted, own_notes: Mapping[str, str]) -> Fitted:
    changed = {change.slug for change in adapted.changes}
    notes = {slug: note for slug, note in own_notes.items() if slug not in changed}
    return Fitted(assemble(adapted.items, relaxed=adapted.notes), adapted, notes)


def fit_builtin(routine: Routine, profile: Profile, version: str | None = None) -> Fitted:
    """A built-in routine adapted to the person's limits (avoided positions, equipment, a flare-up
    day) at their level: each conflicting item swapped for its nearest allowed version or left out.
    The command line and the web both call this. Raises `planning.adapt.NothingSafe`.

    Worked out once per routine, limits and content version (one query: the version); the result is
    shared, so callers must not change it."""
    return _fit_builtin(routine, profile, version or content_cache.content_version())


@functools.lru_cache(maxsize=1024)
def _fit_builtin(routine: Routine, profile: Profile, version: str) -> Fitted:
    # Every exercise (a routine's own items may be retired) and the active ones (what a swap may
    # bring in), each built once per content version; the version in the key covers the routine's
    # items too (an edit of a routine changes it).
    every = library_specs(include_retired=True, version=version)
    active = library_specs(version=version)
    adapted = adapt(builtin_items(routine, every), active, profile)
    own = {str(i["exercise"]): str(i["note"]) for i in routine.items if i.get("note")}
    return _fitted(adapted, own)


def active_routine(slug: str, version: str) -> Routine | None:
    """A built-in routine that is not retired, by slug, read once per content version."""
    routines = content_cache.derived(
        "active-routines", lambda: {r.slug: r for r in Routine.objects.active()}, version
    )
    return routines.get(slug)


def profile_key(profile: Profile) -> str:
    """The limits as a fixed string, the same in every process (a cache key part)."""
    parts = (
        profile.level,
        ",".join(sorted(e.value for e in profile.equipment)),
        ",".join(sorted(p.value for p in profile.avoid)),
        profile.state,
        profile.focus,
        profile.prefer or "",
    )
    return ";".join(str(getattr(part, "value", part)) for part in parts)


def _snapshot_spec(item: RoutineItemJSON, phase: Phase) -> ExerciseSpec:
    """An exercise since removed from the library, as a session's snapshot describes it: its
    position and equipment can still be checked; not known to be gentle, it sits out a flare-up day."""
    dose = item.dose()
    return ExerciseSpec(
        slug=item.slug,
        name=item.name,
        category=Category.MOBILITY,
        position=Position(item.position),
        equipment=frozenset(Equipment(e) for e in item.equipment),
        targets=frozenset(),
        direction=frozenset(),
        phases=frozenset({phase}),
        flare_up_ok=False,
        difficulty=1,
        seconds_per_rep=None,
        doses={level: dose for level in Level},
    )


def fit_prescription(prescription: RoutineJSON, profile: Profile) -> RoutineJSON:
    """A past session's routine (its snapshot) adapted to the person's limits today. Items kept
    at their recorded dose stay exactly as recorded (names and doses of then); what changed is
    said in `relaxed`. Raises `planning.adapt.NothingSafe`."""
    return fit_prescription_noting(prescription, profile)[0]


def fit_prescription_noting(
    prescription: RoutineJSON, profile: Profile
) -> tuple[RoutineJSON, tuple[str, ...]]:
    """`fit_prescription`, with what changed as the planner said it (planning.words.Said, which
    a page translates; the prescription's `relaxed` holds their plain English)."""
    version = content_cache.content_version()
    every = library_specs(include_retired=True, version=version)
    active = library_specs(version=version)
    items: list[FixedItem] = []
    recorded: dict[str, RoutineItemJSON] = {}
    for item in prescription.items:
        phase = Phase(item.phase) if item.phase in {p.value for p in Phase} else Phase.MAIN
        spec = every.get(item.slug) or _snapshot_spec(item, phase)
        items.append(FixedItem(spec, phase, item.dose()))
        recorded[item.slug] = item
    adapted = adapt(items, active, profile)
    if not adapted.notes:
        return prescription, tuple(prescription.relaxed)
    fresh = routine_json(assemble(adapted.items, relaxed=adapted.notes))
    kept = [
        recorded[new.slug] if new.slug in recorded and recorded[new.slug].dose() == new.dose() else new
        for new in fresh.items
    ]
    return fresh.model_copy(update={"items": kept}), adapted.notes


def builtin_routines(level: Level = Level.BEGINNER) -> list[BuiltIn]:
    """Every active built-in routine at a level, built once per content version (shared: read only)."""
    version = content_cache.content_version()

    def build() -> list[BuiltIn]:
        specs = library_specs(include_retired=True, version=version)
        return [BuiltIn(r, builtin_routine(r, level, specs)) for r in Routine.objects.active()]

    return content_cache.derived(f"builtin-routines-{level.value}", build, version)


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


class ReportMismatch(ValueError):
    """A report does not fit its session: another routine, or a swap to an unknown variant."""


def check_swaps(data: SessionIn) -> None:
    """Every swap is to one of that item's known easier or harder variants (one query)."""
    swapped = {item.index: item.performed_slug for item in data.items if item.performed_slug}
    if not swapped:
        return
    wanted = {data.prescription.items[i].slug for i in swapped}
    known: dict[str, set[str]] = {}
    for relation in (Exercise.easier.through, Exercise.harder.through):
        pairs = relation.objects.filter(from_exercise__slug__in=wanted).values_list(
            "from_exercise__slug", "to_exercise__slug"
        )
        for source, variant in pairs:
            known.setdefault(source, set()).add(variant)
    for index, slug in sorted(swapped.items()):
        planned = data.prescription.items[index].slug
        if slug != planned and slug not in known.get(planned, set()):
            raise ReportMismatch(f"items.{index}.performed_slug: {slug} is not a variant of {planned}")


def started_with(user: User, client_id: UUID) -> Session | None:
    """The session this person's player already started with this UUID, if any."""
    return Session.objects.filter(user=user, client_id=client_id).first()


def record_session(data: SessionIn, user: User | None = None, client_id: UUID | None = None) -> Session:
    """Save a session and one row per prescribed item, in one transaction.

    Items the player never reached are kept as "not-reached", and the session is
    partial unless it finished with every item reached. A swap to an unknown variant
    raises ReportMismatch and writes nothing.
    """
    check_swaps(data)
    with transaction.atomic():
        session = Session.objects.create(
            user=user,
            client_id=client_id,
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
        touch([session.user_id])
        hooks.session_saved(session)
    return session


def update_session(session: Session, data: SessionIn) -> Session:
    """Replace a session's report (items, pain, effort, notes, finish) with a player's latest one.

    The routine's snapshot, its name and the start time stay as first recorded. Items are
    replaced in one transaction, and the status is worked out as record_session does.
    """
    if data.prescription.model_dump(mode="json") != session.prescription:
        raise ReportMismatch("prescription: does not match the routine this session started with")
    check_swaps(data)
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
        touch([locked.user_id])  # the items' delete and bulk_create send no signal (accounts.stamps)
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


def export_favourites(user: User) -> list[dict[str, Any]]:
    """The routines the person marked as favourites, for their data download."""
    rows = Favourite.objects.filter(user=user).select_related("routine").order_by("created_at")
    return [{"routine": f.routine.slug, "created_at": f.created_at.isoformat()} for f in rows]
