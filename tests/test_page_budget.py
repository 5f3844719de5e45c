"""Every signed-in page reads the database a few times at most (the session and the user included),
the same number of times with a short history and a long one, and never writes on a GET."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from spinewise.programs.access import grant
from spinewise.programs.services import current_enrolment, local_today, plan_for
from spinewise.programs.workouts import record_pain_now
from spinewise.training.models import Routine
from spinewise.web import pagecache
from tests.assessment_data import sitting
from tests.programs_helpers import NOW, TODAY, done_session, enrolled, program
from tests.progress_data import BASELINE, daily_sessions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

BUDGET = 6
KEPT_QUERIES = 2
WRITES = ("INSERT", "UPDATE", "DELETE")


def pages(user: Any) -> dict[str, str]:
    enrolment = current_enrolment(user)
    assert enrolment is not None
    upcoming = plan_for(enrolment, local_today(user)).next_workout
    assert upcoming is not None
    session = done_session(user, at=NOW - timedelta(hours=3))
    from spinewise.assessments.models import Assessment

    first, *_, last = Assessment.objects.filter(user=user).order_by("taken_at")
    return {
        "today": "/",
        "profile": "/profile/",
        "account": "/account/",
        "routines": "/routines/",
        "routine": "/routines/morning-release/",
        "library": "/exercises/",
        "exercise": "/exercises/cat-cow/",
        "relief": "/relief/",
        "relief-planned": "/relief/?minutes=9&state=stiff",
        "history": "/history/",
        "session": f"/history/{session.pk}/",
        "progress": "/progress/",
        "reports": "/progress/reports/",
        "report": f"/progress/reports/{first.pk}/{last.pk}/",
        "programs": "/programs/",
        "program": "/programs/six-week-lower-back/",
        "current": "/programs/current/",
        "workout": f"/programs/current/workouts/{upcoming.number}/",
        "player": f"/programs/current/workouts/{upcoming.number}/play/",
        "tests": "/tests/",
        "screening-result": "/screening/result/",
    }


def _queries(client: Client, name: str, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (name, response.status_code, response.content[:300])
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if s.lstrip().upper().startswith(WRITES)], (name, sql)
    assert "sessionid" not in response.cookies, name  # the session is not saved on a GET
    return len(sql)


def measure(client: Client, urls: dict[str, str]) -> dict[str, int]:
    """Each page made afresh (not a kept whole page), after a first visit built what is cached
    (charts, content-derived fragments); a kept page (web.pagecache) then reads only what it is kept by."""
    counts = {}
    for name, url in urls.items():
        client.get(url)
        pagecache.pages.clear()
        counts[name] = _queries(client, name, url)
        if resolve(url.split("?")[0]).view_name in pagecache.KEPT:
            # The session, then the user with their data stamp and the content version: nothing else.
            assert _queries(client, name, url) == KEPT_QUERIES, name
    return counts


def test_every_signed_in_page_keeps_its_few_queries_as_the_history_grows(
    client_of: Client, trainee: Any
) -> None:
    grant(trainee, program())
    enrolled(trainee, start=TODAY - timedelta(days=14))
    for routine in Routine.objects.all()[:3]:
        client_of.post(f"/routines/{routine.slug}/favourite/")
    sitting(trainee, kind="baseline", days_ago=30, results=BASELINE)
    sitting(trainee, kind="check", days_ago=2, results=BASELINE)
    record_pain_now(trainee, 3)
    urls = pages(trainee)

    small = measure(client_of, urls)

    # Two years of daily sessions and a check-in sitting every week.
    oldest = NOW - timedelta(days=31)
    daily_sessions(trainee, 700, oldest)
    for days_ago in range(35, 735, 7):
        sitting(trainee, kind="check", days_ago=days_ago, results=BASELINE)
    large = measure(client_of, urls)

    assert large == small
    over = {name: count for name, count in small.items() if count > BUDGET}
    assert not over, small


def test_the_report_chooser_lists_program_sittings_and_the_latest_check_ins(
    client_of: Client, trainee: Any, django_assert_max_num_queries: Any
) -> None:
    from spinewise.progress.services import CHOOSER_CHECKS

    baseline = sitting(trainee, kind="baseline", days_ago=800, results=BASELINE)
    for days_ago in range(7, 7 * (CHOOSER_CHECKS + 20), 7):
        sitting(trainee, kind="check", days_ago=days_ago, results=BASELINE)
    client_of.get("/progress/reports/")

    with django_assert_max_num_queries(BUDGET):
        html = client_of.get("/progress/reports/").content.decode()

    # Two selects, each with the baseline and the latest check-ins.
    assert html.count("<option") == 2 * (CHOOSER_CHECKS + 1)
    assert html.count(f'value="{baseline.pk}"') == 2
    # An older check-in, not listed, may still be compared (a bookmarked choice).
    from spinewise.assessments.models import Assessment

    oldest_check = Assessment.objects.filter(user=trainee, kind="check").order_by("taken_at").first()
    assert oldest_check is not None
    response = client_of.get(f"/progress/reports/?before={baseline.pk}&after={oldest_check.pk}")
    assert response.status_code == 302
    assert response.url == f"/progress/reports/{baseline.pk}/{oldest_check.pk}/"
