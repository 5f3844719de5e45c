"""Periods for summarising a long history: weeks, months, quarters or years.

A chart of ten years of daily sessions, drawn point by point, would be thousands of dots and
table rows on every visit. A long history is summarised instead, in the shortest period that
keeps a chart under a set number of points: week by week for about a year, month by month for
about five, then quarter by quarter, then year by year. So a chart's size, and the page's,
stays bounded however long the history grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.utils.dateformat import format as date_format


class Grain(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


GRAINS = (Grain.WEEK, Grain.MONTH, Grain.QUARTER, Grain.YEAR)


def start_of(day: date, grain: Grain) -> date:
    """The first day of the period `day` falls in (weeks start on Monday)."""
    if grain == Grain.WEEK:
        return day - timedelta(days=day.weekday())
    if grain == Grain.MONTH:
        return day.replace(day=1)
    if grain == Grain.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def after(start: date, grain: Grain) -> date:
    """The first day of the next period."""
    if grain == Grain.WEEK:
        return start + timedelta(days=7)
    if grain == Grain.YEAR:
        return date(start.year + 1, 1, 1)
    months = 1 if grain == Grain.MONTH else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def middle(start: date, grain: Grain) -> datetime:
    """Noon half-way through the period: where its average is drawn."""
    span = after(start, grain) - start
    return datetime(start.year, start.month, start.day) + span / 2


def count(days: Iterable[date], grain: Grain) -> int:
    return len({start_of(day, grain) for day in days})


def grain_for(days: Iterable[date], most: int, finest: Grain = Grain.WEEK) -> Grain:
    """The finest period, from `finest` on, in which `days` fall into at most `most` periods
    (years when even those are more)."""
    seen = set(days)
    for grain in GRAINS[GRAINS.index(finest) :]:
        if count(seen, grain) <= most:
            return grain
    return Grain.YEAR


def label(start: date, grain: Grain) -> str:
    """The period in words of the active language: "16 Nov 2026", "November 2026",
    "Oct-Dec 2026" (with an en dash), "2026"."""
    if grain == Grain.WEEK:
        return date_format(start, "j M Y")
    if grain == Grain.MONTH:
        return date_format(start, "F Y")
    if grain == Grain.QUARTER:
        last = after(start, grain) - timedelta(days=1)
        return f"{date_format(start, 'M')}\u2013{date_format(last, 'M Y')}"
    return str(start.year)
