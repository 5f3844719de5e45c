"""One planning request: every input the planner takes, read and bounded in one place.

The command line, the web's plan and quick-relief forms and a person's stored profile all
turn what they were given into a PlanningRequest, so each rule (the minutes' bounds and
default, "none" as equipment, the avoid groups, the seed's range) is written once. A face
shows a refused input in its own words: `Problem.message` on a page, `Problem.terminal`
in the terminal, where the option names and the closest valid values help more.
Pure Python, like the planner it feeds.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from spinewise.planning.model import Profile
from spinewise.planning.planner import MAX_MINUTES, MIN_MINUTES
from spinewise.planning.vocabulary import (
    POSITION_GROUPS,
    Equipment,
    Focus,
    Level,
    Position,
    Preference,
    State,
    expand_avoided,
)

# The daily budget the "9 minutes a day" method sells (DESIGN.md, seed 000).
DEFAULT_MINUTES = 9
MAX_SEED = 2**31 - 1
NONE = "none"  # as equipment: nothing beyond the floor, a mat and a wall; as a preference: unknown
AVOID_NAMES: tuple[str, ...] = (*POSITION_GROUPS, *(p.value for p in Position))
EQUIPMENT_NAMES: tuple[str, ...] = (NONE, *(e.value for e in Equipment))

E = TypeVar("E", Level, State, Focus, Preference)
T = TypeVar("T")


def today_seed(today: date | None = None) -> int:
    """The default seed: today's date as YYYYMMDD, so every player agrees on a day."""
    today = today or date.today()
    return today.year * 10000 + today.month * 100 + today.day


class Field(StrEnum):
    MINUTES = "minutes"
    LEVEL = "level"
    EQUIPMENT = "equipment"
    AVOID = "avoid"
    STATE = "state"
    FOCUS = "focus"
    PREFER = "prefer"
    SEED = "seed"


class Trouble(StrEnum):
    UNKNOWN = "unknown"  # a value outside the vocabulary
    NOT_A_NUMBER = "not-a-number"
    OUT_OF_RANGE = "out-of-range"
    NONE_WITH_OTHERS = "none-with-others"  # equipment "none" beside equipment names
    EVERY_POSITION = "every-position"  # nothing left to start an exercise from


# What each field is called in a sentence: on a page, and after "unknown" in the terminal.
_WEB_WHAT = {
    Field.LEVEL: "level",
    Field.EQUIPMENT: "equipment",
    Field.AVOID: "position to avoid",
    Field.STATE: "state of the day",
    Field.FOCUS: "focus",
    Field.PREFER: "preference",
}
_TERMINAL_WHAT = {**_WEB_WHAT, Field.STATE: "state"}


def either(values: Iterable[str]) -> str:
    """ "a, b or c"."""
    items = list(values)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def closest(value: str, valid: Iterable[str]) -> str:
    """The valid values nearest a mistyped one, or all of them when none is near."""
    options = list(valid)
    near = difflib.get_close_matches(value, options, n=3, cutoff=0.5)
    if near:
        return f"did you mean {' or '.join(near)}?"
    return f"valid values: {', '.join(options)}"


