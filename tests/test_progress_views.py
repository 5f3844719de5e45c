"""The progress dashboard and report pages: who may see what, and what the dashboard shows."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from spinewise.programs.models import Access
from spinewise.progress.pain import weekly
from spinewise.progress.services import person_of, sessions_of
from tests.assessment_data import sitting
from tests.programs_helpers import done_session, enrolled, program, signed_in
from tests.progress_data import BASELINE, BETTER, baseline_and_retest, set_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def page(client: Client, url: str = "/progress/") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def marks(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-date="([\d-]+)" data-mark="([a-z]+)"', html))


# ---------------------------------------------------------------------- who may


def test_it_asks_anonymous_people_to_log_in(client: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    for url in (
        "/progress/",
        "/progress/reports/",
        f"/progress/reports/{before.pk}/{after.pk}/",
        f"/progress/reports/{before.pk}/{after.pk}/pdf/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_nobody_sees_someone_elses_report(trainee: Any, stranger: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    theirs = sitting(stranger, kind="baseline", pain_now=3)
    client = signed_in(stranger)
    for url in (
        f"/progress/reports/{before.pk}/{after.pk}/",
        f"/progress/reports/{before.pk}/{after.pk}/pdf/",
        f"/progress/reports/{theirs.pk}/{after.pk}/",
        f"/progress/reports/{after.pk}/{theirs.pk}/pdf/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.get("/progress/reports/", {"before": before.pk, "after": theirs.pk})
    assert response.status_code == 400
    assert signed_in(trainee).get(f"/progress/reports/{before.pk}/{after.pk}/").status_code == 200


def test_the_same_sitting_twice_is_not_a_report(client_of: Client, trainee: Any) -> None:
    before, _ = baseline_and_retest(trainee, BETTER)
    assert client_of.get(f"/progress/reports/{before.pk}/{before.pk}/").status_code == 404


def test_each_person_sees_only_their_own_dashboard(trainee: Any, stranger: Any) -> None:
    baseline_and_retest(trainee, BETTER)
    done_session(trainee, at=datetime(2026, 11, 24, 8, tzinfo=UTC))
    html = page(signed_in(stranger))
    assert 'data-testid="no-tests"' in html and 'data-testid="no-pain"' in html
    assert 'data-testid="trend-' not in html and 'data-testid="report-link"' not in html


# ---------------------------------------------------------------------- the dashboard


def test_an_empty_dashboard_points_to_the_baseline_tests(client_of: Client) -> None:
    html = page(client_of)
    assert 'data-testid="no-tests"' in html and 'data-testid="no-pain"' in html
    assert 'href="/tests/?kind=baseline" data-testid="take-due-tests"' in html
    assert 'href="/tests/" data-testid="take-tests"' in html


def test_the_calendar_shows_done_partial_and_missed_workouts_with_the_streak(
    client_of: Client, trainee: Any
) -> None:
    start = date(2026, 11, 9)  # a Monday: workouts on Mondays, Wednesdays and Fridays
    enrolment = enrolled(trainee, start=start)
    Access.objects.create(user=trainee, program=program())
    for number, day, status in (
        (1, 9, "complete"),
        (2, 11, "partial"),
        (4, 16, "complete"),
        (5, 18, "complete"),
        (7, 23, "complete"),
    ):
        done_session(trainee, enrolment, number, at=datetime(2026, 11, day, 8, tzinfo=UTC), status=status)
    html = page(client_of)
    days = marks(html)
    assert days["2026-11-09"] == "done"
    assert days["2026-11-11"] == "partial"
    assert days["2026-11-13"] == "missed"
    assert days["2026-11-20"] == "missed"
    assert days["2026-11-25"] == "due"
    assert days["2026-11-27"] == "ahead"
    assert "Workout 3: missed" in html and "Workout 2: partly done" in html
    assert 'data-testid="month-2026-11"' in html and 'data-testid="month-2026-12"' in html
    summary = re.search(r'data-testid="adherence-summary">(.*?)</p>', html, re.S)
    assert summary
    assert re.sub(r"<[^>]+>|\s+", " ", summary.group(1)).split(":")[1].split() == (
        [
            "of",
            "the",
            "7",
            "workouts",
            "whose",
            "day",
            "has",
            "come,",
            "4",
            "done,",
            "1",
            "partly",
            "done",
            "and",
            "2",
            "missed.",
        ]
    )
    assert "Streak: 1 in a row" in html and "Best: 2" in html


def test_without_a_program_the_calendar_shows_the_days_trained(client_of: Client, trainee: Any) -> None:
    done_session(trainee, at=datetime(2026, 11, 2, 8, tzinfo=UTC))
    done_session(trainee, at=datetime(2026, 10, 20, 8, tzinfo=UTC), status="partial")
    done_session(trainee, at=datetime(2026, 8, 1, 8, tzinfo=UTC))  # before the two months shown
    html = page(client_of)
    assert marks(html) == {"2026-11-02": "done", "2026-10-20": "partial"}
    assert 'data-testid="month-2026-10"' in html and 'data-testid="month-2026-11"' in html
    assert "missed" not in marks(html).values()
    assert "Streak" not in html


def test_the_program_asks_for_its_middle_tests_when_their_day_has_come(
    client_of: Client, trainee: Any
) -> None:
    enrolled(trainee, start=date(2026, 10, 26))  # workout 10, the middle tests, fell on 16 November
    Access.objects.create(user=trainee, program=program())
    sitting(trainee, kind="baseline", days_ago=30, results=BASELINE)
    html = page(client_of)
    assert 'href="/tests/?kind=middle" data-testid="take-due-tests"' in html
    sitting(trainee, kind="middle", days_ago=2, results=BETTER)
    assert 'data-testid="take-due-tests"' not in page(client_of)


def test_pain_is_charted_before_and_after_each_session_in_the_persons_time_zone(
    client_of: Client, trainee: Any
) -> None:
    set_profile(trainee, time_zone="America/New_York")
    # Monday 23 November 03:30 UTC is still Sunday evening in New York: last week's session.
    done_session(trainee, at=datetime(2026, 11, 23, 3, 30, tzinfo=UTC), before=6, after=4)
    done_session(trainee, at=datetime(2026, 11, 24, 13, 0, tzinfo=UTC), before=2, after=1)
    html = page(client_of)
    chart = re.search(r'data-testid="chart-pain-sessions">.*?</figure>', html, re.S)
    assert chart
    assert "Sun 22 Nov 2026 22:30" in chart.group(0)
    assert "from 5 in the week of 16 November 2026 to 1.5 in the week of 23 November 2026" in chart.group(0)
    assert "Weekly average" in chart.group(0)
    pains, _ = sessions_of(trainee, person_of(trainee))
    assert [(w.start, w.overall) for w in weekly(pains)] == [
        (date(2026, 11, 16), 5.0),
        (date(2026, 11, 23), 1.5),
    ]


def test_a_long_history_adds_a_week_by_week_chart(client_of: Client, trainee: Any) -> None:
    for weeks_ago in (30, 20, 1):
        done_session(trainee, at=datetime(2026, 11, 24, 8, tzinfo=UTC) - timedelta(weeks=weeks_ago))
    html = page(client_of)
    assert 'data-testid="chart-pain-sessions"' in html and 'data-testid="chart-pain-weeks"' in html
    assert "Pain, the last 12 weeks, session by session" in html


def test_each_test_is_charted_against_the_baseline_with_its_verdict(client_of: Client, trainee: Any) -> None:
    baseline_and_retest(trainee, BETTER)
    html = page(client_of)
    for slug in ("fingertip-to-floor", "side-bridge-hold", "trunk-extensor-endurance"):
        trend = re.search(rf'data-testid="trend-{slug}">.*?</article>', html, re.S)
        assert trend, slug
        assert 'role="img"' in trend.group(0) and "Baseline" in trend.group(0)
        assert "Real improvement" in trend.group(0), slug
    flexor = re.search(r'data-testid="trend-trunk-flexor-endurance">.*?</article>', html, re.S)
    assert flexor and "Cannot tell" in flexor.group(0)
    assert "Published average" not in html  # no sex and birth year: no norm
    assert 'data-testid="norms-need-profile"' in html


def test_the_norm_band_appears_only_with_sex_and_birth_year(client_of: Client, trainee: Any) -> None:
    # Bohannon's published average for 60-69 year olds: 11.4 s (no SD is given, so a line, not a band).
    set_profile(trainee, sex="female", birth_year=1960)
    baseline_and_retest(trainee, BETTER)
    html = page(client_of)
    trend = re.search(r'data-testid="trend-five-times-sit-to-stand">.*?</article>', html, re.S)
    assert trend
    assert "Published average" in trend.group(0)
    assert "Better than the published average" in trend.group(0)
    assert "11.4 s" in trend.group(0)
    assert 'data-testid="norms-need-profile"' not in html
    set_profile(trainee, birth_year=None)
    assert "Published average" not in page(client_of)


def test_the_imbalance_flags_of_the_latest_holds_are_shown(client_of: Client, trainee: Any) -> None:
    sitting(trainee, kind="baseline", results=BASELINE)
    html = page(client_of)
    for key in ("flexor-extensor", "side-to-side", "side-bridge-extensor"):
        assert f'data-testid="flag-{key}"' in html, key


def test_the_dashboard_links_to_its_reports(client_of: Client, trainee: Any) -> None:
    before, after = baseline_and_retest(trainee, BETTER)
    html = page(client_of)
    assert f'href="/progress/reports/{before.pk}/{after.pk}/" data-testid="report-link"' in html


def test_the_dashboard_draws_no_script_and_fetches_nothing(client_of: Client, trainee: Any) -> None:
    baseline_and_retest(trainee, BETTER)
    done_session(trainee, at=datetime(2026, 11, 24, 8, tzinfo=UTC))
    html = page(client_of)
    main = html[html.index('<main id="main">') :]
    assert "<script" not in main
    assert "kozea.github.io" not in html and "pygal.js" not in html
    assert not re.search(r'(?:src|href)="https?://', main)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
