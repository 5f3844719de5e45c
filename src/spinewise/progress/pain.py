"""Pain over time: each session's pain before and after, and averages over longer periods.

Times are already in the person's own zone when they get here, so a week runs from their
Monday to their Sunday. An average takes every before and after rating given in its period
together: one number that says how the back has been. A long history is averaged over the
shortest period that keeps its chart under LONG_POINTS points (see periods), so the chart stays
the same size however many years it covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean

from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from spinewise.programs.dates import long_date
from spinewise.progress import periods
from spinewise.progress.charts import Chart, Kind, Line, Table, line_chart
from spinewise.progress.periods import Grain

# The dashboard shows each session of the last twelve weeks; a longer history as averages.
RECENT_WEEKS = 12
# At most this many averages in the long chart: weeks for about a year, then months, quarters.
LONG_POINTS = 60
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
class PeriodPain:
    start: date  # the period's first day (a Monday for a week)
    before: float | None
    after: float | None
    overall: float | None  # every rating of the period, before and after together
    sessions: int
    grain: Grain = Grain.WEEK

    @property
    def middle(self) -> datetime:
        return periods.middle(self.start, self.grain)

    @property
    def label(self) -> str:
        return periods.label(self.start, self.grain)


def monday(day: date) -> date:
    return periods.start_of(day, Grain.WEEK)


def averages(sessions: Sequence[SessionPain], grain: Grain) -> list[PeriodPain]:
    """One row per period that has sessions with a pain rating, oldest first."""
    grouped: dict[date, list[SessionPain]] = {}
    for s in sessions:
        if s.before is not None or s.after is not None:
            grouped.setdefault(periods.start_of(s.day, grain), []).append(s)
    out: list[PeriodPain] = []
    for start in sorted(grouped):
        rows = grouped[start]
        before = [s.before for s in rows if s.before is not None]
        after = [s.after for s in rows if s.after is not None]
        out.append(
            PeriodPain(
                start=start,
                before=fmean(before) if before else None,
                after=fmean(after) if after else None,
                overall=fmean(before + after) if before or after else None,
                sessions=len(rows),
                grain=grain,
            )
        )
    return out


def weekly(sessions: Sequence[SessionPain]) -> list[PeriodPain]:
    """One row per week that has sessions with a pain rating, oldest first."""
    return averages(sessions, Grain.WEEK)


def _num(value: float | None) -> str:
    """One decimal at most, with the language's decimal mark."""
    if value is None:
        return "—"
    return formats.number_format(round(value, 1), decimal_pos=1).removesuffix(
        formats.get_format("DECIMAL_SEPARATOR") + "0"
    )


def _trend_words(rows: Sequence[PeriodPain]) -> str:
    rated = [w for w in rows if w.overall is not None]
    if len(rated) < 2:
        return ""
    first, last = rated[0], rated[-1]
    assert first.overall is not None and last.overall is not None
    words = {"first": _num(first.overall), "last": _num(last.overall)}
    if first.grain == Grain.WEEK:
        return " " + _(
            "The weekly average went from %(first)s in the week of %(first_day)s to %(last)s in the week of"
            " %(last_day)s."
        ) % {**words, "first_day": long_date(first.start), "last_day": long_date(last.start)}
    words.update(first_period=first.label, last_period=last.label)
    if first.grain == Grain.MONTH:
        text = _(
            "The monthly average went from %(first)s in %(first_period)s to %(last)s in %(last_period)s."
        )
    elif first.grain == Grain.QUARTER:
        text = _(
            "The quarterly average went from %(first)s in %(first_period)s to %(last)s in %(last_period)s."
        )
    else:
        text = _("The yearly average went from %(first)s in %(first_period)s to %(last)s in %(last_period)s.")
    return " " + text % words


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


# The long chart's words for each period: its title, its table's caption and first heading, and
# its summary (with the number of periods that have sessions).
LONG_WORDS = {
    Grain.WEEK: (
        gettext_lazy("Pain, week by week"),
        gettext_lazy("%(title)s: weekly averages"),
        gettext_lazy("Week of"),
        ngettext_lazy(
            "Average pain from 0 to 10 before and after sessions, week by week, over %(n)s week with sessions.",
            "Average pain from 0 to 10 before and after sessions, week by week, over %(n)s weeks with sessions.",
            "n",
        ),
    ),
    Grain.MONTH: (
        gettext_lazy("Pain, month by month"),
        gettext_lazy("%(title)s: monthly averages"),
        gettext_lazy("Month"),
        ngettext_lazy(
            "Average pain from 0 to 10 before and after sessions, month by month, over %(n)s month with"
            " sessions.",
            "Average pain from 0 to 10 before and after sessions, month by month, over %(n)s months with"
            " sessions.",
            "n",
        ),
    ),
    Grain.QUARTER: (
        gettext_lazy("Pain, quarter by quarter"),
        gettext_lazy("%(title)s: quarterly averages"),
        gettext_lazy("Quarter"),
        ngettext_lazy(
            "Average pain from 0 to 10 before and after sessions, quarter by quarter, over %(n)s quarter"
            " with sessions.",
            "Average pain from 0 to 10 before and after sessions, quarter by quarter, over %(n)s quarters"
            " with sessions.",
            "n",
        ),
    ),
    Grain.YEAR: (
        gettext_lazy("Pain, year by year"),
        gettext_lazy("%(title)s: yearly averages"),
        gettext_lazy("Year"),
        ngettext_lazy(
            "Average pain from 0 to 10 before and after sessions, year by year, over %(n)s year with sessions.",
            "Average pain from 0 to 10 before and after sessions, year by year, over %(n)s years with sessions.",
            "n",
        ),
    ),
}


def _long_words(grain: Grain, n: int) -> tuple[str, str, str, str]:
    """The long chart's title, its table's caption and first heading, and its summary."""
    title, caption, heading, summary = LONG_WORDS[grain]
    return str(title), caption % {"title": title}, str(heading), summary % {"n": n}


def long_chart(key: str, sessions: Sequence[SessionPain]) -> Chart | None:
    """A long history: the average pain before and after sessions, per week, month, quarter or
    year, whichever keeps the chart within LONG_POINTS points."""
    rated = [s for s in sessions if s.before is not None or s.after is not None]
    if not rated:
        return None
    grain = periods.grain_for((s.day for s in rated), LONG_POINTS)
    rows = averages(rated, grain)
    lines = [
        Line(
            _("Average before"), [(w.middle, w.before) for w in rows if w.before is not None], Kind.TREND, 0
        ),
        Line(_("Average after"), [(w.middle, w.after) for w in rows if w.after is not None], Kind.TREND, 1),
    ]
    lines = [line for line in lines if line.points]
    title, caption, heading, summary = _long_words(grain, len(rows))
    table = Table(
        caption=caption,
        headers=(heading, _("Before"), _("After"), _("Sessions")),
        rows=[(w.label, _num(w.before), _num(w.after), str(w.sessions)) for w in rows],
    )
    return line_chart(
        key,
        title,
        lines,
        y_title=_("Pain (0-10)"),
        summary=summary + _trend_words(rows),
        table=table,
        y_range=PAIN_RANGE,
    )


def pain_charts(sessions: Sequence[SessionPain], first: date, last: date) -> list[Chart]:
    """The charts for a period: each session when it is short, weekly averages when it is long.

    On the dashboard the period is the whole history ending today: its last twelve weeks
    session by session, and the whole of it as averages (week by week for a year or so, then
    month by month, ...) when it is longer than that.
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
            charts.append(long_chart("pain-weeks", inside))
    return [c for c in charts if c is not None]