@dataclass(frozen=True)
class Problem:
    """One refused input, with what it takes to say so in any face."""

    field: Field
    trouble: Trouble
    value: str = ""
    valid: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The sentence a page shows."""
        if self.field == Field.MINUTES:
            if self.trouble == Trouble.NOT_A_NUMBER:
                return f"Minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}."
            return f"Minutes must be between {MIN_MINUTES} and {MAX_MINUTES}."
        if self.field == Field.SEED:
            return f"The seed must be a whole number from 0 to {MAX_SEED}."
        if self.trouble == Trouble.NONE_WITH_OTHERS:
            return "Equipment “none” cannot be combined with equipment names."
        if self.trouble == Trouble.EVERY_POSITION:
            return "Every start position is avoided, so no exercise is possible: avoid fewer positions."
        what = _WEB_WHAT[self.field]
        if self.field == Field.EQUIPMENT:
            choose = f"none, or any of {', '.join(self.valid[1:])}."
        elif self.field == Field.AVOID:
            choose = f"any of {', '.join(self.valid)}."
        else:
            choose = f"{either(self.valid)}."
        return f"Unknown {what} “{self.value}”: choose {choose}"

    @property
    def terminal(self) -> str:
        """The line the command line prints, naming its options."""
        if self.field in (Field.MINUTES, Field.SEED):
            low, high = (MIN_MINUTES, MAX_MINUTES) if self.field == Field.MINUTES else (0, MAX_SEED)
            word = "be between" if self.field == Field.MINUTES else "be a whole number from"
            join = "and" if self.field == Field.MINUTES else "to"
            return f"--{self.field.value} must {word} {low} {join} {high} (got {self.value})"
        if self.trouble == Trouble.NONE_WITH_OTHERS:
            return "--equipment none cannot be combined with equipment names"
        if self.trouble == Trouble.EVERY_POSITION:
            return "every start position is avoided, so no exercise is possible; avoid fewer positions"
        # The terminal leaves a preference out rather than typing "none".
        valid = [v for v in self.valid if not (self.field == Field.PREFER and v == NONE)]
        return f"unknown {_TERMINAL_WHAT[self.field]} '{self.value}': {closest(self.value, valid)}"


class RequestRefused(ValueError):
    """Inputs the planner cannot take; `problems` lists each, in the order of the fields."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _refuse(field_: Field, trouble: Trouble, value: object = "", valid: Iterable[str] = ()) -> RequestRefused:
    return RequestRefused([Problem(field_, trouble, str(value), tuple(valid))])


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def _whole_number(raw: str | int, field_: Field) -> int:
    if isinstance(raw, int):
        return raw
    # Like a web form's integer field: "10", " 10 " and "10.0" are ten.
    text = re.sub(r"\.0*\s*$", "", raw.strip())
    try:
        return int(text)
    except ValueError:
        raise _refuse(field_, Trouble.NOT_A_NUMBER, raw) from None


def _values(raw: str | Iterable[str] | None) -> list[str]:
    """Values given as a list, as a comma-separated string, or both (?avoid=prone&avoid=floor,wall)."""
    if raw is None:
        return []
    parts = [raw] if isinstance(raw, str) else list(raw)
    return [piece.strip() for part in parts for piece in part.split(",") if piece.strip()]


def read_minutes(raw: str | int | None) -> int:
    if _blank(raw):
        return DEFAULT_MINUTES
    assert raw is not None
    minutes = _whole_number(raw, Field.MINUTES)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise _refuse(Field.MINUTES, Trouble.OUT_OF_RANGE, minutes)
    return minutes


def _member(raw: str | None, enum: type[E], field_: Field, default: E) -> E:
    if _blank(raw):
        return default
    assert raw is not None
    valid = [m.value for m in enum]
    if raw not in valid:
        raise _refuse(field_, Trouble.UNKNOWN, raw, valid)
    return enum(raw)


def read_level(raw: str | None) -> Level:
    return _member(raw, Level, Field.LEVEL, Level.BEGINNER)


def read_state(raw: str | None) -> State:
    return _member(raw, State, Field.STATE, State.FINE)


def read_focus(raw: str | None) -> Focus:
    return _member(raw, Focus, Field.FOCUS, Focus.BALANCED)


def read_prefer(raw: str | None) -> Preference | None:
    if _blank(raw) or raw == NONE:
        return None
    assert raw is not None
    valid = [p.value for p in Preference]
    if raw not in valid:
        raise _refuse(Field.PREFER, Trouble.UNKNOWN, raw, [NONE, *valid])
    return Preference(raw)


def read_equipment(raw: str | Iterable[str] | None) -> tuple[Equipment, ...]:
    """What the person has; "none" (or nothing) means nothing beyond the floor, a mat and a wall."""
    names = _values(raw)
    for name in names:
        if name not in EQUIPMENT_NAMES:
            raise _refuse(Field.EQUIPMENT, Trouble.UNKNOWN, name, EQUIPMENT_NAMES)
    if NONE in names and len(names) > 1:
        raise _refuse(Field.EQUIPMENT, Trouble.NONE_WITH_OTHERS)
    return tuple(Equipment(name) for name in names if name != NONE)


def avoids_every_position(names: Iterable[str]) -> bool:
    return expand_avoided(tuple(names)) == frozenset(Position)


def read_avoid(raw: str | Iterable[str] | None) -> tuple[str, ...]:
    """Positions and the groups "kneeling" and "floor", as given; at least one position must stay open."""
    names = _values(raw)
    for name in names:
        if name not in AVOID_NAMES:
            raise _refuse(Field.AVOID, Trouble.UNKNOWN, name, AVOID_NAMES)
    if avoids_every_position(names):
        raise _refuse(Field.AVOID, Trouble.EVERY_POSITION)
    return tuple(names)


