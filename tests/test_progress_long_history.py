"""A long history is summarised: periods of weeks, months, quarters or years keep every chart of the
progress page, and its table, within a set number of points however many years it covers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from spinewise.assessments.models import Assessment, HomeTest, TestResult
from spinewise.progress import periods
from spinewise.progress.pain import LONG_POINTS, SessionPain, averages, long_chart, pain_charts
from spinewise.progress.periods import Grain
from spinewise.progress.trends import MOST_READINGS, trends_for
from tests.programs_helpers import NOW
from tests.progress_data import daily_sessions


def test_each_period_starts_and_ends_where_the_calendar_says() -> None:
    day = date(2026, 11, 25)  # a Wednesday
    assert periods.start_of(day, Grain.WEEK) == date(2026, 11, 23)
    assert periods.start_of(day, Grain.MONTH) == date(2026, 11, 1)
    assert periods.start_of(day, Grain.QUARTER) == date(2026, 10, 1)
    assert periods.start_of(day, Grain.YEAR) == date(2026, 1, 1)
    assert periods.after(date(2026, 11, 23), Grain.WEEK) == date(2026, 11, 30)
    assert periods.after(date(2026, 12, 1), Grain.MONTH) == date(2027, 1, 1)
    assert periods.after(date(2026, 10, 1), Grain.QUARTER) == date(2027, 1, 1)
    assert periods.after(date(2026, 7, 1), Grain.QUARTER) == date(2026, 10, 1)
    assert periods.after(date(2026, 1, 1), Grain.YEAR) == date(2027, 1, 1)
    assert periods.middle(date(2026, 11, 23), Grain.WEEK) == datetime(2026, 11, 26, 12)


def test_the_finest_period_that_keeps_within_the_points_is_chosen() -> None:
    def days(n: int) -> list[date]:
        return [date(2026, 11, 30) - timedelta(days=i) for i in range(n)]

    assert periods.grain_for(days(300), 60) == Grain.WEEK  # 43 weeks
    assert periods.grain_for(days(700), 60) == Grain.MONTH  # 100 weeks, 24 months
    assert periods.grain_for(days(3650), 60) == Grain.QUARTER  # 121 months, 41 quarters
    assert periods.grain_for(days(365 * 30), 60) == Grain.YEAR
    assert periods.grain_for(days(365 * 300), 60) == Grain.YEAR  # even when years are more


def test_periods_are_named_in_the_active_language() -> None:
    with translation.override("en"):
        assert periods.label(date(2026, 10, 1), Grain.QUARTER) == "Oct\u2013Dec 2026"
        assert periods.label(date(2026, 11, 1), Grain.MONTH) == "November 2026"
        assert periods.label(date(2026, 11, 23), Grain.WEEK) == "23 Nov 2026"
        assert periods.label(date(2026, 1, 1), Grain.YEAR) == "2026"
    with translation.override("es"):
        assert periods.label(date(2026, 11, 1), Grain.MONTH).lower() == "noviembre 2026"


def test_monthly_averages_take_every_rating_of_the_month() -> None:
    sessions = [
        SessionPain(datetime(2026, 10, 31, 22), 6, 4),
        SessionPain(datetime(2026, 11, 1, 8), 4, None),
        SessionPain(datetime(2026, 11, 30, 8), 2, 1),
        SessionPain(datetime(2026, 11, 15, 8), None, None),  # no rating: left out
    ]
    rows = averages(sessions, Grain.MONTH)
    assert [(r.start, r.before, r.after, r.overall, r.sessions) for r in rows] == [
        (date(2026, 10, 1), 6.0, 4.0, 5.0, 1),
        (date(2026, 11, 1), 3.0, 1.0, 7 / 3, 2),
    ]


def ten_years_of_sessions() -> list[SessionPain]:
    end = datetime(2026, 11, 30, 7)
    return [SessionPain(end - timedelta(days=i), 3 + i // 400, 2 + i // 600) for i in range(3650)][::-1]


def test_ten_years_of_daily_sessions_are_charted_quarter_by_quarter_within_the_points() -> None:
    sessions = ten_years_of_sessions()
    with translation.override("en"):
        chart = long_chart("pain-weeks", sessions)
    assert chart is not None
    assert chart.title == "Pain, quarter by quarter"
    assert chart.table is not None and chart.table.caption == "Pain, quarter by quarter: quarterly averages"
    assert chart.table.headers[0] == "Quarter"
    assert len(chart.table.rows) == 41 <= LONG_POINTS
    assert chart.table.rows[-1][0] == "Oct\u2013Dec 2026"
    assert "over 41 quarters with sessions" in chart.summary
    # The oldest quarter averaged the worst pain, the latest the least.
    assert re.search(
        r"The quarterly average went from [\d.]+ in .+ to [\d.]+ in Oct\u2013Dec 2026\.", chart.summary
    )
    # Two lines of 41 points, not 3,650 dots.
    assert str(chart.svg).count("<circle") < 2 * 45
    with translation.override("es"):
        spanish = long_chart("pain-weeks", sessions)
    assert spanish is not None and spanish.title == "Dolor, trimestre a trimestre"
    assert "durante 41 trimestres con sesiones" in spanish.summary


def test_a_year_and_a_half_of_sessions_is_charted_month_by_month() -> None:
    sessions = ten_years_of_sessions()[-540:]
    with translation.override("en"):
        charts = pain_charts(sessions, sessions[0].day, sessions[-1].day)
    assert [c.key for c in charts] == ["pain-sessions", "pain-weeks"]
    monthly = charts[1]
    assert monthly.title == "Pain, month by month" and monthly.table is not None
    assert len(monthly.table.rows) == 18  # June 2025 to November 2026
    assert monthly.table.rows[0][0] == "June 2025" and monthly.table.rows[-1][0] == "November 2026"
    assert "The monthly average went from" in monthly.summary
    # The recent chart still shows each session of the last twelve weeks.
    assert charts[0].table is not None and len(charts[0].table.rows) == 84


def test_a_long_series_of_sittings_shows_the_first_and_the_latest_of_each_period() -> None:
    test = HomeTest(pk=1, slug="hold", name="A hold", order=1, unit="seconds", better="higher", norms=[])
    end = datetime(2026, 11, 30, 9, tzinfo=UTC)
    sittings = [
        Assessment(pk=n, kind="baseline" if n == 1 else "check", taken_at=end - timedelta(weeks=520 - n))
        for n in range(1, 521)
    ]
    results = {s.pk: [TestResult(assessment=s, test=test, side="", value=float(s.pk))] for s in sittings}
    days = {s.pk: s.taken_at.date() for s in sittings}
    with translation.override("en"):
        [trend] = trends_for(sittings, results, days, units="cm", sex="", age=None)
    table = trend.chart.table
    assert table is not None
    assert len(table.rows) <= MOST_READINGS + 1
    assert table.caption == (
        f"A hold: {len(table.rows)} of 520 sittings, the first and the latest of each quarter"
    )
    assert table.rows[0][1] == "1 s"  # the first sitting
    assert table.rows[-1][1] == "520 s"  # the latest
    # The comparison still uses every reading: the latest against the baseline.
    assert trend.sides[0].reference is not None and trend.sides[0].reference.value == 1.0
    assert len(trend.sides[0].readings) == 520
    # MOST_READINGS sittings or fewer are all shown.
    with translation.override("en"):
        [short] = trends_for(sittings[-MOST_READINGS:], results, days, units="cm", sex="", age=None)
    assert short.chart.table is not None and len(short.chart.table.rows) == MOST_READINGS
    assert short.chart.table.caption == "A hold: every result"


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen", "pages_made_afresh")
def test_the_progress_page_stays_the_same_size_with_years_more_data(client_of: Client, trainee: Any) -> None:
    from tests.assessment_data import sitting
    from tests.progress_data import BASELINE

    def page() -> tuple[int, list[int]]:
        html = client_of.get("/progress/").content.decode()
        tables = re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S)
        return len(html), [t.count("<tr>") for t in tables]

    daily_sessions(trainee, 400, NOW - timedelta(hours=2))
    for days_ago in range(3, 400, 7):
        sitting(trainee, kind="check", days_ago=days_ago, results=BASELINE)
    one_year_size, one_year_rows = page()

    oldest = NOW - timedelta(hours=2) - timedelta(days=400)
    daily_sessions(trainee, 1500, oldest)
    for days_ago in range(403, 1900, 28):
        sitting(trainee, kind="check", days_ago=days_ago, results=BASELINE)
    five_years_size, five_years_rows = page()

    assert len(five_years_rows) == len(one_year_rows)
    assert max(five_years_rows) <= max(LONG_POINTS, MOST_READINGS + 1, 7 * 12)
    assert sum(five_years_rows) <= sum(one_year_rows) * 1.1
    assert five_years_size <= one_year_size * 1.1
