"""Pain over time: each session's pain before and after, and the weekly average.

Times are already in the person's own zone when they get here, so a week runs from their
Monday to their Sunday. The weekly average takes every before and after rating given that
week together: one number that says how the back has been.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean

from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spinewise.programs.dates import long_date
from spinewise.progress.charts import Chart, Kind, Line, Table, line_chart

# The dashboard shows each session of the last twelve weeks; a longer history as weekly averages.
RECENT_WEEKS = 12
PAIN_RANGE = (0.0, 10.0)


@dataclass(frozen=True)
class SessionPain:
    at: datetime  # local time
    before: int | None
    after: int | None

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True)
class WeekPain:
    start: date  # the Monday
    before: float | None
    after: float | None
    overall: float | None  # every rating of the week, before and after together
    sessions: int

    @property
    def middle(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day) + timedelta(days=3, hours=12)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(sessions: Sequence[SessionPain]) -> list[WeekPain]:
    """One row per week that has sessions with a pain rating, oldest first."""
    weeks: dict[date, list[SessionPain]] = {}
    for s in sessions:
        if s.before is not None or s.after is not None:
            weeks.setdefault(monday(s.day), []).append(s)
    out: list[WeekPain] = []
    for start in sorted(weeks):
        rows = weeks[start]
        before = [s.before for s in rows if s.before is not None]
        after = [s.after for s in rows if s.after is not None]
        out.append(
            WeekPain(
                start=start,
                before=fmean(before) if before else None,
                after=fmean(after) if after else None,
                overall=fmean(before + after) if before or after else None,
                sessions=len(rows),
            )
        )
    return out


def _num(value: float | None) -> str:
    """One decimal at most, with the language's decimal mark."""
    if value is None:
        return "—"
    return formats.number_format(round(value, 1), decimal_pos=1).removesuffix(
        formats.get_format("DECIMAL_SEPARATOR") + "0"
    )


def _trend_words(weeks: Sequence[WeekPain]) -> str:
    rated = [w for w in weeks if w.overall is not None]
    if len(rated) < 2:
        return ""
    first, last = rated[0], rated[-1]
    assert first.overall is not None and last.overall is not None
    return " " + _(
        "The weekly average went from %(first)s in the week of %(first_day)s to %(last)s in the week of"
        " %(last_day)s."
    ) % {
        "first": _num(first.overall),
        "first_day": long_date(first.start),
        "last": _num(last.overall),
        "last_day": long_date(last.start),
    }


def sessions_chart(key: str, title: str, sessions: Sequence[SessionPain]) -> Chart | None:
    """Each session's pain before and after as dots, the weekly average as a line."""
    rated = [s for s in sessions if s.before is not None or s.after is not None]
    if not rated:
        return None
    weeks = weekly(rated)
    lines = [
        Line(_("Before"), [(s.at, s.before) for s in rated if s.before is not None], Kind.DOTS, 0),
        Line(_("After"), [(s.at, s.after) for s in rated if s.after is not None], Kind.DOTS, 1),
        Line(
            _("Weekly average"),
            [(w.middle, w.overall) for w in weeks if w.overall is not None],
            Kind.TREND,
            2,
        ),
    ]
    lines = [line for line in lines if line.points]
    summary = ngettext(
        "Pain from 0 to 10 before and after each of %(n)s session from %(first)s to %(last)s.",
        "Pain from 0 to 10 before and after each of %(n)s sessions from %(first)s to %(last)s.",
        len(rated),
    ) % {
        "n": len(rated),
        "first": long_date(rated[0].at),
        "last": long_date(rated[-1].at),
    } + _trend_words(weeks)
    table = Table(
        caption=_("%(title)s: pain before and after each session") % {"title": title},
        headers=(_("Session"), _("Before"), _("After")),
        rows=[(date_format(s.at, "D j M Y H:i"), _num(s.before), _num(s.after)) for s in rated],
    )
    return line_chart(
        key, title, lines, y_title=_("Pain (0-10)"), summary=summary, table=table, y_range=PAIN_RANGE
    )


def weeks_chart(key: str, title: str, sessions: Sequence[SessionPain]) -> Chart | None:
    """A long history: the weekly averages before and after sessions."""
    weeks = weekly(sessions)
    if not weeks:
        return None
    lines = [
        Line(
            _("Average before"), [(w.middle, w.before) for w in weeks if w.before is not None], Kind.TREND, 0
        ),
        Line(_("Average after"), [(w.middle, w.after) for w in weeks if w.after is not None], Kind.TREND, 1),
    ]
    lines = [line for line in lines if line.points]
    summary = ngettext(
        "Average pain from 0 to 10 before and after sessions, week by week, over %(n)s week with sessions.",
        "Average pain from 0 to 10 before and after sessions, week by week, over %(n)s weeks with sessions.",
        len(weeks),
    ) % {"n": len(weeks)} + _trend_words(weeks)
    table = Table(
        caption=_("%(title)s: weekly averages") % {"title": title},
        headers=(_("Week of"), _("Before"), _("After"), _("Sessions")),
        rows=[(date_format(w.start, "j M Y"), _num(w.before), _num(w.after), str(w.sessions)) for w in weeks],
    )
    return line_chart(
        key, title, lines, y_title=_("Pain (0-10)"), summary=summary, table=table, y_range=PAIN_RANGE
    )


def pain_charts(sessions: Sequence[SessionPain], first: date, last: date) -> list[Chart]:
    """The charts for a period: each session when it is short, weekly averages when it is long.

    On the dashboard the period is the whole history ending today: its last twelve weeks
    session by session, and the whole of it week by week when it is longer than that.
    """
    inside = [s for s in sessions if first <= s.day <= last]
    recent_from = last - timedelta(weeks=RECENT_WEEKS) + timedelta(days=1)
    charts: list[Chart | None] = []
    if first >= recent_from:
        charts.append(sessions_chart("pain-sessions", _("Pain before and after each session"), inside))
    else:
        recent = [s for s in inside if s.day >= recent_from]
        charts.append(
            sessions_chart(
                "pain-sessions",
                _("Pain, the last %(weeks)s weeks, session by session") % {"weeks": RECENT_WEEKS},
                recent,
            )
        )
        older = [s for s in inside if s.day < recent_from]
        if older:
            charts.append(weeks_chart("pain-weeks", _("Pain, week by week"), inside))
    return [c for c in charts if c is not None]
