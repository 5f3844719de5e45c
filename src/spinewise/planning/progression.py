"""Week-by-week progression, held back by the pain-monitoring rule. Pure Python.

The pain rule (Silbernagel et al. 2007, see CLINICAL.md): pain during exercise up to 5/10 is
acceptable, and what the exercise stirs up must have settled by the next morning. Whether it
settled is judged from the next "pain now" (the next session's, and a next-morning check-in
when the person gave one) against the last session's "pain before".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from spinewise.planning.model import Dose, ExerciseSpec, Profile
from spinewise.planning.vocabulary import Direction, Level, Preference
from spinewise.planning.words import DIRECTION_WORDS, ExerciseName, Said, gettext_noop, joined, word

ACCEPTABLE_PAIN = 5  # worst pain during up to this is acceptable
STOP_PAIN = 8  # worst pain during (or pain now) this high pauses the program


@dataclass(frozen=True, slots=True)
class Step:
    """What grows in one week (added to the week before)."""

    week: int
    reps: int = 0
    hold_seconds: int = 0
    duration_seconds: int = 0
    sets: int = 0
    harder: bool = False
    slot_minutes: int = 0
    why: str = ""


@dataclass(frozen=True, slots=True)
class Ceiling:
    reps: int
    hold_seconds: int
    duration_seconds: int
    sets: int


@dataclass(frozen=True, slots=True)
class Growth:
    """Everything added from week 1 to a week: the amounts, and how many rungs harder."""

    reps: int = 0
    hold_seconds: int = 0
    duration_seconds: int = 0
    sets: int = 0
    rungs: int = 0
    slot_minutes: int = 0


def growth(steps: Sequence[Step], week: int, *, after: int = 1) -> Growth:
    """The sum of the steps of weeks after `after` up to `week`."""
    chosen = [s for s in steps if after < s.week <= week]
    return Growth(
        reps=sum(s.reps for s in chosen),
        hold_seconds=sum(s.hold_seconds for s in chosen),
        duration_seconds=sum(s.duration_seconds for s in chosen),
        sets=sum(s.sets for s in chosen),
        rungs=sum(1 for s in chosen if s.harder),
        slot_minutes=sum(s.slot_minutes for s in chosen),
    )


def grow(dose: Dose, add: Growth, ceiling: Ceiling) -> Dose:
    """A dose with the growth added to its own measure and sets, never past the ceiling.

    A dose already above the ceiling (an author's seed dose) is kept, never cut.
    """

    def capped(value: int, extra: int, cap: int) -> int:
        return value if value >= cap else min(value + extra, cap)

    return Dose(
        sets=capped(dose.sets, add.sets, ceiling.sets),
        reps=None if dose.reps is None else capped(dose.reps, add.reps, ceiling.reps),
        hold_seconds=None
        if dose.hold_seconds is None
        else capped(dose.hold_seconds, add.hold_seconds, ceiling.hold_seconds),
        duration_seconds=None
        if dose.duration_seconds is None
        else capped(dose.duration_seconds, add.duration_seconds, ceiling.duration_seconds),
        per_side=dose.per_side,
        rest_seconds=dose.rest_seconds,
    )


def suits(spec: ExerciseSpec, profile: Profile) -> bool:
    """Whether the person can do an exercise: equipment they have, a position they do not avoid."""
    return spec.equipment <= profile.equipment and spec.position not in profile.avoid


def harder_rung(
    spec: ExerciseSpec, rungs: int, library: Mapping[str, ExerciseSpec], profile: Profile
) -> tuple[ExerciseSpec, int]:
    """Up to `rungs` steps up the harder variants the person can do; returns the exercise and the rungs climbed."""
    climbed = 0
    current = spec
    while climbed < rungs:
        options = [library[s] for s in current.harder if s in library and suits(library[s], profile)]
        if not options:
            break
        current = min(options, key=lambda s: (s.difficulty, s.slug))
        climbed += 1
    return current, climbed


def progressed(
    spec: ExerciseSpec,
    own_dose: Dose | None,
    level: Level,
    week: int,
    steps: Sequence[Step],
    ceiling: Ceiling,
    library: Mapping[str, ExerciseSpec],
    profile: Profile,
) -> tuple[ExerciseSpec, Dose]:
    """An item as it stands in `week`: maybe a harder variant, its dose grown by the weeks since.

    A harder variant starts from its own dose at the person's level; only the weeks after the
    step that moved to it add to that.
    """
    total = growth(steps, week)
    exercise, climbed = harder_rung(spec, total.rungs, library, profile)
    if climbed == 0:
        base = own_dose or spec.dose(level)
        return spec, grow(base, total, ceiling)
    harder_weeks = [s.week for s in steps if s.harder and s.week <= week]
    moved_in = harder_weeks[climbed - 1]
    return exercise, grow(exercise.dose(level), growth(steps, week, after=moved_in), ceiling)


# ---------------------------------------------------------------- the pain rule


class Decision(StrEnum):
    AS_PLANNED = "as-planned"  # no earlier session to judge by
    PROGRESS = "progress"
    HOLD = "hold"
    PAUSE = "pause"


@dataclass(frozen=True, slots=True)
class LastSession:
    """What the rule needs from the last session: its pain, and the exercises marked."""

    pain_before: int | None
    worst_pain_during: int | None
    pain_after: int | None
    hurts: tuple[str, ...] = ()
    helps: tuple[str, ...] = ()
    # Which session this is, as the reasons name it: "workout 7 (Gentle start) on Tuesday 24 November".
    label: str = "the last workout"


@dataclass(frozen=True, slots=True)
class Verdict:
    decision: Decision
    reasons: tuple[str, ...]
    settled: bool | None = None


def judge(
    last: LastSession | None,
    pain_now: int | None,
    *,
    morning_pain: int | None = None,
    red_flag: bool = False,
) -> Verdict:
    """Apply the pain-monitoring rule to decide the next workout.

    - a new red flag, or pain of 8/10 or more (during the last session, or now): pause;
    - worst pain during above 5/10, or pain not settled back to where it was before the last
      session: hold the progression (and ease what hurt);
    - otherwise: progress as planned.
    Pain not settled means a "pain now" (the morning after, or before this workout) above the
    last session's "pain before"; without both figures it cannot be judged.
    """
    if red_flag:
        return Verdict(
            Decision.PAUSE,
            (
                Said(
                    gettext_noop(
                        "Your answers to the safety check need a clinician's advice before you train again."
                    )
                ),
            ),
        )
    session = last.label if last else ""
    readings = (
        (
            last.worst_pain_during if last else None,
            gettext_noop("your worst pain during %(session)s was %(pain)s/10"),
        ),
        (pain_now, gettext_noop("your pain now is %(pain)s/10")),
        (morning_pain, gettext_noop("your pain the morning after was %(pain)s/10")),
    )
    severe: list[str] = [
        # Every reading is given the session; a sentence that does not name it ignores it.
        Said(text, pain=str(value), session=session)
        for value, text in readings
        if value is not None and value >= STOP_PAIN
    ]
    if severe:
        return Verdict(
            Decision.PAUSE,
            (
                Said(
                    gettext_noop(
                        "The program is paused because %(what)s: pain of %(stop)s/10 or more is more than"
                        " exercise should cause. Take the safety check and follow its advice before you go on."
                    ),
                    what=joined(severe),
                    stop=str(STOP_PAIN),
                ),
            ),
        )
    if last is None:
        return Verdict(
            Decision.AS_PLANNED,
            (Said(gettext_noop("Your first workout: doses as the program starts them.")),),
        )
    reasons: list[str] = []
    settled: bool | None = None
    baseline = last.pain_before
    later = [
        (v, label) for v, label in ((morning_pain, "the morning after"), (pain_now, "now")) if v is not None
    ]
    if baseline is not None and later:
        risen = [(v, label) for v, label in later if v > baseline]
        settled = not risen
        if risen:
            v, label = risen[0]
            template = (
                gettext_noop(
                    "Your pain the morning after (%(pain)s/10) is above where it was before %(session)s"
                    " (%(before)s/10): it has not settled yet."
                )
                if label == "the morning after"
                else gettext_noop(
                    "Your pain now (%(pain)s/10) is above where it was before %(session)s (%(before)s/10):"
                    " it has not settled yet."
                )
            )
            reasons.append(Said(template, pain=str(v), session=last.label, before=str(baseline)))
    worst = last.worst_pain_during
    if worst is not None and worst > ACCEPTABLE_PAIN:
        reasons.insert(
            0,
            Said(
                gettext_noop(
                    "Your worst pain during %(session)s was %(pain)s/10, above the %(limit)s/10 that is acceptable."
                ),
                session=last.label,
                pain=str(worst),
                limit=str(ACCEPTABLE_PAIN),
            ),
        )
    if reasons:
        reasons.append(
            Said(
                gettext_noop("So this workout keeps the last doses instead of growing, and eases what hurt.")
            )
        )
        return Verdict(Decision.HOLD, tuple(reasons), settled)
    if worst is None and settled is None:
        return Verdict(
            Decision.PROGRESS,
            (
                Said(
                    gettext_noop(
                        "No pain was recorded for %(session)s, so the program goes on as planned."
                        " Record your pain to let it adapt to your back."
                    ),
                    session=last.label,
                ),
            ),
            settled,
        )
    if worst is not None:
        said = Said(
            gettext_noop(
                "Your worst pain during %(session)s was %(pain)s/10 and it settled: the program goes on as planned."
            )
            if settled
            else gettext_noop(
                "Your worst pain during %(session)s was %(pain)s/10: the program goes on as planned."
            ),
            session=last.label,
            pain=str(worst),
        )
    else:
        said = Said(
            gettext_noop("%(session)s and it settled: the program goes on as planned.")
            if settled
            else gettext_noop("%(session)s: the program goes on as planned."),
            session=last.label[0].upper() + last.label[1:],
        )
    return Verdict(Decision.PROGRESS, (said,), settled)


def dose_week(planned_week: int, last_dose_week: int | None, decision: Decision) -> int:
    """The week whose doses this workout uses.

    Progress climbs at most one week past the last workout's doses (so after a hold the person
    catches up a week at a time); a hold keeps the last workout's doses.
    """
    if last_dose_week is None:
        return planned_week if decision != Decision.HOLD else 1
    if decision == Decision.HOLD:
        return min(planned_week, last_dose_week)
    return min(planned_week, last_dose_week + 1)


# ---------------------------------------------------------------- directional preference


def direction_of(spec: ExerciseSpec) -> Preference | None:
    """Flexion or extension when an exercise moves the spine mainly one of those ways."""
    flex = Direction.FLEXION in spec.direction
    ext = Direction.EXTENSION in spec.direction
    if flex and not ext:
        return Preference.FLEXION
    if ext and not flex:
        return Preference.EXTENSION
    return None


@dataclass(frozen=True, slots=True)
class DirectionalPattern:
    prefer: Preference
    sessions: int
    explain: str


def directional_preference(
    recent: Sequence[LastSession], library: Mapping[str, ExerciseSpec]
) -> DirectionalPattern | None:
    """A direction that helps while the other hurts, in at least 2 of the last 3 sessions (McKenzie).

    `recent` is newest first; only the first three are looked at.
    """
    counts: dict[Preference, int] = {Preference.FLEXION: 0, Preference.EXTENSION: 0}
    for session in recent[:3]:
        hurt = {direction_of(library[s]) for s in session.hurts if s in library} - {None}
        helped = {direction_of(library[s]) for s in session.helps if s in library} - {None}
        for prefer, other in (
            (Preference.FLEXION, Preference.EXTENSION),
            (Preference.EXTENSION, Preference.FLEXION),
        ):
            if prefer in helped and other in hurt and prefer not in hurt:
                counts[prefer] += 1
    for prefer, n in counts.items():
        other = Preference.EXTENSION if prefer == Preference.FLEXION else Preference.FLEXION
        if n >= 2 and counts[other] == 0:
            return DirectionalPattern(
                prefer,
                n,
                Said(
                    gettext_noop(
                        "In %(n)s of your last 3 sessions, %(prefer)s moves helped and %(other)s moves hurt,"
                        " so your workouts now favour %(prefer)s and ease off %(other)s."
                        " Your profile records this preference; you can change it there."
                    ),
                    n=str(n),
                    prefer=word(DIRECTION_WORDS, prefer.value),
                    other=word(DIRECTION_WORDS, other.value),
                ),
            )
    return None


def opposite(prefer: Preference) -> Preference:
    return Preference.EXTENSION if prefer == Preference.FLEXION else Preference.FLEXION


@dataclass(frozen=True, slots=True)
class Swap:
    slug: str
    to: str | None  # None: no easier variant the person can do, kept but flagged
    why: str


@dataclass(frozen=True, slots=True)
class Adjusted:
    items: tuple[tuple[ExerciseSpec, Dose], ...]
    swaps: tuple[Swap, ...] = field(default=())


def ease(
    items: Sequence[tuple[ExerciseSpec, Dose]],
    *,
    hurts: Sequence[str],
    avoid_direction: Preference | None,
    level: Level,
    library: Mapping[str, ExerciseSpec],
    profile: Profile,
    when: str = gettext_noop("last time"),
) -> Adjusted:
    """Swap what hurt last time, and moves of a direction to avoid, for their easier variants.

    `when` names the session the marks come from ("in your workout 7 (...) on Tuesday 24 November").

    An exercise with no easier variant the person can do stays, flagged, so the person knows to
    take it gently or skip it. An easier variant is dosed at the person's level.
    """
    present = {spec.slug for spec, _ in items}
    out: list[tuple[ExerciseSpec, Dose]] = []
    swaps: list[Swap] = []
    for spec, dose in items:
        why = ""
        name = ExerciseName(spec.name, spec.slug)
        if spec.slug in hurts:
            why = Said(gettext_noop("You marked %(name)s as hurting %(when)s"), name=name, when=when)
        elif avoid_direction is not None and direction_of(spec) == avoid_direction:
            why = Said(
                gettext_noop("%(name)s bends your back the way that has been hurting (%(direction)s)"),
                name=name,
                direction=word(DIRECTION_WORDS, avoid_direction.value),
            )
        if not why:
            out.append((spec, dose))
            continue
        options = [
            library[s]
            for s in spec.easier
            if s in library
            and s not in present
            and suits(library[s], profile)
            and (avoid_direction is None or direction_of(library[s]) != avoid_direction)
        ]
        if not options:
            out.append((spec, dose))
            swaps.append(
                Swap(
                    spec.slug,
                    None,
                    Said(
                        gettext_noop("%(why)s; it has no easier version, so take it gently or skip it."),
                        why=why,
                    ),
                )
            )
            continue
        easier = min(options, key=lambda s: (s.difficulty, s.slug))
        present.add(easier.slug)
        out.append((easier, easier.dose(level)))
        swaps.append(
            Swap(
                spec.slug,
                easier.slug,
                Said(
                    gettext_noop("%(why)s, so %(easier)s takes its place."),
                    why=why,
                    easier=ExerciseName(easier.name, easier.slug),
                ),
            )
        )
    return Adjusted(tuple(out), tuple(swaps))
