"""Adapt a fixed routine to a person: the same hard limits the planner keeps, item by item.

A fixed routine (a built-in routine, a program workout, a session played again) keeps its
authors' order; what the person cannot do safely today is swapped for its nearest version
they can do, or left out, and every change is said in plain words. Pure Python.

The rules:

- An item conflicts when it needs equipment the person does not have, starts in a position
  they avoid, is not gentle enough for a flare-up day, or mainly bends the back in the
  direction they asked to avoid (`limits.main_direction`).
- A conflicting item is swapped for its nearest version that breaks no limit. Easier
  versions are searched first, breadth-first through easier links (one step easier, then
  two...), each step in the order the content lists them. Only when no easier version fits,
  and never on a flare-up day, the item's direct harder versions (one step up) within the
  person's level. Links count whichever of the two moves names them.
- A swap never repeats an exercise already in the routine: that version is passed over.
- With no version left, the item is left out. With nothing left at all, `NothingSafe`.
- On a flare-up day every dose is the gentlest: the exercise's beginner dose, never above the
  item's own. On other days an item keeps its own dose, and a swapped-in version takes its
  dose for the person's level.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spinewise.planning.candidates import MAX_DIFFICULTY
from spinewise.planning.limits import OPPOSITE, Limit, Unplannable, broken_limit
from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.vocabulary import Equipment, Level, Phase, Position, State
from spinewise.planning.words import DIRECTION_WORDS, ExerciseName, Said, gettext_noop, joined, word

EQUIPMENT_WORDS: dict[Equipment, str] = {
    Equipment.FOAM_ROLLER: gettext_noop("a foam roller"),
    Equipment.CHAIR: gettext_noop("a chair"),
    Equipment.TOWEL: gettext_noop("a towel"),
    Equipment.STRAP: gettext_noop("a strap"),
    Equipment.BAND: gettext_noop("a resistance band"),
    Equipment.BENCH: gettext_noop("a bench"),
}
POSITION_WORDS: dict[Position, str] = {
    Position.SUPINE: gettext_noop("lying on your back"),
    Position.PRONE: gettext_noop("lying face down"),
    Position.SIDE_LYING: gettext_noop("lying on your side"),
    Position.QUADRUPED: gettext_noop("on hands and knees"),
    Position.KNEELING: gettext_noop("kneeling"),
    Position.HALF_KNEELING: gettext_noop("kneeling on one knee"),
    Position.SEATED_FLOOR: gettext_noop("sitting on the floor"),
    Position.SEATED_CHAIR: gettext_noop("sitting on a chair"),
    Position.STANDING: gettext_noop("standing"),
    Position.WALL: gettext_noop("at a wall"),
}
LOWERED = Said(gettext_noop("Doses lowered to the gentlest for a flare-up day."))


class NothingSafe(Unplannable):
    """Nothing in a fixed routine is left that the person can do safely today."""


@dataclass(frozen=True, slots=True)
class FixedItem:
    """One item of a fixed routine: its exercise, its phase, and its own dose when it has one
    (None: the exercise's dose at the person's level)."""

    exercise: ExerciseSpec
    phase: Phase
    dose: Dose | None = None


class AdaptedItem(NamedTuple):
    """An item as the person will do it; a tuple in the shape `assemble` takes."""

    exercise: ExerciseSpec
    phase: Phase
    dose: Dose


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to one item of the routine, and why, in plain words."""

    slug: str  # the routine's own exercise
    name: str
    limit: Limit  # the first limit it breaks
    why: str  # that limit in words: "it starts on hands and knees, which you avoid"
    replacement: str | None  # the version swapped in; None when left out
    note: str  # the sentence to show


@dataclass(frozen=True, slots=True)
class Adapted:
    items: tuple[AdaptedItem, ...]
    changes: tuple[Change, ...]
    lowered: bool  # some kept item's dose was lowered for a flare-up day

    @property
    def notes(self) -> tuple[str, ...]:
        """Every change in routine order, then the dose note when there is one."""
        return (*(change.note for change in self.changes), *((LOWERED,) if self.lowered else ()))


def reason(spec: ExerciseSpec, limit: Limit, profile: Profile) -> str:
    """Why `spec` breaks `limit` for `profile`, as the end of a sentence that starts with "because"."""
    if limit is Limit.EQUIPMENT:
        missing = sorted(spec.equipment - profile.equipment)
        return Said(
            gettext_noop("it needs %(equipment)s, which you do not have"),
            equipment=joined([Said(EQUIPMENT_WORDS[e]) for e in missing]),
        )
    if limit is Limit.POSITION:
        return Said(
            gettext_noop("it starts %(position)s, which you avoid"),
            position=Said(POSITION_WORDS[spec.position]),
        )
    if limit is Limit.FLARE_UP:
        return Said(gettext_noop("it is not gentle enough for a flare-up day"))
    assert profile.prefer is not None
    return Said(
        gettext_noop("it mainly bends your back in %(direction)s, the direction you asked to avoid"),
        direction=word(DIRECTION_WORDS, OPPOSITE[profile.prefer].value),
    )


