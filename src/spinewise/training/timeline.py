"""The players' shared session model: a routine item turned into timed segments.

Pure Python. The terminal player walks these segments; the web player gets the same
list as JSON, so both count the same reps, sides, sets and rests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spinewise.planning.model import Dose
from spinewise.planning.words import ExerciseName, Said, gettext_noop

SegmentKind = Literal["reps", "hold", "duration", "rest", "switch", "transition"]
SWITCH_SECONDS = 3
MIN_TRANSITION_SECONDS = 5
DEFAULT_SECONDS_PER_REP = 3.0
# The segments' labels: English `Said`s, translated by the web's payload (training.words.say).
SWITCH_SIDES = Said(gettext_noop("Switch sides"))
HOLD = Said(gettext_noop("Hold"))
KEEP_GOING = Said(gettext_noop("Keep going"))
REST = Said(gettext_noop("Rest"))


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    seconds: float
    label: str
    set_no: int = 0
    sets: int = 0
    side: Literal["left", "right"] | None = None
    reps: int = 0
    seconds_per_rep: float = 0.0

    @property
    def is_work(self) -> bool:
        return self.kind in ("reps", "hold", "duration")


def item_segments(dose: Dose, seconds_per_rep: float | None) -> list[Segment]:
    """Work, switch-sides and rest segments for one item, in the order they happen."""
    out: list[Segment] = []
    sides: list[Literal["left", "right"] | None] = ["left", "right"] if dose.per_side else [None]
    spr = seconds_per_rep or DEFAULT_SECONDS_PER_REP
    for set_no in range(1, dose.sets + 1):
        for side in sides:
            if side == "right":
                out.append(Segment("switch", SWITCH_SECONDS, SWITCH_SIDES, set_no, dose.sets, side))
            if dose.reps is not None:
                out.append(
                    Segment(
                        "reps",
                        dose.reps * spr,
                        Said(gettext_noop("%(n)s reps"), n=str(dose.reps)),
                        set_no,
                        dose.sets,
                        side,
                        dose.reps,
                        spr,
                    )
                )
            elif dose.hold_seconds is not None:
                out.append(Segment("hold", dose.hold_seconds, HOLD, set_no, dose.sets, side))
            else:
                out.append(
                    Segment(
                        "duration", float(dose.duration_seconds or 0), KEEP_GOING, set_no, dose.sets, side
                    )
                )
        if set_no < dose.sets and dose.rest_seconds > 0:
            out.append(Segment("rest", dose.rest_seconds, REST, set_no, dose.sets))
    return out


def transition(next_name: str, allowance: int, next_slug: str = "") -> Segment:
    name = ExerciseName(next_name, next_slug) if next_slug else next_name
    return Segment(
        "transition",
        max(allowance, MIN_TRANSITION_SECONDS),
        Said(gettext_noop("Get ready: %(name)s"), name=name),
    )


def breath_at(segment: Segment, elapsed: float) -> tuple[int, Literal["in", "out"]]:
    """For a reps segment: the rep under way (1-based) and whether to breathe in or out now."""
    spr = segment.seconds_per_rep or DEFAULT_SECONDS_PER_REP
    rep = min(int(elapsed // spr) + 1, max(segment.reps, 1))
    within = elapsed - (rep - 1) * spr
    return rep, ("in" if within < spr / 2 else "out")
