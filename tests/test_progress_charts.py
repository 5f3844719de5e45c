"""The pure parts of the progress pages: month grids, weekly pain, trends against a norm band, chart markup."""

from __future__ import annotations

from datetime import UTC, date, datetime

from spinewise.assessments.models import Assessment, HomeTest, TestResult
from spinewise.progress.calendar import DayMark, Mark, grid, tally
from spinewise.progress.charts import Kind, Line, line_chart
from spinewise.progress.pain import SessionPain, pain_charts, weekly
from spinewise.progress.trends import trends_for


def test_a_month_grid_starts_on_monday_and_pads_outside_days() -> None:
    marks = {date(2026, 11, 9): [DayMark(Mark.DONE, "Workout 1")]}
    months = grid(marks, date(2026, 11, 9), date(2026, 12, 4), today=date(2026, 11, 25))
    assert [m.title for m in months] == ["November 2026", "December 2026"]
    november = months[0]
    assert november.weeks[0][:6] == [None] * 6 and november.weeks[0][6] is not None  # 1 November is a Sunday
    days = {d.day: d for week in november.weeks for d in week if d is not None}
    assert days[date(2026, 11, 9)].mark == Mark.DONE
    assert days[date(2026, 11, 25)].today and days[date(2026, 11, 25)].mark is None
    assert days[date(2026, 11, 9)].marks[0].words == "Workout 1: done"


def test_the_best_mark_of_a_day_heads_it_and_the_tally_counts_each() -> None:
    both = [DayMark(Mark.PARTIAL, "Session"), DayMark(Mark.DONE, "Session")]
    [month] = grid({date(2026, 11, 2): both}, date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30))
    day = next(d for week in month.weeks for d in week if d is not None and d.day == date(2026, 11, 2))
    assert day.mark == Mark.DONE
    counted = tally([*both, DayMark(Mark.MISSED, "Workout 3"), DayMark(Mark.AHEAD, "Workout 4")])
    assert (counted.done, counted.partial, counted.missed, counted.due_so_far) == (1, 1, 1, 3)


def test_weekly_pain_averages_every_rating_of_the_week() -> None:
    sessions = [
        SessionPain(datetime(2026, 11, 16, 8), 6, 4),  # Monday
        SessionPain(datetime(2026, 11, 22, 22), 4, None),  # Sunday night, same week
        SessionPain(datetime(2026, 11, 23, 8), None, None),  # no rating: left out
        SessionPain(datetime(2026, 11, 24, 8), 2, 1),
    ]
    weeks = weekly(sessions)
    assert [(w.start, w.before, w.after, w.overall, w.sessions) for w in weeks] == [
        (date(2026, 11, 16), 5.0, 4.0, 14 / 3, 2),
        (date(2026, 11, 23), 2.0, 1.0, 1.5, 1),
    ]


def test_a_short_period_is_charted_session_by_session_a_long_one_also_week_by_week() -> None:
    sessions = [SessionPain(datetime(2026, 11, d, 8), 5, 3) for d in (2, 9, 16)]
    assert [c.key for c in pain_charts(sessions, date(2026, 11, 1), date(2026, 11, 25))] == ["pain-sessions"]
    old = [SessionPain(datetime(2025, 3, 3, 8), 7, 6), *sessions]
    assert [c.key for c in pain_charts(old, date(2025, 3, 1), date(2026, 11, 25))] == [
        "pain-sessions",
        "pain-weeks",
    ]
    assert (
        pain_charts(
            [SessionPain(datetime(2026, 11, 2, 8), None, None)], date(2026, 11, 1), date(2026, 11, 25)
        )
        == []
    )


def test_a_published_band_with_an_sd_is_drawn_as_the_usual_range() -> None:
    test = HomeTest(
        pk=1,
        slug="made-up-hold",
        name="Made-up hold",
        order=1,
        unit="seconds",
        better="higher",
        norms=[
            {
                "sex": "female",
                "age_min": 20,
                "age_max": 40,
                "mean": 100,
                "sd": 20,
                "n": 30,
                "source": "A test.",
            }
        ],
        measurement_error={"value": 5, "kind": "MDC95", "source": "A test."},
    )
    first = Assessment(pk=1, kind="baseline", taken_at=datetime(2026, 9, 1, tzinfo=UTC))
    second = Assessment(pk=2, kind="end", taken_at=datetime(2026, 11, 1, tzinfo=UTC))
    results = {
        1: [TestResult(assessment=first, test=test, side="", value=70)],
        2: [TestResult(assessment=second, test=test, side="", value=90)],
    }
    days = {1: date(2026, 9, 1), 2: date(2026, 11, 1)}
    [trend] = trends_for([first, second], results, days, units="cm", sex="female", age=30)
    side = trend.sides[0]
    assert side.change is not None and side.change.verdict == "improved"
    assert side.norm is not None and side.norm_words == "Within the usual range"
    assert [k.label for k in trend.chart.legend] == [
        "Your result",
        "Baseline",
        "Usual range, low",
        "Usual range, high",
    ]
    assert "usual range (80 s to 120 s)" in trend.chart.summary
    [no_norm] = trends_for([first, second], results, days, units="cm", sex="", age=30)
    assert no_norm.band is None and "Add your sex and birth year" in no_norm.norm_note


def test_chart_markup_is_escaped_accessible_and_script_free() -> None:
    chart = line_chart(
        "x",
        "Pain <b>& stiffness</b>",
        [Line("<script>alert(1)</script>", [(date(2026, 11, 1), 3), (date(2026, 11, 8), 2)], Kind.DATA)],
        y_title="0-10",
        summary='Summary with "quotes" & <tags>',
        table=None,
    )
    svg = str(chart.svg)
    assert "<script" not in svg and "&lt;b&gt;&amp; stiffness&lt;/b&gt;" in svg
    assert 'role="img"' in svg and 'aria-labelledby="' in svg
    assert 'Summary with "quotes" &amp; &lt;tags&gt;</desc>' in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "stroke-width:3" in svg  # our line widths win over pygal's 1 px


def test_a_single_date_shows_its_values_and_waits_for_a_second_to_draw_a_line() -> None:
    day = date(2026, 11, 1)
    chart = line_chart(
        "one",
        "Side <bridge>",
        [
            Line("Your result", [(day, 42.5)], Kind.DATA),
            Line("Baseline", [(day, 42.5)], Kind.REFERENCE),
            Line("Published average", [(day, 60)], Kind.NORM),
        ],
        y_title="seconds",
        summary="One sitting.",
        table=None,
    )
    html = str(chart.svg)
    assert "<svg" not in html and 'data-testid="chart-single"' in html
    assert "Side &lt;bridge&gt;</strong>, 1 November 2026" in html
    assert "<span>Your result</span> <strong>42.5</strong>" in html and "<strong>60</strong>" in html
    assert "draws its line once there is a second" in html
    two = line_chart(
        "two",
        "Side bridge",
        [Line("Your result", [(day, 42.5), (date(2026, 11, 8), 50)], Kind.DATA)],
        y_title="seconds",
        summary="Two sittings.",
        table=None,
    )
    assert "<svg" in str(two.svg) and "chart-single" not in str(two.svg)