def adapt(items: Sequence[FixedItem], library: Mapping[str, ExerciseSpec], profile: Profile) -> Adapted:
    """The routine's items, each kept, swapped for a version the person can do, or left out.

    Raises `NothingSafe` naming each item's reason when no item is left.
    """
    flare = profile.state == State.FLARE_UP
    easier, harder = _versions(library.values())
    # Items kept as they are hold their places first, so no swap can repeat one of them.
    broken = [broken_limit(item.exercise, profile) for item in items]
    taken = {item.exercise.slug for item, limit in zip(items, broken, strict=True) if limit is None}
    out: list[AdaptedItem] = []
    changes: list[Change] = []
    lowered = False
    for item, limit in zip(items, broken, strict=True):
        spec = item.exercise
        if limit is None:
            dose = item.dose if item.dose is not None else spec.dose(profile.level)
            if flare:
                gentle = _gentlest(spec, dose)
                lowered |= gentle != dose
                dose = gentle
            out.append(AdaptedItem(spec, item.phase, dose))
            continue
        why = reason(spec, limit, profile)
        version = _nearest(spec, library, easier, harder, profile, taken)
        if version is None:
            left_out = (
                gettext_noop("%(name)s: left out, because %(why)s, and it has no gentler version you can do.")
                if flare
                else gettext_noop(
                    "%(name)s: left out, because %(why)s, and it has no other version you can do."
                )
            )
            note = Said(left_out, name=ExerciseName(spec.name, spec.slug), why=why)
            changes.append(Change(spec.slug, spec.name, limit, why, None, note))
            continue
        taken.add(version.slug)
        level = Level.BEGINNER if flare else profile.level
        out.append(AdaptedItem(version, item.phase, version.dose(level)))
        note = Said(
            gettext_noop("%(name)s: swapped for %(version)s, because %(why)s."),
            name=ExerciseName(spec.name, spec.slug),
            version=ExerciseName(version.name, version.slug),
            why=why,
        )
        changes.append(Change(spec.slug, spec.name, limit, why, version.slug, note))
    if not out:
        if not items:
            raise NothingSafe(Said(gettext_noop("This routine has no exercises.")))
        reasons: str = ""
        for c in changes:
            one = Said(
                gettext_noop("%(name)s, because %(why)s"), name=ExerciseName(c.name, c.slug), why=c.why
            )
            reasons = Said(gettext_noop("%(first)s; %(next)s"), first=reasons, next=one) if reasons else one
        raise NothingSafe(
            Said(
                gettext_noop(
                    "Nothing in this routine is left that you can do safely today: %(reasons)s."
                    " A planned routine can choose other exercises for you."
                ),
                reasons=reasons,
            )
        )
    return Adapted(tuple(out), tuple(changes), lowered)


def _versions(library: Iterable[ExerciseSpec]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each move's easier and its harder versions, read both ways: the move's own links in the
    content's order, then those named only by the other move, by slug."""
    specs = sorted(library, key=lambda s: s.slug)
    easier: dict[str, list[str]] = {s.slug: list(s.easier) for s in specs}
    harder: dict[str, list[str]] = {s.slug: list(s.harder) for s in specs}
    for spec in specs:
        for slug in spec.harder:
            named = easier.setdefault(slug, [])
            if spec.slug not in named:
                named.append(spec.slug)
        for slug in spec.easier:
            named = harder.setdefault(slug, [])
            if spec.slug not in named:
                named.append(spec.slug)
    return easier, harder


def _nearest(
    spec: ExerciseSpec,
    library: Mapping[str, ExerciseSpec],
    easier: Mapping[str, list[str]],
    harder: Mapping[str, list[str]],
    profile: Profile,
    taken: set[str],
) -> ExerciseSpec | None:
    """The nearest version of `spec` that breaks no limit and is not in the routine yet."""

    def fits(slug: str) -> ExerciseSpec | None:
        version = library.get(slug)
        if version is None or slug in taken or broken_limit(version, profile) is not None:
            return None
        return version

    seen = {spec.slug}
    queue = deque(easier.get(spec.slug, ()))
    while queue:
        slug = queue.popleft()
        if slug in seen:
            continue
        seen.add(slug)
        found = fits(slug)
        if found is not None:
            return found
        # A version that does not fit may still lead to an easier one that does.
        queue.extend(easier.get(slug, ()))
    if profile.state == State.FLARE_UP:
        return None
    ceiling = MAX_DIFFICULTY[profile.level]
    for slug in harder.get(spec.slug, ()):
        found = fits(slug)
        if found is not None and found.difficulty <= ceiling:
            return found
    return None


def _gentlest(spec: ExerciseSpec, own: Dose) -> Dose:
    """The beginner dose, never above the item's own: the fewer sets and the smaller amount of the two."""
    beginner = spec.dose(Level.BEGINNER)
    if own.kind != beginner.kind:
        # Different measures cannot be compared step by step: the shorter of the two.
        return min((beginner, own), key=lambda d: d.seconds(spec.seconds_per_rep))
    if own.sets <= beginner.sets and own.amount <= beginner.amount:
        return own
    # The rest between sets goes with the sets it was set for.
    sets_from = beginner if beginner.sets <= own.sets else own
    gentle = beginner.with_amount(min(beginner.amount, own.amount))
    return Dose(
        sets_from.sets,
        gentle.reps,
        gentle.hold_seconds,
        gentle.duration_seconds,
        gentle.per_side,
        sets_from.rest_seconds,
    )