def read_seed(raw: str | int | None, today: date | None = None) -> int:
    if _blank(raw):
        return today_seed(today)
    assert raw is not None
    seed = _whole_number(raw, Field.SEED)
    if not 0 <= seed <= MAX_SEED:
        raise _refuse(Field.SEED, Trouble.OUT_OF_RANGE, seed)
    return seed


@dataclass(frozen=True)
class PlanningRequest:
    """A routine asked for: how long, at what level, with what, avoiding what, on what kind of day.

    Built directly from typed values (bounds checked all the same) or with `parse` from what a
    person typed. `profile()` is what the planner reads; `query()` is the same request as the
    web player's URL parameters.
    """

    minutes: int = DEFAULT_MINUTES
    level: Level = Level.BEGINNER
    equipment: tuple[Equipment, ...] = ()
    avoid: tuple[str, ...] = ()
    state: State = State.FINE
    focus: Focus = Focus.BALANCED
    prefer: Preference | None = None
    seed: int = field(default_factory=today_seed)
    # Only these start positions (a desk break: standing or a chair); empty means any.
    positions: tuple[Position, ...] = ()

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        for check in (
            lambda: read_minutes(self.minutes),
            lambda: read_avoid(self.avoid),
            lambda: read_seed(self.seed),
        ):
            try:
                check()
            except RequestRefused as refused:
                problems.extend(refused.problems)
        if not problems and self.positions and frozenset(self.positions) <= expand_avoided(self.avoid):
            problems.append(Problem(Field.AVOID, Trouble.EVERY_POSITION))  # every allowed one avoided
        if problems:
            raise RequestRefused(problems)

    @classmethod
    def parse(
        cls,
        *,
        minutes: str | int | None = None,
        level: str | None = None,
        equipment: str | Iterable[str] | None = None,
        avoid: str | Iterable[str] | None = None,
        state: str | None = None,
        focus: str | None = None,
        prefer: str | None = None,
        seed: str | int | None = None,
        today: date | None = None,
    ) -> PlanningRequest:
        """Read every input, each missing one at its default; RequestRefused lists every bad one."""
        problems: list[Problem] = []

        def attempt(reader: Callable[[], T]) -> T | None:
            try:
                return reader()
            except RequestRefused as refused:
                problems.extend(refused.problems)
                return None

        read = (
            attempt(lambda: read_minutes(minutes)),
            attempt(lambda: read_level(level)),
            attempt(lambda: read_equipment(equipment)),
            attempt(lambda: read_avoid(avoid)),
            attempt(lambda: read_state(state)),
            attempt(lambda: read_focus(focus)),
            attempt(lambda: read_prefer(prefer)),
            attempt(lambda: read_seed(seed, today)),
        )
        if problems:
            raise RequestRefused(problems)
        minutes_, level_, equipment_, avoid_, state_, focus_, prefer_, seed_ = read
        assert minutes_ is not None and level_ is not None and equipment_ is not None
        assert avoid_ is not None and state_ is not None and focus_ is not None and seed_ is not None
        return cls(minutes_, level_, equipment_, avoid_, state_, focus_, prefer_, seed_)

    def avoided(self) -> frozenset[Position]:
        """The positions avoided: those named, and with `positions` every other one too."""
        avoided = expand_avoided(self.avoid)
        if self.positions:
            avoided |= frozenset(Position) - frozenset(self.positions)
        return avoided

    def profile(self) -> Profile:
        return Profile(
            level=self.level,
            equipment=frozenset(self.equipment),
            avoid=self.avoided(),
            state=self.state,
            focus=self.focus,
            prefer=self.prefer,
        )

    def query(self) -> dict[str, str | int]:
        """The request as the web player's parameters (its plan page reads them back with `parse`)."""
        params: dict[str, str | int] = {
            "minutes": self.minutes,
            "level": self.level.value,
            "equipment": ",".join(e.value for e in self.equipment) or NONE,
            "avoid": ",".join(self.avoid),
            "state": self.state.value,
            "focus": self.focus.value,
            "seed": self.seed,
        }
        if self.prefer is not None:
            params["prefer"] = self.prefer.value
        return params
