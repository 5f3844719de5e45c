"""The adherence calendar: month grids of the days workouts fell on, and what became of them.

Pure Python, dates only. A mark's kind is already decided by the caller (from the program's
plan, or from sessions when there is no program); this module only lays the marks out in
weeks that start on Monday, so a month reads the same on a phone and on paper.

Its words are English msgids marked with `gettext_noop`; the page translates them (`state`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from spinewise.planning.schedule import WEEKDAY_LABELS

WEEKDAYS = [(label, label[:3]) for label in WEEKDAY_LABELS]  # Monday first


def gettext_noop(message: str) -> str:
    """Marks a msgid for the catalogue; the page translates it (this module imports no Django)."""
    return message


class Mark(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    MISSED = "missed"  # its day passed and it was not done (the plan's "late")
    DUE = "due"  # today
    AHEAD = "ahead"  # its day is still to come
    LOCKED = "locked"  # needs lifetime access


# Words, so the calendar never relies on colour alone.
LABELS: dict[Mark, str] = {
    Mark.DONE: gettext_noop("done"),
    Mark.PARTIAL: gettext_noop("partly done"),
    Mark.MISSED: gettext_noop("missed"),
    Mark.DUE: gettext_noop("due today"),
    Mark.AHEAD: gettext_noop("to come"),
    Mark.LOCKED: gettext_noop("needs lifetime access"),
}
SYMBOLS: dict[Mark, str] = {
    Mark.DONE: "✓",
    Mark.PARTIAL: "½",
    Mark.MISSED: "✗",
    Mark.DUE: "●",
    Mark.AHEAD: "○",
    Mark.LOCKED: "○",
}


@dataclass(frozen=True)
class DayMark:
    mark: Mark
    label: str  # what was planned or done that day, e.g. "Workout 4"

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.mark]

    @property
    def state(self) -> str:
        """What became of it, in English (a msgid: the page translates it)."""
        return LABELS[self.mark]

    @property
    def words(self) -> str:
        return f"{self.label}: {LABELS[self.mark]}"


@dataclass(frozen=True)
class Day:
    day: date
    marks: tuple[DayMark, ...]
    today: bool

    @property
    def mark(self) -> Mark | None:
        """The day's headline: the best of its marks (a done session outranks a partial one)."""
        order = list(Mark)
        return min((m.mark for m in self.marks), key=order.index, default=None)


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[Day | None]]  # Monday first; None pads the days outside the month

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def title(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"


@dataclass(frozen=True)
class Tally:
    """How the workouts whose day has come went: the figures beside the calendar."""

    done: int = 0
    partial: int = 0
    missed: int = 0

    @property
    def due_so_far(self) -> int:
        return self.done + self.partial + self.missed


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def grid(marks: Mapping[date, Iterable[DayMark]], first: date, last: date, today: date) -> list[Month]:
    """Every month from `first` to `last`, whole, with each day's marks."""
    weeks_of = calendar.Calendar(firstweekday=calendar.MONDAY)
    months: list[Month] = []
    for year, month in months_between(first, last):
        weeks: list[list[Day | None]] = []
        for week in weeks_of.monthdatescalendar(year, month):
            weeks.append(
                [Day(d, tuple(marks.get(d, ())), d == today) if d.month == month else None for d in week]
            )
        months.append(Month(year, month, weeks))
    return months


def tally(marks: Iterable[DayMark]) -> Tally:
    counts: dict[Mark, int] = {}
    for m in marks:
        counts[m.mark] = counts.get(m.mark, 0) + 1
    return Tally(
        done=counts.get(Mark.DONE, 0),
        partial=counts.get(Mark.PARTIAL, 0),
        missed=counts.get(Mark.MISSED, 0),
    )
