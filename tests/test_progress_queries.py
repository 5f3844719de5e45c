"""The progress pages do a fixed number of queries, whatever the length of the history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spinewise.accounts.stamps import touch
from spinewise.programs.models import Access, ProgramSession
from spinewise.training.models import Session
from tests.assessment_data import sitting
from tests.programs_helpers import NOW, enrolled, program
from tests.progress_data import (
    ABOUT_THE_SAME,
    BASELINE,
    BETTER,
    baseline_and_retest,
    daily_sessions,
    set_profile,
)

# What a page costs and shows when it is made (kept whole pages: tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "pages_made_afresh")]

# Session (1), the user with the profile and the content version (1), the enrolment with its
# access, pauses, workout sessions and last dose week (1), a summary of the sessions (1), pain
# ratings (1), a summary of the sittings (1), the sittings with their results (1; the home tests are
# content, read once per content version). Movement breaks taken, per week (1). The charts drawn
# are kept under the person's progress stamp, read with the user, which only a write to their
# sessions or sittings changes: a repeat visit, or one after any other write of theirs, reads
# neither summary nor the rows (DASHBOARD_WARM). After a write to those rows that changes nothing
# drawn, the two summaries find the same charts (DASHBOARD_AFTER_A_DATA_WRITE); a new data point
# has them drawn again.
DASHBOARD_QUERIES = 8
DASHBOARD_WARM = 4
DASHBOARD_AFTER_A_DATA_WRITE = 6
# Session (1), the user with the profile and the content version (1), the sittings with their
# results (1), the ratings (1), sessions between (1).
REPORT_QUERIES = 5
# Session and user with the profile (2), the program sittings and latest check-ins (1).
CHOOSER_QUERIES = 3


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:400])
    return len(queries.captured_queries)


def urls(before: Any, after: Any) -> list[str]:
    return [
        "/progress/",
        "/progress/reports/",
        f"/progress/reports/{before.pk}/{after.pk}/",
        f"/progress/reports/{before.pk}/{after.pk}/pdf/",
    ]


def two_years(user: Any, enrolment: Any) -> None:
    """Daily sessions for two years, program workouts among them, and a sitting every quarter."""
    sessions = daily_sessions(user, 730, NOW - timedelta(hours=2))
    links = [
        s
        for s in sessions
        if s.started_at.date() >= date(2026, 10, 19) and s.started_at.weekday() in (0, 2, 4)
    ]
    ProgramSession.objects.bulk_create(
        ProgramSession(session=s, enrolment=enrolment, number=n, dose_week=1, decision="progress")
        for n, s in enumerate(sorted(links, key=lambda s: s.started_at), start=1)
    )
    for quarter in range(8, 0, -1):
        sitting(user, kind="check", days_ago=quarter * 91, results=ABOUT_THE_SAME, pain_now=4, stiffness=5)


def test_the_pages_cost_the_same_with_two_years_of_daily_sessions(client_of: Client, trainee: Any) -> None:
    set_profile(trainee, sex="male", birth_year=1962, time_zone="Europe/Berlin")
    enrolment = enrolled(trainee, start=date(2026, 10, 19))
    Access.objects.create(user=trainee, program=program())
    before, after = baseline_and_retest(trainee, BETTER)
    client_of.get(urls(before, after)[2])  # what is built once per content version (the home tests)
    small = [count(client_of, url) for url in urls(before, after)]

    two_years(trainee, enrolment)
    sitting(trainee, kind="end", results=BASELINE, pain_now=2)
    assert Session.objects.filter(user=trainee).count() == 730
    large = [count(client_of, url) for url in urls(before, after)]

    assert large == small
    assert small == [DASHBOARD_QUERIES, CHOOSER_QUERIES, REPORT_QUERIES, REPORT_QUERIES], small
    assert count(client_of, "/progress/") == DASHBOARD_WARM
    touch([trainee.pk], progress=False)  # as a write of theirs that is not a session or sitting does
    assert count(client_of, "/progress/") == DASHBOARD_WARM
    touch([trainee.pk])  # as a write to their sessions or sittings does
    assert count(client_of, "/progress/") == DASHBOARD_AFTER_A_DATA_WRITE
    assert count(client_of, "/progress/") == DASHBOARD_WARM
