"""Pages that do not grow with the data: history and progress cost the same at 10 and 1,000 sessions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spinewise.accounts.stamps import touch
from spinewise.training.history import PER_PAGE
from spinewise.training.models import Session
from tests.assessment_data import sitting
from tests.programs_helpers import NOW
from tests.progress_data import BASELINE, daily_sessions

# What a page costs and shows when it is made (kept whole pages: tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "pages_made_afresh")]


def captured(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return [q["sql"] for q in queries.captured_queries]


def grow_to(user: Any, total: int) -> None:
    have = Session.objects.filter(user=user).count()
    oldest = Session.objects.filter(user=user).order_by("started_at").first()
    end = oldest.started_at - timedelta(days=1) if oldest else NOW - timedelta(hours=1)
    daily_sessions(user, total - have, end)


def cold_and_warm(client: Client, url: str) -> tuple[int, int]:
    """Queries with nothing cached (charts to draw), then on the next visit."""
    cache.clear()
    return len(captured(client, url)), len(captured(client, url))


@pytest.mark.parametrize("url", ["/history/", "/progress/"])
def test_the_page_costs_the_same_queries_at_10_and_1000_sessions(
    client_of: Client, trainee: Any, url: str
) -> None:
    grow_to(trainee, 10)
    sitting(trainee, kind="baseline", days_ago=30, results=BASELINE)
    client_of.get(url)  # a first visit makes the person's profile
    small = cold_and_warm(client_of, url)
    grow_to(trainee, 1000)
    for days_ago in range(7, 700, 7):
        sitting(trainee, kind="check", days_ago=days_ago, results=BASELINE)
    assert cold_and_warm(client_of, url) == small
    if url == "/progress/":
        assert small[1] < small[0]  # once drawn, charts and trends come from the cache


def test_history_is_paginated_newest_first(client_of: Client, trainee: Any) -> None:
    grow_to(trainee, PER_PAGE * 2 + 5)
    first = client_of.get("/history/")
    assert len(first.context["sessions"]) == PER_PAGE
    html = first.content.decode()
    assert f"{PER_PAGE * 2 + 5} sessions" in html and 'href="?page=2"' in html
    newest = Session.objects.filter(user=trainee).order_by("-started_at").first()
    assert newest is not None and f"/history/{newest.pk}/" in html

    last = client_of.get("/history/?page=3")
    assert len(last.context["sessions"]) == 5
    oldest = Session.objects.filter(user=trainee).order_by("started_at").first()
    assert oldest is not None and f"/history/{oldest.pk}/" in last.content.decode()
    # Past the end or not a number: the last page and the first, never an error.
    assert client_of.get("/history/?page=99").context["page"].number == 3
    assert client_of.get("/history/?page=x").context["page"].number == 1


def test_a_warm_dashboard_does_not_read_the_whole_history(client_of: Client, trainee: Any) -> None:
    grow_to(trainee, 400)
    client_of.get("/progress/")  # makes the profile
    client_of.get("/progress/")  # draws the charts, kept under the data stamp

    def sessions_read() -> list[str]:
        return [sql for sql in captured(client_of, "/progress/") if 'FROM "training_session"' in sql]

    # Nothing written since: the calendar's two months only.
    [calendar] = sessions_read()
    assert '"started_at" >=' in calendar
    # After a write that is not a session or a sitting (a break, a profile change): the same.
    touch([trainee.pk], progress=False)
    [calendar] = sessions_read()
    # After a write to their sessions that adds none: the summary (an aggregate) finds the same
    # charts, and the calendar; no unbounded read of every session.
    touch([trainee.pk])
    selects = sessions_read()
    assert len(selects) == 2
    assert any("SUM(" in sql and "COUNT(" in sql for sql in selects)
    assert any('"started_at" >=' in sql for sql in selects)


def test_the_charts_are_drawn_again_for_a_new_session_or_an_edited_rating(
    client_of: Client, trainee: Any
) -> None:
    grow_to(trainee, 20)
    summary = client_of.get("/progress/").context["d"].pain[0].summary
    assert "20 sessions" in summary

    client_of.get("/progress/")  # kept under the data stamp from now on
    daily_sessions(trainee, 1, NOW - timedelta(minutes=5))
    touch([trainee.pk])  # a bulk insert sends no signal; the app's own writes move the stamp
    assert "21 sessions" in client_of.get("/progress/").context["d"].pain[0].summary

    latest = Session.objects.filter(user=trainee).order_by("-started_at", "-pk").first()
    assert latest is not None
    before = client_of.get("/progress/").context["d"].pain[0].table.rows[-1]
    latest.pain_after = 9 if latest.pain_after != 9 else 1
    latest.save(update_fields=["pain_after"])  # moves the stamp (a signal); the summary then differs
    after = client_of.get("/progress/").context["d"].pain[0].table.rows[-1]
    assert after != before


def test_a_new_sitting_or_an_edited_result_is_on_the_next_visit(client_of: Client, trainee: Any) -> None:
    from spinewise.assessments.models import TestResult
    from tests.progress_data import BETTER

    sitting(trainee, kind="baseline", days_ago=30, results=BASELINE)
    client_of.get("/progress/")  # makes the profile: kept under the data stamp from now on
    first = client_of.get("/progress/").context["d"]
    new = sitting(trainee, kind="check", days_ago=0, results=BETTER)

    second = client_of.get("/progress/").context["d"]
    assert second.latest_sitting.pk == new.pk != first.latest_sitting.pk
    assert second.trends[0].chart.html != first.trends[0].chart.html

    TestResult.objects.filter(assessment=new).update(value=1.0)
    touch([trainee.pk])  # an update sends no signal; the app's own writes move the stamp
    third = client_of.get("/progress/").context["d"]
    assert third.trends[0].chart.html != second.trends[0].chart.html


def test_the_progress_stamp_moves_with_sessions_and_sittings_only(trainee: Any) -> None:
    from spinewise.accounts.models import Profile
    from spinewise.accounts.services import profile_for

    profile_for(trainee)

    def stamps() -> tuple[str, str]:
        row = Profile.objects.get(user=trainee)
        return row.data_stamp, row.progress_stamp

    data, progress = stamps()
    profile = Profile.objects.get(user=trainee)
    profile.reminder_time = None
    profile.save()  # a profile change: the data stamp only
    assert stamps()[0] != data and stamps()[1] == progress
    data, progress = stamps()
    touch([trainee.pk], progress=False)
    assert stamps()[0] != data and stamps()[1] == progress
    daily_sessions(trainee, 1, NOW - timedelta(hours=1))  # a bulk insert: no signal, no change
    assert stamps()[1] == progress
    session = Session.objects.filter(user=trainee).get()
    session.pain_after = 1
    session.save()  # a session saved: both
    assert stamps()[1] != progress
    progress = stamps()[1]
    sitting(trainee, kind="check", days_ago=0, results=BASELINE)  # a sitting recorded: both
    assert stamps()[1] != progress
